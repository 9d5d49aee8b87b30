"""Excel output shared by every export: neutralised cells (R12) and a download response."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from .uploads import download_response

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# A cell starting with one of these is read as a formula (or DDE payload) by spreadsheet programs.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def excel_safe(value: Any) -> Any:
    """A cell value that a spreadsheet will show as text, never run.

    Strings that begin with = + - @ tab or CR get a leading apostrophe, so that they round-trip
    as the literal text a person typed plus one visible `'`. Control characters that the .xlsx
    format cannot hold are replaced by U+FFFD (visible, not silently dropped); aware datetimes are
    written in the county's local time. Other types pass unchanged.
    """
    if isinstance(value, str):
        if ILLEGAL_CHARACTERS_RE.search(value):
            value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
        if value.startswith(FORMULA_PREFIXES):
            return "'" + value
        return value
    if isinstance(value, datetime) and value.tzinfo is not None:
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def xlsx_bytes(
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    sheet_title: str = "Sheet1",
    title: str = "",
    widths: Sequence[int] | None = None,
) -> bytes:
    """One sheet: an optional bold title row, a header row, then the rows (cells neutralised).

    Written with openpyxl's write-only mode (row by row, little memory; several times faster
    than the normal mode on large exports). openpyxl keeps every character as typed, so that a
    cell read back is exactly the text exported (R12).
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title[:31])
    for index, width in enumerate(widths or [], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    header_row = 2 if title else 1
    sheet.freeze_panes = f"A{header_row + 1}"
    if title:
        cell = WriteOnlyCell(sheet, value=excel_safe(title))
        cell.font = Font(bold=True, size=14)
        sheet.append([cell])
    fill = PatternFill("solid", fgColor="F5F7FA")
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=excel_safe(str(header)))
        cell.font = Font(bold=True)
        cell.fill = fill
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([excel_safe(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    """An .xlsx download, through the one download writer (uploads.download_response)."""
    return download_response(content, filename, XLSX_CONTENT_TYPE)


# ---- reading what people upload: .xlsx / .xls / .csv (R11: type by content, size, zip bomb) ----

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
TABLE_EXTENSIONS = (".xlsx", ".xls", ".csv")
CSV_ENCODINGS = ("utf-8-sig", "gb18030")  # gb18030 reads every GBK / GB2312 file


class TableFileError(ValueError):
    """The file cannot be read as a table; the message is for the person who sent it."""


@dataclass(frozen=True)
class SheetRows:
    """One sheet as rows of cells; `rows[i]` is Excel row i + 1 (title rows counted)."""

    name: str
    rows: list[list[Any]]


def table_kind(data: bytes, filename: str) -> str:
    """'xlsx', 'xls' or 'csv' judged by the content, not only the name; raises TableFileError."""
    import zipfile

    lower = filename.lower()
    if not lower.endswith(TABLE_EXTENSIONS):
        raise TableFileError(_("仅支持 .xlsx、.xls 或 .csv 文件。"))
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = archive.namelist()
                total = sum(info.file_size for info in archive.infolist())
        except zipfile.BadZipFile as exc:
            raise TableFileError(_("文件已损坏，无法作为 Excel 打开。")) from exc
        if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
            raise TableFileError(_("文件不是 Excel 工作簿（.xlsx）。"))
        if total > MAX_UNZIPPED_BYTES:
            raise TableFileError(_("Excel 文件解压后过大，拒绝读取。"))
        return "xlsx"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "xls"
    if lower.endswith((".xlsx", ".xls")):
        raise TableFileError(_("文件内容不是 Excel 工作簿，请确认文件未损坏。"))
    if b"\x00" in data[:4096]:
        raise TableFileError(_("文件不是文本 CSV。"))
    return "csv"


def decode_text(data: bytes) -> str:
    for encoding in CSV_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableFileError(_("无法识别 CSV 文件的编码，请另存为 UTF-8 或 GBK。"))


def read_table(data: bytes, filename: str, *, include_hidden: bool = False) -> list[SheetRows]:
    """Every sheet's rows with Excel's row numbering kept (empty leading rows are not dropped)."""
    import csv
    from pathlib import PurePath

    from python_calamine import CalamineWorkbook

    kind = table_kind(data, filename)
    if kind == "csv":
        text = decode_text(data)
        first = text.split("\n", 1)[0]
        delimiter = "\t" if "\t" in first and "," not in first else ","
        rows = [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
        return [SheetRows(PurePath(filename).stem or "CSV", rows)]
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        for meta in workbook.sheets_metadata:
            if (
                not include_hidden
                and str(getattr(meta, "visible", "Visible")).lower().find("hidden") >= 0
            ):
                continue
            sheet = workbook.get_sheet_by_name(meta.name)
            sheets.append(SheetRows(meta.name, sheet.to_python(skip_empty_area=False)))
        return sheets
    except Exception as exc:  # calamine raises its own error types for broken files
        raise TableFileError(_("Excel 文件无法读取，请确认文件未损坏。")) from exc
