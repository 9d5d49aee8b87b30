"""The audit viewer at /audit/: only the audit administrator; filters, pages, detail, export."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import openpyxl
import pytest
import time_machine

from jianfu.core.actor import Actor
from jianfu.core.audit import audit_record
from jianfu.core.models import AuditEvent

pytestmark = pytest.mark.django_db
PAGES = ["/audit/", "/audit/export/"]


@pytest.fixture
def auditor(client, users):
    client.force_login(users["auditadmin"])
    return client


def record(n=1, **kwargs):
    actor = kwargs.pop("actor", Actor.system("test"))
    action = kwargs.pop("action", "update")
    kwargs.setdefault("object_type", "org.unit")
    return [audit_record(actor, action, **kwargs) for _ in range(n)]


@pytest.mark.parametrize(
    "role",
    [
        "clerk_ny",
        "clerk_jy",
        "clerk_hk",
        "leader_ny",
        "coordinator",
        "approver",
        "inspector",
        "sysadmin",
        "secadmin",
        "auditadmin",
    ],
)
def test_only_the_audit_administrator_reads_the_trail(client, users, role):
    event = record(1)[0]
    client.force_login(users[role])
    expected = 200 if role == "auditadmin" else 403
    for path in [*PAGES, f"/audit/{event.id}/"]:
        assert client.get(path).status_code == expected, path


def test_anonymous_goes_to_login(client, users):
    for path in PAGES:
        assert client.get(path)["Location"].startswith("/login/")


def test_list_counts_and_pages(auditor):
    record(44)  # plus the auditor's own login: 45
    page = auditor.get("/audit/").content.decode()
    assert "共 45 条记录" in page
    assert page.count('href="/audit/') >= 20
    assert "第 1 / 3 页" in page
    assert "第 1 / 1 页" in auditor.get("/audit/?per_page=50").content.decode()
    assert "第 3 / 3 页" in auditor.get("/audit/?page=9").content.decode()
    assert "第 1 / 3 页" in auditor.get("/audit/?per_page=7").content.decode()  # not offered


def test_filters(auditor, users):
    record(3, action="create", object_type="org.unit")
    record(2, action="delete", object_type="rules.ruleset", result="failure")
    record(1, actor=Actor(channel="web", user=users["clerk_ny"], username="clerk_ny"))
    assert "共 3 条记录" in auditor.get("/audit/?action=create").content.decode()
    assert "共 2 条记录" in auditor.get("/audit/?object_type=rules.ruleset").content.decode()
    assert "共 2 条记录" in auditor.get("/audit/?result=failure").content.decode()
    assert "共 1 条记录" in auditor.get("/audit/?user=CLERK").content.decode()
    both = auditor.get("/audit/?action=create&result=failure").content.decode()
    assert "没有符合条件的审计记录" in both
    page = auditor.get("/audit/").content.decode()
    assert "新增" in page and "删除" in page  # actions shown in Chinese
    assert "失败" in page


def test_date_range_is_local_days(auditor):
    with time_machine.travel(datetime(2026, 3, 1, 15, 30, tzinfo=UTC), tick=False):
        record(1, object_id="1-march-local")  # 23:30 on 1 March in the county
    with time_machine.travel(datetime(2026, 3, 1, 16, 30, tzinfo=UTC), tick=False):
        record(2, object_id="2-march-local")  # 00:30 on 2 March in the county
    assert "共 1 条记录" in auditor.get("/audit/?date_to=2026-03-01").content.decode()
    # (the auditor's own login today falls outside both ranges)
    both = "/audit/?date_from=2026-03-02&date_to=2026-03-02"
    assert "共 2 条记录" in auditor.get(both).content.decode()
    wrong = auditor.get("/audit/?date_from=2026-03-05&date_to=2026-03-01").content.decode()
    assert "开始日期不能晚于结束日期" in wrong


def test_detail_shows_before_and_after(auditor):
    event = record(
        1,
        before={"name": "旧名称", "code": "A"},
        after={"name": "新名称", "code": "A"},
        object_repr="县教育局",
    )[0]
    page = auditor.get(f"/audit/{event.id}/").content.decode()
    for text in ("旧名称", "新名称", "已变更", "县教育局", event.hash):
        assert text in page
    assert page.count("已变更") == 1  # code did not change


def test_detail_of_another_countys_record_is_404(auditor):
    other = record(1, county_id=987654)[0]
    assert auditor.get(f"/audit/{other.id}/").status_code == 404
    assert auditor.get("/audit/99999999/").status_code == 404


def workbook(response):
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "attachment" in response["Content-Disposition"]
    return openpyxl.load_workbook(io.BytesIO(response.content)).active


def test_export_opens_and_writes_an_audit_record(auditor):
    record(3, action="create")
    sheet = workbook(auditor.get("/audit/export/?action=create"))
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("编号", "时间", "用户")
    assert len(rows) == 1 + 3
    assert {row[6] for row in rows[1:]} == {"新增"}
    export = AuditEvent.objects.get(action="export")
    assert export.username == "auditadmin"
    assert export.after == {"filter": {"action": "create"}, "rows": 3, "limit": 100_000}
    assert export.result == "success"


@pytest.mark.parametrize(
    "typed",
    [
        '=HYPERLINK("http://x","a")',
        "+1+1",
        "-2+3",
        "@SUM(A1)",
        "\tcmd",
        "\rcmd",
    ],
)
def test_export_neutralises_formula_cells(auditor, typed):
    record(1, object_repr=typed)
    sheet = workbook(auditor.get("/audit/export/"))
    values = [row[9] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "'" + typed in values
    assert all(not str(v).startswith(("=", "+", "-", "@", "\t", "\r")) for v in values if v)


def test_export_survives_control_characters_typed_at_login(client, auditor):
    from django.test import Client

    Client().post("/login/", {"username": "=cmd|'/c calc'!A1\x01\x02", "password": "x"})
    sheet = workbook(auditor.get("/audit/export/?action=login_failed"))
    names = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    # Characters .xlsx cannot hold show as U+FFFD: visible, never silently dropped.
    assert names == ["'=cmd|'/c calc'!A1\ufffd\ufffd"]


def test_invalid_filter_applies_the_valid_fields_and_export_refuses(auditor):
    record(2, action="create")
    record(1, action="delete")
    page = auditor.get("/audit/?action=create&date_from=not-a-date").content.decode()
    assert "共 2 条记录" in page
    assert "errors" in page
    response = auditor.get("/audit/export/?action=create&date_from=not-a-date")
    assert response.status_code == 302
    assert response["Location"].startswith("/audit/?")
    assert not AuditEvent.objects.filter(action="export").exists()


def test_unit_names_in_list_detail_and_export(auditor, users):
    clerk = users["clerk_ny"]
    event = record(1, actor=Actor(channel="web", user=clerk, username="clerk_ny"))[0]
    assert event.unit_id == clerk.unit_id
    assert "县农业农村局" in auditor.get("/audit/?user=clerk_ny").content.decode()
    assert "县农业农村局" in auditor.get(f"/audit/{event.id}/").content.decode()
    sheet = workbook(auditor.get("/audit/export/?user=clerk_ny"))
    assert [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["县农业农村局"]


def test_export_link_carries_the_filter_but_not_the_page(auditor):
    record(25, action="create")
    page = auditor.get("/audit/?action=create&page=2&per_page=20").content.decode()
    assert 'href="/audit/export/?action=create"' in page
    assert 'href="?action=create&amp;page=1&amp;per_page=20"' in page  # back to page 1
