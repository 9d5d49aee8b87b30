"""The supervision pages through the test client: record a visit with findings (rows kept on
error), make a task, respond with evidence, send back and verify; Excel and Word opened back."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from openpyxl import load_workbook

from jianfu.core.models import AuditEvent
from jianfu.supervision.models import RectificationTask, TaskStatus, Visit

PDF = b"%PDF-1.4\n%%EOF\n"
pytestmark = pytest.mark.django_db


def test_record_a_visit_with_findings_and_keep_rows_on_error(client, users, groups, units):
    client.force_login(users["inspector"])
    page = client.get("/supervision/visits/new/")
    assert page.status_code == 200
    data = {
        "group": groups["first"].pk,
        "unit": units["ny"].pk,
        "date": "",
        "checked": "发文报备情况",
        "members_present": [users["inspector"].pk],
        "finding_text": ["问题甲=SUM(1)", "问题乙"],
        "finding_severity": ["severe", "minor"],
    }
    refused = client.post("/supervision/visits/new/", data)
    body = refused.content.decode()
    assert refused.status_code == 200 and "请填写督导日期" in body
    assert "问题甲=SUM(1)" in body and "问题乙" in body  # nothing typed is lost
    assert not Visit.objects.exists()
    data["date"] = dt.date.today().isoformat()
    done = client.post("/supervision/visits/new/", data)
    visit = Visit.objects.get()
    assert done.status_code == 302 and done["Location"] == f"/supervision/visits/{visit.pk}/"
    assert [(f.text, f.severity) for f in visit.findings.all()] == [
        ("问题甲=SUM(1)", "severe"),
        ("问题乙", "minor"),
    ]


def test_a_unit_outside_the_group_is_refused_next_to_the_field(client, users, groups, units):
    client.force_login(users["inspector"])
    response = client.post(
        "/supervision/visits/new/",
        {"group": groups["first"].pk, "unit": units["jy"].pk, "date": "2025-01-02", "checked": "x"},
    )
    assert response.status_code == 200 and not Visit.objects.exists()
    assert 'data-testid="error-unit"' in response.content.decode()


def test_task_response_verification_and_documents(client, users, visit_ny):
    finding = visit_ny.findings.first()
    client.force_login(users["inspector"])
    deadline = dt.date.today() + dt.timedelta(days=7)
    made = client.post(
        f"/supervision/findings/{finding.pk}/task/",
        {
            "deadline": deadline.isoformat(),
            "responsible_user": users["leader_ny"].pk,
            "requirement": "补办报备手续",
            "title": "",
        },
    )
    task = RectificationTask.objects.get()
    assert made.status_code == 302 and task.title == finding.text and task.deadline == deadline

    notice = client.get(f"/supervision/tasks/{task.pk}/notice/")
    assert notice["Content-Type"].endswith("wordprocessingml.document")
    text = "\n".join(p.text for p in Document(io.BytesIO(notice.content)).paragraphs)
    assert "限期整改通知书" in text and "县农业农村局：" in text and finding.text in text
    assert f"{deadline.year}年{deadline.month}月{deadline.day}日前" in text

    client.force_login(users["clerk_ny"])
    bad = client.post(
        f"/supervision/tasks/{task.pk}/respond/",
        {"text": "已整改", "files": SimpleUploadedFile("x.pdf", b"MZ\x90")},
    )
    assert bad.status_code == 400 and "不是允许的文件类型" in bad.content.decode()
    ok = client.post(
        f"/supervision/tasks/{task.pk}/respond/",
        {"text": "已补办", "files": SimpleUploadedFile("报备单.pdf", PDF)},
    )
    assert ok.status_code == 302
    evidence = task.responses.get().evidence.get()
    download = client.get(f"/supervision/evidence/{evidence.pk}/")
    assert download.content == PDF and "attachment" in download["Content-Disposition"]

    client.force_login(users["inspector"])
    empty = client.post(f"/supervision/tasks/{task.pk}/send-back/", {"comment": ""})
    assert empty.status_code == 400 and "退回理由" in empty.content.decode()
    client.post(f"/supervision/tasks/{task.pk}/verify/", {"comment": "到位"})
    task.refresh_from_db()
    assert task.status == TaskStatus.VERIFIED

    record = client.get(f"/supervision/visits/{visit_ny.pk}/docx/")
    document = Document(io.BytesIO(record.content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [c.text for row in document.tables[0].rows for c in row.cells]
    assert "督导检查记录" in text and "已销号" in text and "会议记录不全" in text
    assert "县农业农村局" in cells and "第一督导组" in cells
    assert AuditEvent.objects.filter(action="export", object_type="supervision.visit").exists()


def test_visit_export_is_neutralised(client, users, groups, units):
    from jianfu.core.actor import Actor
    from jianfu.supervision.services.visits import FindingInput, visit_record

    visit_record(
        actor=Actor.command(users["inspector"]),
        group=groups["first"],
        unit=units["hk"],
        date=dt.date.today(),
        checked="=cmd|' /C calc'!A0",
        findings=[FindingInput("@问题")],
    )
    client.force_login(users["coordinator"])
    response = client.get("/supervision/visits/export/")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert rows[0][1] == "河口乡" and rows[0][3] == "'=cmd|' /C calc'!A0" and rows[0][5] == 1


def test_overview_counts_and_overdue_in_red(client, users, task_ny):
    RectificationTask.objects.filter(pk=task_ny.pk).update(
        deadline=dt.date.today() - dt.timedelta(days=3)
    )
    for name in ["coordinator", "inspector", "leader_ny"]:
        client.force_login(users[name])
        body = client.get("/supervision/").content.decode()
        assert "overdue-row" in body and "逾期 3 天" in body and task_ny.title in body, name
    client.force_login(users["clerk_jy"])
    body = client.get("/supervision/").content.decode()
    assert task_ny.title not in body
    client.force_login(users["coordinator"])
    listing = client.get("/supervision/tasks/?overdue=1").content.decode()
    assert "共 1 条" in listing


def test_the_coordinator_manages_groups_through_the_page(client, users, groups, units):
    client.force_login(users["coordinator"])
    assert "第一督导组" in client.get("/supervision/groups/").content.decode()
    response = client.post(
        f"/supervision/groups/{groups['first'].pk}/edit/",
        {"name": "第一督导组", "leader": users["inspector"].pk, "systems": ["教育"], "areas": []},
    )
    assert response.status_code == 302
    assert list(users["inspector"].assigned_units.values_list("code", flat=True)) == ["QH-JY"]
    clash = client.post("/supervision/groups/new/", {"name": "第一督导组"})
    assert "同名" in clash.content.decode()
