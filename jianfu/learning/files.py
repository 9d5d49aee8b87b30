"""Files people upload to the library and to trainings (R11): the type judged by the content
(PDF, Word .docx, plain text only), a size limit, a zip-bomb guard for .docx, and a
server-generated stored name. `sniff_file` is pure; `store_file` / `open_stored` touch only
MEDIA_ROOT."""

from __future__ import annotations

import hashlib
import io
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePath

from django.conf import settings
from django.utils.translation import gettext as _

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_DOCX_UNZIPPED = 100 * 1024 * 1024
STORE_DIR = "learning"
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "txt": "text/plain; charset=utf-8",
}
EXTENSIONS = {"pdf": (".pdf",), "docx": (".docx",), "txt": (".txt",)}


class FileRefused(ValueError):
    """The file is not accepted; the message says why, for the person who sent it."""


@dataclass(frozen=True)
class SniffedFile:
    kind: str  # pdf | docx | txt
    sha256: str
    size: int


def _docx_ok(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            total = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        return False
    if total > MAX_DOCX_UNZIPPED:
        raise FileRefused(_("Word 文件解压后过大，拒绝接收。"))
    return "[Content_Types].xml" in names and "word/document.xml" in names


def _text_ok(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return True
    return False


def sniff_file(data: bytes, filename: str, max_bytes: int = MAX_FILE_BYTES) -> SniffedFile:
    """The file's type by its content, agreeing with its extension; raises FileRefused."""
    if not data:
        raise FileRefused(_("文件是空的。"))
    if len(data) > max_bytes:
        raise FileRefused(
            _("文件超过 %(mb)d MB，请压缩或拆分后再上传。") % {"mb": max_bytes // (1024 * 1024)}
        )
    suffix = PurePath(filename).suffix.lower()
    kind = next((k for k, exts in EXTENSIONS.items() if suffix in exts), None)
    if kind is None:
        raise FileRefused(_("仅支持 PDF、Word（.docx）或文本（.txt）文件。"))
    if kind == "pdf":
        ok = data[:1024].lstrip().startswith(b"%PDF-")
    elif kind == "docx":
        ok = data[:4] == b"PK\x03\x04" and _docx_ok(data)
    else:
        ok = _text_ok(data)
    if not ok:
        raise FileRefused(_("文件内容与扩展名不符或已损坏，请确认是真正的 PDF、Word 或文本文件。"))
    return SniffedFile(kind, hashlib.sha256(data).hexdigest(), len(data))


def store_file(data: bytes, kind: str) -> str:
    """Write the bytes under MEDIA_ROOT with a server-generated name; the relative path."""
    relative = f"{STORE_DIR}/{uuid.uuid4().hex}.{kind}"
    target = Path(settings.MEDIA_ROOT) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return relative


def stored_path(relative: str) -> Path:
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / relative).resolve()
    if root not in path.parents:
        raise FileNotFoundError(relative)
    return path


def clean_filename(filename: str) -> str:
    return PurePath(filename.replace("\\", "/")).name[:255] or "file"
