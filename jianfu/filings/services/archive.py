"""备案关: after the event the unit records what actually happened and uploads the normative
document, the meeting materials or the inspection report; the differences against what was
approved are computed (workflow_rules.archive_differences) and kept with the item.

Uploads (R11): the type is judged by the content (PDF, .docx, .doc, .xlsx, JPEG, PNG) and must
agree with the file name; at most `MAX_UPLOAD_BYTES` each; .docx/.xlsx are opened as zips with a
bound on the unzipped size; the file is stored under MEDIA_ROOT with a server-generated name and
its SHA-256. Archived items can never be deleted (the delete service refuses them, and
`FilingAttachment` protects its item).
"""

from __future__ import annotations

import hashlib
import io
import uuid
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jianfu.core.actor import Actor
from jianfu.core.audit import audit_record
from jianfu.core.excel import MAX_UNZIPPED_BYTES, MAX_UPLOAD_BYTES

from .. import workflow_rules as rules
from ..models import Filing, FilingAttachment, FilingDecision
from .workflow import _check_unit_action, _decision, _guarded_update

ALLOWED = {  # detected type → the file name endings that may carry it
    "pdf": (".pdf",),
    "docx": (".docx",),
    "xlsx": (".xlsx",),
    "doc": (".doc",),
    "jpg": (".jpg", ".jpeg"),
    "png": (".png",),
}
MEDIA_FOLDER = "filings"


@dataclass(frozen=True)
class Upload:
    """One file to keep with the item: its purpose, the name the person gave it, its bytes."""

    purpose: str
    filename: str
    data: bytes


@dataclass
class ArchiveInput:
    actual_date: date | None = None
    actual_duration_minutes: int | None = None
    actual_attendance: int | None = None
    actual_targets: list[str] = field(default_factory=list)
    actual_days: int | None = None
    note: str = ""


def upload_kind(data: bytes, filename: str) -> str:
    """The file's type by content, checked against its name; raises ValidationError."""
    name = PurePath(filename or "").name.lower()
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("文件“%(name)s”超过 %(mb)s MB 上限。")
            % {"name": filename, "mb": MAX_UPLOAD_BYTES // (1024 * 1024)},
            code="size",
        )
    if not data:
        raise ValidationError(_("文件“%(name)s”是空文件。") % {"name": filename}, code="empty")
    kind = ""
    if data[:5] == b"%PDF-":
        kind = "pdf"
    elif data[:3] == b"\xff\xd8\xff":
        kind = "jpg"
    elif data[:8] == b"\x89PNG\r\n\x1a\n":
        kind = "png"
    elif data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        kind = "doc"
    elif data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = archive.namelist()
                total = sum(info.file_size for info in archive.infolist())
        except zipfile.BadZipFile:
            names, total = [], 0
        if total > MAX_UNZIPPED_BYTES:
            raise ValidationError(
                _("文件“%(name)s”解压后过大，拒绝接收。") % {"name": filename}, code="zipbomb"
            )
        if "[Content_Types].xml" in names:
            if any(n.startswith("word/") for n in names):
                kind = "docx"
            elif any(n.startswith("xl/") for n in names):
                kind = "xlsx"
    if not kind or not name.endswith(ALLOWED[kind]):
        raise ValidationError(
            _(
                "文件“%(name)s”的类型不被接受：只能上传 PDF、Word（.docx/.doc）、Excel（.xlsx）、"
                "JPG 或 PNG，且扩展名须与内容一致。"
            )
            % {"name": filename},
            code="type",
        )
    return kind


def _store(filing: Filing, upload: Upload, kind: str) -> tuple[str, str]:
    suffix = ALLOWED[kind][0]
    relative = f"{MEDIA_FOLDER}/{filing.county_id}/{uuid.uuid4().hex}{suffix}"
    target = Path(settings.MEDIA_ROOT) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(upload.data)
    return relative, hashlib.sha256(upload.data).hexdigest()


def attachment_path(attachment: FilingAttachment) -> Path:
    return Path(settings.MEDIA_ROOT) / attachment.stored_file


def filing_archive(
    *,
    actor: Actor,
    filing: Filing,
    actual: ArchiveInput,
    files: list[Upload],
    seen_version: int | None = None,
) -> Filing:
    """Archive an approved item: store the files, record the actual facts, compute the
    differences (each with its code and reason). One transaction; files written before it are
    removed again when it fails."""
    _check_unit_action(actor, filing, "filing.archive")
    seen = filing.version if seen_version is None else seen_version
    try:
        step = rules.transition(filing.status, filing.stage_order, 0, rules.ARCHIVE)
    except rules.TransitionError as exc:
        raise ValidationError(str(exc), code="state") from exc
    purposes = set(FilingAttachment.Purpose.values)
    kinds = []
    for upload in files:
        if upload.purpose not in purposes:
            raise ValidationError(_("附件用途无效。"), code="purpose")
        kinds.append(upload_kind(upload.data, upload.filename))
    if not files:
        raise ValidationError(
            _("备案须上传至少一个文件（规范性文件、会议材料或督查报告）。"), code="files"
        )
    approved: dict[str, Any] = {
        "date": filing.date,
        "duration_minutes": filing.duration_minutes,
        "meeting_form": filing.meeting_form,
        "expected_attendance": filing.expected_attendance,
        "targets": filing.targets,
        "days": filing.days,
    }
    happened = {
        "date": actual.actual_date,
        "duration_minutes": actual.actual_duration_minutes,
        "attendance": actual.actual_attendance,
        "targets": actual.actual_targets,
        "days": actual.actual_days,
    }
    differences = rules.archive_differences(filing.kind, filing.unit.kind, approved, happened)
    written: list[Path] = []
    try:
        with transaction.atomic():
            _guarded_update(
                filing,
                seen,
                status=step.status,
                archived_at=timezone.now(),
                actual_date=actual.actual_date,
                actual_duration_minutes=actual.actual_duration_minutes,
                actual_attendance=actual.actual_attendance,
                actual_targets=list(actual.actual_targets),
                actual_days=actual.actual_days,
                archive_note=actual.note,
                differences=differences,
            )
            rows = []
            for upload, kind in zip(files, kinds, strict=True):
                relative, digest = _store(filing, upload, kind)
                written.append(Path(settings.MEDIA_ROOT) / relative)
                rows.append(
                    FilingAttachment(
                        county_id=filing.county_id,
                        filing=filing,
                        purpose=upload.purpose,
                        filename=PurePath(upload.filename).name[:255],
                        stored_file=relative,
                        sha256=digest,
                        size=len(upload.data),
                        uploaded_by=actor.username[:150],
                    )
                )
            FilingAttachment.objects.bulk_create(rows)
            _decision(
                actor,
                filing,
                FilingDecision.Action.ARCHIVE,
                seen,
                comment=actual.note,
                changes={d["code"]: d["reason"] for d in differences},
            )
            audit_record(
                actor,
                "archive",
                filing,
                after={
                    "status": step.status,
                    "differences": differences,
                    "files": [{"name": r.filename, "sha256": r.sha256} for r in rows],
                },
            )
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return filing


def attachment_download_record(*, actor: Actor, attachment: FilingAttachment) -> None:
    audit_record(
        actor,
        "download",
        attachment,
        after={"filing": attachment.filing_id, "sha256": attachment.sha256},
    )
