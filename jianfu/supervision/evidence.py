"""Evidence files of a rectification response (佐证材料), R11, through the one upload guard
(`jianfu.core.uploads`): the type judged by the content (pdf, docx, xlsx, jpg, png only), a size
limit, the zip-bomb guard for .docx/.xlsx, and a server-generated name under MEDIA_ROOT. The
uploaded name is kept for display only."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse

from jianfu.core import uploads

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 5
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
MAX_RATIO = 100
STORE_DIR = "supervision_evidence"
ALLOWED = ("pdf", "docx", "xlsx", "jpg", "png")
CONTENT_TYPES = {kind: uploads.CONTENT_TYPES[kind] for kind in ALLOWED}


class EvidenceRefused(Exception):
    def __init__(self, filename: str, message: str, code: str = "not_allowed") -> None:
        super().__init__(message)
        self.filename = filename
        self.message = message
        self.code = code


@dataclass(frozen=True)
class CheckedFile:
    filename: str
    data: bytes
    kind: str
    sha256: str


def max_bytes() -> int:
    return int(getattr(settings, "SUPERVISION_EVIDENCE_MAX_BYTES", MAX_BYTES))


def display_name(name: str) -> str:
    return uploads.display_name(name)


def evidence_check(filename: str, data: bytes) -> CheckedFile:
    """Accept one upload or raise EvidenceRefused with a message saying how to fix it."""
    name = display_name(filename)
    limit = max_bytes()
    try:
        checked = uploads.check_upload(
            data,
            filename,
            allowed=ALLOWED,
            max_bytes=limit,
            max_unzipped=MAX_UNZIPPED_BYTES,
            max_ratio=MAX_RATIO,
        )
    except uploads.UploadRefused as exc:
        if exc.code == "empty":
            message = f"“{name}”是空文件"
        elif exc.code == "too_large":
            message = f"“{name}”超过 {limit // (1024 * 1024)} MB，请压缩或拆分后上传"
        elif exc.code in ("encrypted", "zip_bomb"):
            message = f"“{name}”：{exc.message}"
        else:
            message = (
                f"“{name}”不是允许的文件类型，只能上传 PDF、Word(.docx)、Excel(.xlsx)、JPG 或 PNG"
            )
        raise EvidenceRefused(name, message, exc.code) from exc
    return CheckedFile(filename=checked.name, data=data, kind=checked.kind, sha256=checked.sha256)


def _county_dir(code: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "_", code) or "county"


def evidence_store(county_code: str, checked: CheckedFile) -> str:
    """Write the file under MEDIA_ROOT with a new name; returns the path relative to it."""
    return uploads.store_upload(
        checked.data, f"{STORE_DIR}/{_county_dir(county_code)}", uploads.EXTENSIONS[checked.kind]
    )


def evidence_path(relative: str) -> Path:
    """The stored file, never outside MEDIA_ROOT (FileNotFoundError otherwise)."""
    return uploads.stored_path(relative)


def evidence_response(relative: str, filename: str, kind: str) -> HttpResponse:
    """The download of a stored evidence file (raises FileNotFoundError); the view audits it."""
    return uploads.download_response(
        evidence_path(relative).read_bytes(),
        filename,
        CONTENT_TYPES.get(kind, "application/octet-stream"),
    )


def evidence_remove(relative: str) -> None:
    if relative:
        uploads.remove_stored(relative)
