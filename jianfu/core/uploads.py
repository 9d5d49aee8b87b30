"""The one upload guard (R11): what every upload path asks before keeping or reading a file.

- the type is judged by the content (magic bytes, the members of a zip container), never by the
  name alone; programs, HTML and password-protected (encrypted) Office files are refused;
- a size limit, and for zip containers (.xlsx/.docx/.ods) a zip-bomb guard: number of members,
  total uncompressed size, compression ratio of each member, member names that climb out
  (`../`, absolute paths);
- stored files get server-generated names under MEDIA_ROOT (the uploaded name is kept for
  display only), and are never followed out of MEDIA_ROOT when read back;
- downloads go out through `download_response`: `Content-Disposition: attachment` with an
  RFC 5987 UTF-8 filename, `X-Content-Type-Options: nosniff`, a sandboxing CSP, no caching.
"""

from __future__ import annotations

import hashlib
import io
import re
import uuid
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from urllib.parse import quote

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

MAX_BYTES = 20 * 1024 * 1024
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_MEMBER_RATIO = 200  # uncompressed / compressed of one member, far above real documents
RATIO_FLOOR = 1024 * 1024  # members smaller than this are never judged by ratio
MAX_MEMBERS = 5000

ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
PROGRAMS = (b"MZ", b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"#!")
HTML_MARKERS = (b"<!doctype", b"<html", b"<script", b"<svg", b"<iframe", b"<?xml")

TEXT_SUFFIXES = {
    "csv": (".csv", ".tsv", ".txt"),
    "yaml": (".yaml", ".yml", ".txt"),
}
EXTENSIONS = {
    "xlsx": ".xlsx", "xlsb": ".xlsb", "xls": ".xls", "ods": ".ods", "docx": ".docx",
    "pdf": ".pdf", "png": ".png", "jpg": ".jpg", "csv": ".csv", "yaml": ".yaml",
}
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "xlsb": "application/vnd.ms-excel.sheet.binary.macroEnabled.12",
    "xls": "application/vnd.ms-excel",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "csv": "text/csv; charset=utf-8",
    "yaml": "application/x-yaml; charset=utf-8",
}
TABLES = ("xlsx", "xlsb", "xls", "ods", "csv")
DOCUMENTS = ("pdf", "docx", "xlsx", "jpg", "png")


class UploadRefused(ValueError):
    """The file is refused; `message` is for the person who sent it (Chinese)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class CheckedUpload:
    kind: str
    name: str  # the uploaded name, for display only
    size: int
    sha256: str

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.kind]

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.kind]


def display_name(name: str, fallback: str = "file") -> str:
    """The uploaded name for display only: its last path part, printable, at most 255 chars."""
    base = PureWindowsPath(PurePosixPath(str(name or "")).name).name
    base = "".join(ch for ch in base if ch.isprintable()).strip().lstrip(".")
    return base[:255] or fallback


def zip_kind(data: bytes, *, max_unzipped: int, max_ratio: int, max_members: int) -> str:
    """The Office/OpenDocument kind of a zip container, after the zip-bomb guard."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            mimetype = archive.read("mimetype")[:80] if "mimetype" in names else b""
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, KeyError, ValueError) as exc:
        raise UploadRefused("corrupted", _("文件已损坏，无法打开。")) from exc
    if len(infos) > max_members:
        raise UploadRefused("zip_bomb", _("文件内含的部件过多，拒绝读取。"))
    if any(info.flag_bits & 0x1 for info in infos):
        raise UploadRefused("encrypted", _("文件已加密（设有密码），请取消密码后再上传。"))
    for name in names:
        parts = PurePosixPath(name.replace("\\", "/")).parts
        if name.startswith(("/", "\\")) or ".." in parts or re.match(r"^[A-Za-z]:", name):
            raise UploadRefused("corrupted", _("文件内含非法路径，拒绝读取。"))
    total = sum(info.file_size for info in infos)
    bomb = total > max_unzipped or any(
        info.file_size > RATIO_FLOOR and info.file_size > max_ratio * max(info.compress_size, 1)
        for info in infos
    )
    if bomb:
        raise UploadRefused("zip_bomb", _("文件解压后过大，拒绝读取。"))
    if "[Content_Types].xml" in names:
        if "xl/workbook.bin" in names:
            return "xlsb"
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "word/document.xml" in names:
            return "docx"
    if mimetype.startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
        return "ods"
    raise UploadRefused("not_allowed", _("文件类型不受支持。"))


