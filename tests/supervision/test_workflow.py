"""Visit → finding → task → response with evidence → verify or send back, through the services."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError

from jianfu.core.actor import Actor
from jianfu.core.models import AuditEvent
from jianfu.supervision.models import TaskStatus
from jianfu.supervision.services.tasks import task_respond, task_send_back, task_verify
from jianfu.supervision.services.visits import FindingInput, finding_to_task, visit_record

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def test_visit_keeps_findings_in_order_and_is_audited(visit_ny):
    assert [f.text for f in visit_ny.findings.all()] == ["发文未经报备即印发", "会议记录不全"]
    assert [f.severity for f in visit_ny.findings.all()] == ["major", "minor"]
    event = AuditEvent.objects.get(object_type="supervision.visit", object_id=str(visit_ny.pk))
    assert event.action == "create" and len(event.after["findings"]) == 2


def test_only_members_record_visits_to_their_groups_units(groups, units, users):
    today = dt.date.today()
    with pytest.raises(PermissionDenied):  # not a member of the second group
        visit_record(
            actor=Actor.command(users["inspector"]),
            group=groups["second"],
            unit=units["jy"],
            date=today,
            checked="x",
        )
    with pytest.raises(ValidationError):  # 教育局 is not a unit of the first group
        visit_record(
            actor=Actor.command(users["inspector"]),
            group=groups["first"],
            unit=units["jy"],
            date=today,
            checked="x",
        )
    with pytest.raises(PermissionDenied):  # a clerk records no visits
        visit_record(
            actor=Actor.command(users["clerk_ny"]),
            group=groups["first"],
            unit=units["ny"],
            date=today,
            checked="x",
        )
    with pytest.raises(ValidationError):
        visit_record(
            actor=Actor.command(users["inspector"]),
            group=groups["first"],
            unit=units["ny"],
            date=today + dt.timedelta(days=1),
            checked="x",
            findings=[FindingInput("a")],
        )


def test_task_needs_a_responsible_person_of_the_unit_and_a_sane_deadline(visit_ny, users):
    finding = visit_ny.findings.last()
    inspector = Actor.command(users["inspector"])
    with pytest.raises(ValidationError):
        finding_to_task(
            actor=inspector,
            finding=finding,
            deadline=dt.date.today(),
            responsible_user=users["clerk_jy"],
        )
    with pytest.raises(ValidationError):
        finding_to_task(actor=inspector, finding=finding, deadline=dt.date.today())
    with pytest.raises(ValidationError):
        finding_to_task(
            actor=inspector,
            finding=finding,
            responsible_name="张三",
            deadline=visit_ny.date - dt.timedelta(days=1),
        )
    task = finding_to_task(
        actor=inspector, finding=finding, deadline=dt.date.today(), responsible_name="张三"
    )
    assert task.responsible == "张三" and task.status == TaskStatus.OPEN
    with pytest.raises(ValidationError):  # one task per finding
        finding_to_task(
            actor=inspector, finding=finding, deadline=dt.date.today(), responsible_name="张三"
        )


def test_respond_with_evidence_then_send_back_then_verify(task_ny, users):
    clerk = Actor.command(users["clerk_ny"])
    inspector = Actor.command(users["inspector"])
    response = task_respond(
        actor=clerk,
        task=task_ny,
        text="已补办报备手续",
        files=[("../../报备单.pdf", PDF), ("照片.png", PNG)],
    )
    task_ny.refresh_from_db()
    assert task_ny.status == TaskStatus.RESPONDED
    files = list(response.evidence.all())
    assert [(f.filename, f.kind) for f in files] == [("报备单.pdf", "pdf"), ("照片.png", "png")]
    stored = Path(settings.MEDIA_ROOT) / files[0].stored_file
    assert stored.read_bytes() == PDF and "报备单" not in files[0].stored_file
    assert files[0].sha256 == hashlib.sha256(PDF).hexdigest()

    with pytest.raises(ValidationError):  # a reason is required to send back
        task_send_back(actor=inspector, task=task_ny, comment="  ")
    task_send_back(actor=inspector, task=task_ny, comment="缺少报备审批单")
    task_ny.refresh_from_db()
    assert task_ny.status == TaskStatus.RETURNED
    response.refresh_from_db()
    assert response.outcome == "returned" and response.outcome_comment == "缺少报备审批单"

    with pytest.raises(ValidationError):  # nothing to verify until the unit responds again
        task_verify(actor=inspector, task=task_ny)
    task_respond(actor=clerk, task=task_ny, text="已补充审批单", files=[("审批单.pdf", PDF)])
    task_verify(actor=inspector, task=task_ny, comment="整改到位")
    task_ny.refresh_from_db()
    assert task_ny.status == TaskStatus.VERIFIED
    assert task_ny.verified_by == users["inspector"] and task_ny.verified_at is not None
    actions = list(
        AuditEvent.objects.filter(object_type="supervision.rectificationtask")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["create", "submit", "return", "submit", "verify"]


def _zip(names):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


def _bomb():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<x/>")
        archive.writestr("word/document.xml", b"\x00" * (20 * 1024 * 1024))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("整改.pdf", b""),
        ("整改.pdf", b"<html><script>alert(1)</script>"),  # named .pdf, is not
        ("run.exe", b"MZ\x90\x00"),
        ("整改.docx", b"PK\x03\x04 not really a zip"),
        ("a.docx", _zip(["[Content_Types].xml", "ppt/presentation.xml"])),  # a .pptx
        ("a.zip", _zip(["readme.txt"])),
        ("bomb.docx", _bomb()),
        ("big.pdf", b"%PDF-" + b"0" * (11 * 1024 * 1024)),
    ],
)
def test_hostile_or_wrong_evidence_is_refused_and_nothing_is_stored(task_ny, users, name, data):
    with pytest.raises(ValidationError):
        task_respond(
            actor=Actor.command(users["clerk_ny"]),
            task=task_ny,
            text="已整改",
            files=[("ok.pdf", PDF), (name, data)],
        )
    task_ny.refresh_from_db()
    assert task_ny.status == TaskStatus.OPEN and not task_ny.responses.exists()
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_office_files_are_accepted_by_content(task_ny, users):
    docx = _zip(["[Content_Types].xml", "word/document.xml"])
    xlsx = _zip(["[Content_Types].xml", "xl/workbook.xml"])
    jpg = b"\xff\xd8\xff\xe0" + b"\x00" * 20
    response = task_respond(
        actor=Actor.command(users["leader_ny"]),
        task=task_ny,
        text="已整改",
        files=[("a.docx", docx), ("b.xlsx", xlsx), ("c.jpeg", jpg)],
    )
    assert [e.kind for e in response.evidence.all()] == ["docx", "xlsx", "jpg"]


def test_other_units_and_other_groups_cannot_act_on_a_task(task_ny, users, groups):
    with pytest.raises(PermissionDenied):
        task_respond(actor=Actor.command(users["clerk_jy"]), task=task_ny, text="x")
    with pytest.raises(PermissionDenied):  # an inspector does not respond
        task_respond(actor=Actor.command(users["inspector"]), task=task_ny, text="x")
    task_respond(actor=Actor.command(users["clerk_ny"]), task=task_ny, text="已整改")
    with pytest.raises(PermissionDenied):  # the second group's inspector
        task_verify(actor=Actor.command(groups["inspector2"]), task=task_ny)
    with pytest.raises(PermissionDenied):  # the unit cannot close its own task
        task_verify(actor=Actor.command(users["leader_ny"]), task=task_ny)


def test_a_decision_on_a_stale_page_is_refused_not_applied(task_ny, users):
    """Two members look at the same responded task; one sends it back, the other then presses
    verify on the page they still have open: the state is read again under a lock and the second
    decision is refused, so the task stays sent back."""
    task_respond(actor=Actor.command(users["clerk_ny"]), task=task_ny, text="已整改")
    stale = type(task_ny).objects.get(pk=task_ny.pk)
    task_send_back(actor=Actor.command(users["inspector"]), task=task_ny, comment="材料不全")
    with pytest.raises(ValidationError) as refused:
        task_verify(actor=Actor.command(users["inspector"]), task=stale)
    assert refused.value.code == "conflict"
    task_ny.refresh_from_db()
    assert task_ny.status == TaskStatus.RETURNED and task_ny.verified_at is None
