"""Taking an uploaded ledger workbook in: its type by content, size and zip-bomb guards (R11),
the original kept under a server-generated name, the batch row that refers to it.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied

from jianfu.core.actor import Actor
from jianfu.core.uploads import TABLES, UploadRefused, check_upload
from jianfu.org.access import has_perm, visible_units
from jianfu.org.models import Unit

from ..models import ImportBatch
from ..workbook import ReadLimits, WorkbookRead, WorkbookRefused, read_workbook
from .import_types import LedgerImportRefused

# A ledger workbook may be large (100,000 rows is a county department's few years): the reader's
# own limit, not the 5 MB of small uploads. Both are settings a county can tighten.
MAX_BYTES = 50 * 1024 * 1024
MAX_UNZIPPED_BYTES = 600 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed of one member: far above any real worksheet
MAX_ROWS = 200_000
STORE_DIR = "ledger_imports"

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
NOT_A_WORKBOOK = "文件不是 Excel 工作簿或 CSV 表格，请上传 .xlsx、.xls、.ods 或 .csv 文件"


def max_bytes() -> int:
    return int(getattr(settings, "LEDGER_IMPORT_MAX_BYTES", MAX_BYTES))


def read_limits() -> ReadLimits:
    return ReadLimits(max_bytes=max_bytes(), max_rows=MAX_ROWS)


def check_import_scope(actor: Actor, unit: Unit) -> None:
    """The actor may import into the unit: role allows ledger.import and the unit is in scope.

    An operator on the command line (no user) may import into any unit of the database.
    """
    user = actor.user
    if user is None:
        return
    if not has_perm(user, "ledger.import") or not visible_units(user).filter(pk=unit.pk).exists():
        raise PermissionDenied


def safe_filename(name: str) -> str:
    """The uploaded name for display only: its last path part, no control characters."""
    base = PureWindowsPath(PurePosixPath(name or "").name).name
    base = "".join(ch for ch in base if ch.isprintable()).strip()
    return base[:255] or "workbook"


def sniff_extension(data: bytes, filename: str) -> str:
    """ ".xlsx", ".xlsb", ".ods", ".xls" or ".csv" judged by the content, through the one upload
    guard (jianfu/core/uploads.py: magic bytes, size, zip bomb, encrypted files, programs and
    HTML refused); raises LedgerImportRefused with this pipeline's codes and messages."""
    limit = max_bytes()
    try:
        checked = check_upload(
            data,
            filename,
            allowed=TABLES,
            max_bytes=limit,
            max_unzipped=int(
                getattr(settings, "LEDGER_IMPORT_MAX_UNZIPPED_BYTES", MAX_UNZIPPED_BYTES)
            ),
            max_ratio=MAX_RATIO,
        )
    except UploadRefused as refused:
        code = REFUSAL_CODES.get(refused.code, refused.code)
        messages = {
            "empty": "文件是空的，没有任何内容",
            "too_large": f"文件太大（超过 {limit // (1024 * 1024)} MB），"
            "请按年度或类别拆分后分别导入",
            "corrupted": "文件已损坏或不是有效的 Excel 工作簿，"
            "请用 Excel 打开后另存为 .xlsx 再导入",
            "zip_bomb": "工作簿解压后过大，拒绝读取；请检查文件，或拆分后分别导入",
            "password_protected": "工作簿设置了打开密码，请在 Excel 中取消密码后重新导入",
            "not_a_workbook": NOT_A_WORKBOOK,
        }
        raise LedgerImportRefused(code, messages.get(code, refused.message)) from None
    return checked.extension


REFUSAL_CODES = {"encrypted": "password_protected", "not_allowed": "not_a_workbook"}


def _county_dir(code: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "_", code) or "county"


def store_original(unit: Unit, data: bytes, extension: str) -> str:
    """Write the upload under MEDIA_ROOT; returns its path relative to MEDIA_ROOT."""
    relative = f"{STORE_DIR}/{_county_dir(unit.county.code)}/{uuid.uuid4().hex}{extension}"
    path = Path(settings.MEDIA_ROOT) / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_suffix(path.suffix + ".part")
    temp.write_bytes(data)
    temp.replace(path)
    return relative


def stored_path(batch: ImportBatch) -> Path:
    """The kept original of a batch (raises FileNotFoundError when it is gone)."""
    if not batch.stored_file:
        raise FileNotFoundError(batch.pk)
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / batch.stored_file).resolve()
    if root not in path.parents:  # a stored name is ours, but never follow one out of MEDIA_ROOT
        raise FileNotFoundError(batch.stored_file)
    return path


def remove_original(relative: str) -> None:
    if relative:
        (Path(settings.MEDIA_ROOT) / relative).unlink(missing_ok=True)


def read_source(source: Any, filename: str) -> WorkbookRead:
    try:
        return read_workbook(source, filename, limits=read_limits())
    except WorkbookRefused as exc:
        raise LedgerImportRefused(exc.code, exc.message) from exc


def read_stored(batch: ImportBatch) -> WorkbookRead:
    """Read a batch's kept original again (preview, commit, error workbook)."""
    try:
        path = stored_path(batch)
    except FileNotFoundError as exc:
        raise LedgerImportRefused("missing_file", "原始文件已不存在，请重新上传") from exc
    if not path.is_file():
        raise LedgerImportRefused("missing_file", "原始文件已不存在，请重新上传")
    return read_source(path, batch.filename)
