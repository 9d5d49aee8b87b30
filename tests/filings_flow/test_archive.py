"""备案关: archiving with files, the differences, downloads, and no deletion of archived items."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jianfu.core.excel import MAX_UPLOAD_BYTES
from jianfu.core.models import AuditEvent
from jianfu.filings.models import FilingAttachment, ItemKind, Status
from jianfu.filings.services.archive import ArchiveInput, Upload, filing_archive, upload_kind

from .factories import make_filing
from .helpers import actor, approve_fully

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def docx_bytes() -> bytes:
    from docx import Document

    buf = io.BytesIO()
    doc = Document()
    doc.add_paragraph("会议材料")
    doc.save(buf)
    return buf.getvalue()


def zip_bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"0" * (101 * 1024 * 1024))
    return buf.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "kind"),
    [
        (PDF, "材料.pdf", "pdf"),
        (PNG, "照片.PNG", "png"),
        (b"\xff\xd8\xff\xe0" + b"0" * 10, "a.jpg", "jpg"),
    ],
)
def test_accepted_types(data, name, kind):
    assert upload_kind(data, name) == kind


def test_docx_by_content():
    assert upload_kind(docx_bytes(), "纪要.docx") == "docx"


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [
        (PDF, "材料.exe", "type"),  # name does not fit the content
        (b"MZ\x90\x00", "材料.pdf", "type"),  # an executable named .pdf
        (b"<html><script>", "a.png", "type"),
        (b"", "a.pdf", "empty"),
        (b"%PDF-" + b"0" * MAX_UPLOAD_BYTES, "big.pdf", "size"),
    ],
)
def test_refused_files(data, name, code):
    with pytest.raises(ValidationError) as err:
        upload_kind(data, name)
    assert err.value.code == code


def test_zip_bomb_refused():
    with pytest.raises(ValidationError) as err:
        upload_kind(zip_bomb(), "bomb.docx")
    assert err.value.code == "zipbomb"


@pytest.fixture
def approved_meeting(stages, units, users):
    f = make_filing(
        units["ny"], created_by=users["clerk_ny"], meeting_form="视频", duration_minutes=60
    )
    approve_fully(f, users)
    f.refresh_from_db()
    return f


def test_archive_records_differences_and_files(approved_meeting, users):
    f = approved_meeting
    filing_archive(
        actor=actor(users["clerk_ny"]),
        filing=f,
        actual=ArchiveInput(
            actual_date=date(2025, 6, 10),
            actual_duration_minutes=100,
            actual_attendance=50,
            note="实际延长",
        ),
        files=[Upload("materials", "会议材料.pdf", PDF)],
    )
    f.refresh_from_db()
    assert f.status == Status.ARCHIVED and f.archived_at
    assert [d["code"] for d in f.differences] == ["ARC-OVERTIME", "L-M-2"]
    att = FilingAttachment.objects.get(filing=f)
    assert att.filename == "会议材料.pdf" and len(att.sha256) == 64 and att.size == len(PDF)
    stored = Path(settings.MEDIA_ROOT) / att.stored_file
    assert stored.read_bytes() == PDF and "会议" not in att.stored_file  # server-made name
    assert AuditEvent.objects.filter(action="archive", object_id=str(f.pk)).count() == 1


def test_archive_refused_before_approval_and_by_other_units(stages, units, users):
    f = make_filing(units["ny"], created_by=users["clerk_ny"])
    with pytest.raises(ValidationError):
        filing_archive(
            actor=actor(users["clerk_ny"]),
            filing=f,
            actual=ArchiveInput(),
            files=[Upload("materials", "a.pdf", PDF)],
        )
    approve_fully(f, users)
    f.refresh_from_db()
    with pytest.raises(PermissionDenied):
        filing_archive(
            actor=actor(users["clerk_jy"]),
            filing=f,
            actual=ArchiveInput(),
            files=[Upload("materials", "a.pdf", PDF)],
        )
    with pytest.raises(ValidationError):  # a bad file stores nothing
        filing_archive(
            actor=actor(users["clerk_ny"]),
            filing=f,
            actual=ArchiveInput(),
            files=[Upload("materials", "a.pdf", b"MZ")],
        )
    f.refresh_from_db()
    assert f.status == Status.APPROVED and not FilingAttachment.objects.exists()


def test_archived_items_can_never_be_deleted(approved_meeting, users):
    from jianfu.filings.services import items

    f = approved_meeting
    filing_archive(
        actor=actor(users["clerk_ny"]),
        filing=f,
        actual=ArchiveInput(actual_date=f.date, actual_duration_minutes=60),
        files=[Upload("materials", "a.pdf", PDF)],
    )
    f.refresh_from_db()
    for user in (users["clerk_ny"], users["coordinator"]):
        with pytest.raises((ValidationError, PermissionDenied)):
            items.filing_delete(actor=actor(user), filing=f)
    f.refresh_from_db()
    assert f.deleted_at is None and f.status == Status.ARCHIVED


def test_archive_page_and_download(client, approved_meeting, users):
    f = approved_meeting
    client.force_login(users["clerk_ny"])
    url = reverse("filings:archive", args=[f.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "version": f.version,
            "actual_date": "2025-06-10",
            "actual_duration_minutes": "75",
            "file_materials": SimpleUploadedFile("材料.docx", docx_bytes()),
        },
    )
    assert response.status_code == 302
    f.refresh_from_db()
    assert f.status == Status.ARCHIVED and f.differences[0]["code"] == "ARC-OVERTIME"
    att = f.attachments.get()
    download = client.get(reverse("filings:attachment", args=[att.pk]))
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    assert (
        b"".join(download.streaming_content)
        == docx_bytes()[:0] + Path(settings.MEDIA_ROOT, att.stored_file).read_bytes()
    )
    assert AuditEvent.objects.filter(action="download", object_id=str(att.pk)).count() == 1
    client.force_login(users["clerk_jy"])
    assert client.get(reverse("filings:attachment", args=[att.pk])).status_code == 404
    client.force_login(users["clerk_hk"])
    assert client.get(reverse("filings:attachment", args=[att.pk])).status_code == 404


def test_archive_form_keeps_input_and_names_missing_file(client, approved_meeting, users):
    client.force_login(users["clerk_ny"])
    f = approved_meeting
    html = client.post(
        reverse("filings:archive", args=[f.pk]),
        {"version": f.version, "actual_date": "2025-06-10", "actual_duration_minutes": "77"},
    ).content.decode()
    assert "至少一个文件" in html and 'value="77"' in html


def test_inspection_archive_differences(stages, units, users):
    f = make_filing(
        units["ny"],
        kind=ItemKind.INSPECTION,
        created_by=users["clerk_ny"],
        targets=["QH-HK"],
        days=1,
    )
    approve_fully(f, users)
    f.refresh_from_db()
    filing_archive(
        actor=actor(users["clerk_ny"]),
        filing=f,
        actual=ArchiveInput(actual_date=f.date, actual_targets=["QH-HK", "QH-CG"], actual_days=2),
        files=[Upload("report", "报告.pdf", PDF)],
    )
    f.refresh_from_db()
    assert [d["code"] for d in f.differences] == ["ARC-TARGETS", "ARC-DAYS"]
