"""备案关: after the event the unit records what actually happened and uploads the normative
document, the meeting materials or the inspection report; the differences against what was
approved are computed (workflow_rules.archive_differences) and kept with the item.

Uploads (R11) go through the one upload guard (`jianfu.core.uploads`): the type is judged by
the content (PDF, .docx, .doc, .xlsx, JPEG, PNG) and must agree with the file name; at most
`MAX_UPLOAD_BYTES` each; .docx/.xlsx get the zip-bomb guard with a bound on the unzipped size,
encrypted Office files are refused; the file is stored under MEDIA_ROOT with a server-generated
name and its SHA-256, and downloaded through `attachment_download_response`. Archived items can
never be deleted (the delete service refuses them, and `FilingAttachment` protects its item).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from jianfu.core import uploads
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


# The refusal codes of the core guard → this part's codes (kept for its callers and tests).
CODES = {"empty": "empty", "too_large": "size", "zip_bomb": "zipbomb", "encrypted": "encrypted"}


def _checked(data: bytes, filename: str) -> uploads.CheckedUpload:
    """The core guard's verdict, in this part's words; raises ValidationError."""
    try:
        return uploads.check_upload(
            data,
            filename,
            allowed=tuple(ALLOWED),
            max_bytes=MAX_UPLOAD_BYTES,
            max_unzipped=MAX_UNZIPPED_BYTES,
            match_name=True,
        )
    except uploads.UploadRefused as exc:
        name = uploads.display_name(filename)
        code = CODES.get(exc.code, "type")
        if code == "size":
            message = _("文件“%(name)s”超过 %(mb)s MB 上限。") % {
                "name": name, "mb": MAX_UPLOAD_BYTES // (1024 * 1024)}
        elif code == "empty":
            message = _("文件“%(name)s”是空文件。") % {"name": name}
        elif code == "zipbomb":
            message = _("文件“%(name)s”解压后过大，拒绝接收。") % {"name": name}
        elif code == "encrypted":
            message = _("文件“%(name)s”已加密（设有密码），请取消密码后再上传。") % {"name": name}
        else:
            message = _(
                "文件“%(name)s”的类型不被接受：只能上传 PDF、Word（.docx/.doc）、Excel（.xlsx）、"
                "JPG 或 PNG，且扩展名须与内容一致。"
            ) % {"name": name}
        raise ValidationError(message, code=code) from exc


def upload_kind(data: bytes, filename: str) -> str:
    """The file's type by content, checked against its name; raises ValidationError."""
    return _checked(data, filename).kind


def attachment_path(attachment: FilingAttachment) -> Path:
    """The stored file, never outside MEDIA_ROOT (FileNotFoundError otherwise)."""
    return uploads.stored_path(attachment.stored_file)


def attachment_download_response(attachment: FilingAttachment) -> HttpResponse:
    """The download of an attachment (raises FileNotFoundError); the view records it."""
    path = attachment_path(attachment)
    kind = next((k for k, endings in ALLOWED.items() if path.suffix.lower() in endings), "")
    return uploads.download_response(
        path, attachment.filename, uploads.CONTENT_TYPES.get(kind, "application/octet-stream")
    )


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
        kinds.append(_checked(upload.data, upload.filename))
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
    written: list[str] = []
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
            for upload, checked in zip(files, kinds, strict=True):
                relative = uploads.store_upload(
                    upload.data, f"{MEDIA_FOLDER}/{filing.county_id}", checked.extension
                )
                written.append(relative)
                rows.append(
                    FilingAttachment(
                        county_id=filing.county_id,
                        filing=filing,
                        purpose=upload.purpose,
                        filename=checked.name,
                        stored_file=relative,
                        sha256=checked.sha256,
                        size=checked.size,
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
        for relative in written:
            uploads.remove_stored(relative)
        raise
    return filing


def attachment_download_record(*, actor: Actor, attachment: FilingAttachment) -> None:
    audit_record(
        actor,
        "download",
        attachment,
        after={"filing": attachment.filing_id, "sha256": attachment.sha256},
    )