def sniff(data: bytes, filename: str, **limits: int) -> str:
    """The kind of file by its content; raises UploadRefused for what is never accepted."""
    head = data[:8]
    if data.startswith(ZIP):
        return zip_kind(
            data,
            max_unzipped=limits.get("max_unzipped", MAX_UNZIPPED_BYTES),
            max_ratio=limits.get("max_ratio", MAX_MEMBER_RATIO),
            max_members=limits.get("max_members", MAX_MEMBERS),
        )
    if data.startswith(OLE):
        if ENCRYPTED_STREAM in data[:1024 * 1024] or ENCRYPTED_STREAM in data[-1024 * 1024:]:
            raise UploadRefused("encrypted", _("文件已加密（设有密码），请取消密码后再上传。"))
        return "xls"
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(PROGRAMS):
        raise UploadRefused("not_allowed", _("文件类型不受支持。"))
    sample = data[:8192]
    # Text has no NUL bytes; a stray one in a CSV is kept visible by the reader, many mean binary.
    if sample.count(b"\x00") > max(2, len(sample) // 100):
        raise UploadRefused("not_allowed", _("文件类型不受支持。"))
    lowered = sample.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith(HTML_MARKERS) or b"<script" in sample.lower():
        raise UploadRefused("not_allowed", _("文件内容是网页或标记，不是所需的文件。"))
    suffix = Path(filename).suffix.lower()
    for kind, suffixes in TEXT_SUFFIXES.items():
        if suffix in suffixes and _decodes(data):
            return kind
    raise UploadRefused("not_allowed", _("文件类型不受支持。"))


def _decodes(data: bytes) -> bool:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return True
    return False


KIND_LABELS = {
    "xlsx": ".xlsx", "xlsb": ".xlsb", "xls": ".xls", "ods": ".ods", "csv": ".csv",
    "docx": ".docx", "pdf": ".pdf", "png": ".png", "jpg": ".jpg", "yaml": ".yaml",
}


def check_upload(
    data: bytes,
    filename: str,
    *,
    allowed: Iterable[str],
    max_bytes: int = MAX_BYTES,
    max_unzipped: int = MAX_UNZIPPED_BYTES,
    max_ratio: int = MAX_MEMBER_RATIO,
    max_members: int = MAX_MEMBERS,
) -> CheckedUpload:
    """Check an upload before anything reads or keeps it; raises UploadRefused."""
    allowed = tuple(allowed)
    if not data:
        raise UploadRefused("empty", _("文件是空的。"))
    if len(data) > max_bytes:
        raise UploadRefused(
            "too_large",
            _("文件太大（不得超过 %(mb)s MB）。") % {"mb": max(1, max_bytes // (1024 * 1024))},
        )
    kind = sniff(data, filename, max_unzipped=max_unzipped, max_ratio=max_ratio,
                 max_members=max_members)
    if kind not in allowed:
        wanted = "、".join(KIND_LABELS[k] for k in allowed)
        raise UploadRefused("not_allowed", _("文件类型不受支持，请上传 %(kinds)s 文件。")
                            % {"kinds": wanted})
    return CheckedUpload(
        kind=kind,
        name=display_name(filename),
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


# --- storing and reading back ------------------------------------------------------------------

_SUBDIR = re.compile(r"^[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*$")


def storage_name(subdir: str, extension: str) -> str:
    """A new server-generated name relative to MEDIA_ROOT: <subdir>/<year>/<uuid><ext>."""
    if not _SUBDIR.match(subdir) or not re.match(r"^\.[a-z0-9]{1,5}$", extension):
        raise ValueError(f"bad storage place {subdir!r} {extension!r}")
    return f"{subdir}/{timezone.now().year}/{uuid.uuid4().hex}{extension}"


def store_upload(data: bytes, subdir: str, extension: str) -> str:
    """Write the bytes under a new name (atomically); returns the path relative to MEDIA_ROOT."""
    relative = storage_name(subdir, extension)
    path = Path(settings.MEDIA_ROOT) / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(path.name + ".part")
    temp.write_bytes(data)
    temp.replace(path)
    return relative


def stored_path(relative: str) -> Path:
    """The file of a stored name, never outside MEDIA_ROOT (FileNotFoundError otherwise)."""
    if not relative:
        raise FileNotFoundError(relative)
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / relative).resolve()
    if root not in path.parents or not path.is_file():
        raise FileNotFoundError(relative)
    return path


def content_disposition(filename: str) -> str:
    """`attachment` with an ASCII fallback and the UTF-8 name per RFC 5987 / RFC 6266."""
    name = display_name(filename, "download")
    fallback = "".join(
        ch if ch.isascii() and ch.isprintable() and ch not in '"\\;' else "_" for ch in name
    )
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def download_response(content: bytes | Path, filename: str, content_type: str) -> HttpResponse:
    """A file download that a browser will neither display nor sniff into something else."""
    data = content.read_bytes() if isinstance(content, Path) else content
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
