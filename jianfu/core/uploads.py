"""The one upload guard (R11): what every upload path asks before keeping or reading a file.

- the type is judged by the content (magic bytes, the members of a zip container), never by the
  name alone; programs, HTML and password-protected (encrypted) Office files are refused;
- a size limit, and for zip containers (.xlsx/.docx/.ods) a zip-bomb guard: number of members,
  total uncompressed size, compression ratio of each member, member names that climb out
  (`../`, absolute paths);
- old Word files (.doc, OLE) are told apart from old Excel files (.xls) by their streams, and
  only callers that list "doc" accept them; an encrypted .doc (the FIB's fEncrypted bit) or an
  encrypted .docx/.xlsx (an OLE `EncryptedPackage`) is refused;
- callers that want it (`match_name=True`) also have the name's ending agree with the content;
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
from django.http import FileResponse, HttpResponse
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
    "txt": (".txt",),
}
# Plain text (kind "txt") holds no control characters but tab, LF, FF and CR.
CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")
EXTENSIONS = {
    "xlsx": ".xlsx", "xlsb": ".xlsb", "xls": ".xls", "ods": ".ods", "docx": ".docx",
    "doc": ".doc", "pdf": ".pdf", "png": ".png", "jpg": ".jpg", "csv": ".csv", "yaml": ".yaml",
    "txt": ".txt",
}
# The name endings that may carry each kind (match_name=True).
NAME_SUFFIXES = {
    **{kind: (extension,) for kind, extension in EXTENSIONS.items()},
    "jpg": (".jpg", ".jpeg"),
    "csv": TEXT_SUFFIXES["csv"],
    "yaml": (".yaml", ".yml"),
}
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "xlsb": "application/vnd.ms-excel.sheet.binary.macroEnabled.12",
    "xls": "application/vnd.ms-excel",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "doc": "application/msword",
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "csv": "text/csv; charset=utf-8",
    "yaml": "application/x-yaml; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
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


def _le(data: bytes, at: int, size: int = 4) -> int:
    return int.from_bytes(data[at:at + size], "little")


def ole_stream_head(data: bytes, name: str) -> bytes | None:
    """The first sector of a named stream of an OLE (compound file) container, None if it has
    no such stream. Enough of the format to read a Word FIB: the header's FAT sectors, the
    directory chain, and for streams under 4096 bytes the mini stream (first 64 bytes only)."""
    shift = _le(data, 30, 2)
    if len(data) < 512 or shift not in (9, 12):
        return None
    size = 1 << shift

    def sector(number: int) -> bytes:
        return data[(number + 1) * size:(number + 2) * size]

    fat: list[int] = []
    for index in range(109):
        number = _le(data, 76 + 4 * index)
        if number >= 0xFFFFFFFA:
            break
        chunk = sector(number)
        fat.extend(_le(chunk, at) for at in range(0, len(chunk) - 3, 4))

    def chain(number: int):
        seen: set[int] = set()
        while number < 0xFFFFFFFA and number not in seen and len(seen) < 65536:
            seen.add(number)
            yield number
            number = fat[number] if number < len(fat) else 0xFFFFFFFE

    wanted = name.encode("utf-16-le")
    root = b""
    for number in chain(_le(data, 48)):
        chunk = sector(number)
        for at in range(0, len(chunk) - 127, 128):
            entry = chunk[at:at + 128]
            root = root or (entry if entry[66] == 5 else b"")
            length = _le(entry, 64, 2)
            if entry[66] == 2 and 2 <= length <= 64 and entry[:length - 2] == wanted:
                start = _le(entry, 116)
                if _le(entry, 120) >= 4096:
                    return sector(start)
                # A small stream lives in the mini stream (64-byte sectors along the root's chain).
                offset = start * 64
                for step, number in enumerate(chain(_le(root, 116)) if root else ()):
                    if step == offset // size:
                        return sector(number)[offset % size:offset % size + 64]
                return b""
    return None


def ole_kind(data: bytes) -> str:
    """"doc" (a Word 97-2003 file) or "xls" for an OLE container; encrypted ones are refused."""
    if ENCRYPTED_STREAM in data[:1024 * 1024] or ENCRYPTED_STREAM in data[-1024 * 1024:]:
        raise UploadRefused("encrypted", _("文件已加密（设有密码），请取消密码后再上传。"))
    if "WordDocument".encode("utf-16-le") not in data:
        return "xls"
    fib = ole_stream_head(data, "WordDocument")
    if fib is None:
        return "xls"
    if len(fib) < 12 or fib[:2] != b"\xec\xa5":
        raise UploadRefused("corrupted", _("文件已损坏，无法打开。"))
    if _le(fib, 10, 2) & 0x0100:  # FIB fEncrypted
        raise UploadRefused("encrypted", _("文件已加密（设有密码），请取消密码后再上传。"))
    return "doc"


def sniff(data: bytes, filename: str, allowed: Iterable[str] = (), **limits: int) -> str:
    """The kind of file by its content; raises UploadRefused for what is never accepted.
    `allowed` only chooses among the text kinds a name may carry (a .txt is csv, yaml or txt)."""
    head = data[:8]
    if data.startswith(ZIP):
        return zip_kind(
            data,
            max_unzipped=limits.get("max_unzipped", MAX_UNZIPPED_BYTES),
            max_ratio=limits.get("max_ratio", MAX_MEMBER_RATIO),
            max_members=limits.get("max_members", MAX_MEMBERS),
        )
    if data.startswith(OLE):
        return ole_kind(data)
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
    kinds = [kind for kind, suffixes in TEXT_SUFFIXES.items() if suffix in suffixes]
    kinds.sort(key=lambda kind: kind not in tuple(allowed))
    if kinds and _decodes(data):
        if kinds[0] == "txt" and CONTROL_BYTES.search(data):
            raise UploadRefused("not_allowed", _("文件不是纯文本。"))
        return kinds[0]
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
    "doc": ".doc", "txt": ".txt",
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
    match_name: bool = False,
) -> CheckedUpload:
    """Check an upload before anything reads or keeps it; raises UploadRefused.

    Codes: empty, too_large, corrupted, zip_bomb, encrypted, not_allowed, name_mismatch (only
    with `match_name`: the content is allowed but the name's ending says another kind)."""
    allowed = tuple(allowed)
    if not data:
        raise UploadRefused("empty", _("文件是空的。"))
    if len(data) > max_bytes:
        raise UploadRefused(
            "too_large",
            _("文件太大（不得超过 %(mb)s MB）。") % {"mb": max(1, max_bytes // (1024 * 1024))},
        )
    kind = sniff(data, filename, allowed, max_unzipped=max_unzipped, max_ratio=max_ratio,
                 max_members=max_members)
    if kind not in allowed:
        wanted = "、".join(KIND_LABELS[k] for k in allowed)
        raise UploadRefused("not_allowed", _("文件类型不受支持，请上传 %(kinds)s 文件。")
                            % {"kinds": wanted})
    if match_name and not display_name(filename).lower().endswith(NAME_SUFFIXES[kind]):
        raise UploadRefused("name_mismatch", _("文件内容与扩展名不符，请确认文件类型。"))
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


def remove_stored(relative: str) -> None:
    """Delete a stored file (a failed transaction's leftovers); nothing outside MEDIA_ROOT."""
    try:
        stored_path(relative).unlink(missing_ok=True)
    except FileNotFoundError:
        return


def content_disposition(filename: str) -> str:
    """`attachment` with an ASCII fallback and the UTF-8 name per RFC 5987 / RFC 6266."""
    name = display_name(filename, "download")
    fallback = "".join(
        ch if ch.isascii() and ch.isprintable() and ch not in '"\\;' else "_" for ch in name
    )
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def download_response(
    content: bytes | Path, filename: str, content_type: str
) -> HttpResponse | FileResponse:
    """A file download that a browser will neither display nor sniff into something else.
    Bytes are sent as they are; a stored file (a Path) is streamed from disk."""
    if isinstance(content, Path):
        response = FileResponse(content.open("rb"), content_type=content_type)
    else:
        response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
