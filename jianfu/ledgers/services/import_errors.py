"""The error workbook: the uploaded workbook with a column 错误说明 on every row in error, so that
the clerk can fix those rows and import the file again.

An .xlsx is opened with openpyxl and keeps everything it had (formats, merges, other columns)
except its formulas, which become the values saved with them (R12: no live formula goes out);
a .csv, .xls or .ods becomes a new .xlsx with the same sheets and cells. Every message is
neutralised (excel_safe): it quotes what the clerk typed, which may look like a formula.
"""

from __future__ import annotations

import io
from collections import defaultdict
from pathlib import Path

import openpyxl
from openpyxl.styles import Font, PatternFill

from jianfu.core.excel import excel_safe

from ..models import ImportBatch
from ..workbook import RowError, WorkbookRead
from ..workbook.source import load_sheets
from .import_store import read_limits, read_stored, stored_path

ERROR_HEADER = "错误说明"
ERROR_FILL = PatternFill("solid", fgColor="FDE2E2")


def _message(error: RowError) -> str:
    where = f"“{error.column}”列" if error.column else ""
    value = f"（{error.value}）" if error.value and error.column else ""
    return f"{where}{value}：{error.message}" if where else error.message


def _by_sheet(read: WorkbookRead) -> dict[str, dict[int | None, list[str]]]:
    found: dict[str, dict[int | None, list[str]]] = defaultdict(lambda: defaultdict(list))
    for error in read.errors:
        found[error.sheet][error.row].append(_message(error))
    return found


def ledger_error_workbook(batch: ImportBatch) -> bytes:
    """The batch's workbook with 错误说明 filled in on each erroneous row (an .xlsx)."""
    read = read_stored(batch)
    path = stored_path(batch)
    errors = _by_sheet(read)
    header_rows = {sheet.name: sheet.header_row for sheet in read.sheets}
    if path.suffix.lower() == ".xlsx":
        # Formulas as the values Excel saved with them, which the import read (calamine reads
        # those too): the file goes to other people, and a planted =HYPERLINK(…) or DDE
        # formula must not come back live (R12).
        workbook = openpyxl.load_workbook(path, data_only=True)
        for sheet in workbook.worksheets:
            _annotate(sheet, header_rows.get(sheet.title), errors.get(sheet.title, {}))
    else:
        workbook = _copy_as_xlsx(path, batch.filename, header_rows, errors)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _annotate(sheet, header_row: int | None, errors: dict[int | None, list[str]]) -> None:
    if not errors:
        return
    column = sheet.max_column + 1
    top = header_row or 1
    head = sheet.cell(row=top, column=column)
    whole_sheet = errors.get(None, [])
    head.value = excel_safe(
        ERROR_HEADER + ("：" + "；".join(whole_sheet) if whole_sheet else "")
        if header_row
        else "；".join(whole_sheet) or ERROR_HEADER
    )
    head.font = Font(bold=True, color="C00000")
    sheet.column_dimensions[openpyxl.utils.get_column_letter(column)].width = 60
    for row, messages in errors.items():
        if row is None:
            continue
        cell = sheet.cell(row=row, column=column, value=excel_safe("；".join(messages)))
        cell.fill = ERROR_FILL


def _copy_as_xlsx(
    path: Path,
    filename: str,
    header_rows: dict[str, int | None],
    errors: dict[str, dict[int | None, list[str]]],
) -> openpyxl.Workbook:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for raw in load_sheets(path, filename, read_limits()):
        sheet = workbook.create_sheet(raw.name[:31])
        for row in raw.grid:
            sheet.append([excel_safe(value) if value != "" else None for value in row[:-1]])
        _annotate(sheet, header_rows.get(raw.name), errors.get(raw.name, {}))
    if not workbook.worksheets:
        workbook.create_sheet("Sheet1")
    return workbook
