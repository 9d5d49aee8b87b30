"""Evidence files of a rectification response (佐证材料), R11: the type judged by the content
(pdf, docx, xlsx, jpg, png only), a size limit, a zip-bomb guard for .docx/.xlsx, and a
server-generated name under MEDIA_ROOT. The uploaded name is kept for display only."""

from __future__ import annotations

import hashlib
import io
import re
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

from django.conf import settings

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 5
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
MAX_RATIO = 100
STORE_DIR = "supervision_evidence"
ALLOWED = ("pdf", "docx", "xlsx", "jpg", "png")

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "jpg": "image/jpeg",
    "png": "image/png",
}


class EvidenceRefused(Exception):
    def __init__(self, filename: str, message: str) -> None:
        super().__init__(message)
        self.filename = filename
        self.message = message


@dataclass(frozen=True)
class CheckedFile:
    filename: str
    data: bytes
    kind: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def max_bytes() -> int:
    return int(getattr(settings, "SUPERVISION_EVIDENCE_MAX_BYTES", MAX_BYTES))


def display_name(name: str) -> str:
    base = PureWindowsPath(PurePosixPath(name or "").name).name
    base = "".join(ch for ch in base if ch.isprintable()).strip()
    return base[:255] or "file"


def sniff_kind(data: bytes) -> str | None:
    """ "pdf", "docx", "xlsx", "jpg" or "png" by the bytes, else None (zip bombs are None)."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data.startswith(b"PK\x03\x04"):
        return _office_kind(data)
    return None


def _office_kind(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError):
        return None
    total = sum(info.file_size for info in infos)
    if total > MAX_UNZIPPED_BYTES or any(
        info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1)
        for info in infos
    ):
        return None
    names = {info.filename for info in infos}
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def evidence_check(filename: str, data: bytes) -> CheckedFile:
    """Accept one upload or raise EvidenceRefused with a message saying how to fix it."""
    name = display_name(filename)
    if not data:
        raise EvidenceRefused(name, f"“{name}”是空文件")
    limit = max_bytes()
    if len(data) > limit:
        raise EvidenceRefused(name, f"“{name}”超过 {limit // (1024 * 1024)} MB，请压缩或拆分后上传")
    kind = sniff_kind(data)
    if kind is None:
        raise EvidenceRefused(
            name, f"“{name}”不是允许的文件类型，只能上传 PDF、Word(.docx)、Excel(.xlsx)、JPG 或 PNG"
        )
    return CheckedFile(filename=name, data=data, kind=kind)


def _county_dir(code: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "_", code) or "county"


def evidence_store(county_code: str, checked: CheckedFile) -> str:
    """Write the file under MEDIA_ROOT with a new name; returns the path relative to it."""
    relative = f"{STORE_DIR}/{_county_dir(county_code)}/{uuid.uuid4().hex}.{checked.kind}"
    path = Path(settings.MEDIA_ROOT) / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_suffix(path.suffix + ".part")
    temp.write_bytes(checked.data)
    temp.replace(path)
    return relative


def evidence_path(relative: str) -> Path:
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / relative).resolve()
    if root not in path.parents:
        raise FileNotFoundError(relative)
    return path


def evidence_remove(relative: str) -> None:
    if relative:
        (Path(settings.MEDIA_ROOT) / relative).unlink(missing_ok=True)
