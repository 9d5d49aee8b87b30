"""Files people upload to the library and to trainings (R11), through the one upload guard
(`jianfu.core.uploads`): the type judged by the content (PDF, Word .docx, plain text only) and
agreeing with the name, a size limit, the zip-bomb guard for .docx, and a server-generated stored
name. `sniff_file` is pure; `store_file` / `stored_path` / `file_download` touch only MEDIA_ROOT."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePath

from django.http import HttpResponse
from django.utils.translation import gettext as _

from jianfu.core import uploads

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_DOCX_UNZIPPED = 100 * 1024 * 1024
STORE_DIR = "learning"
KINDS = ("pdf", "docx", "txt")
CONTENT_TYPES = {kind: uploads.CONTENT_TYPES[kind] for kind in KINDS}
EXTENSIONS = {"pdf": (".pdf",), "docx": (".docx",), "txt": (".txt",)}


class FileRefused(ValueError):
    """The file is not accepted; the message says why, for the person who sent it."""


@dataclass(frozen=True)
class SniffedFile:
    kind: str  # pdf | docx | txt
    sha256: str
    size: int


def sniff_file(data: bytes, filename: str, max_bytes: int = MAX_FILE_BYTES) -> SniffedFile:
    """The file's type by its content, agreeing with its extension; raises FileRefused."""
    try:
        checked = uploads.check_upload(
            data,
            filename,
            allowed=KINDS,
            max_bytes=max_bytes,
            max_unzipped=MAX_DOCX_UNZIPPED,
            match_name=True,
        )
    except uploads.UploadRefused as exc:
        raise FileRefused(_refusal(exc, filename, max_bytes)) from exc
    return SniffedFile(checked.kind, checked.sha256, checked.size)


def _refusal(exc: uploads.UploadRefused, filename: str, max_bytes: int) -> str:
    if exc.code == "empty":
        return _("文件是空的。")
    if exc.code == "too_large":
        return _("文件超过 %(mb)d MB，请压缩或拆分后再上传。") % {"mb": max_bytes // (1024 * 1024)}
    if exc.code == "zip_bomb":
        return _("Word 文件解压后过大，拒绝接收。")
    if exc.code == "encrypted":
        return exc.message
    suffix = PurePath(uploads.display_name(filename)).suffix.lower()
    if not any(suffix in endings for endings in EXTENSIONS.values()):
        return _("仅支持 PDF、Word（.docx）或文本（.txt）文件。")
    return _("文件内容与扩展名不符或已损坏，请确认是真正的 PDF、Word 或文本文件。")


def store_file(data: bytes, kind: str) -> str:
    """Write the bytes under MEDIA_ROOT with a server-generated name; the relative path."""
    return uploads.store_upload(data, STORE_DIR, uploads.EXTENSIONS[kind])


def stored_path(relative: str) -> Path:
    """The stored file, never outside MEDIA_ROOT (FileNotFoundError otherwise)."""
    return uploads.stored_path(relative)


def file_download(relative: str, filename: str, kind: str) -> HttpResponse:
    """The download of a stored file (raises FileNotFoundError); the view audits it."""
    return uploads.download_response(
        stored_path(relative),
        filename or f"file{uploads.EXTENSIONS.get(kind, '')}",
        CONTENT_TYPES.get(kind, "application/octet-stream"),
    )


def clean_filename(filename: str) -> str:
    return uploads.display_name(filename)
