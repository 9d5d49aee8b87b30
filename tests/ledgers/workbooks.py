"""Building workbooks in memory the way clerks' files look, for the reader's tests."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

import openpyxl
import xlsxwriter

from jianfu.ledgers.workbook import SheetRead, WorkbookRead

Cells = Sequence[object]


def xlsx(
    sheets: dict[str, Iterable[Cells]],
    merges: dict[str, list[str]] | None = None,
    hidden: Iterable[str] = (),
) -> bytes:
    """An .xlsx (openpyxl) with one sheet per key; `None` cells stay empty; merges like "A1:F1"."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    sheet.cell(row=r, column=c, value=value)
        for span in (merges or {}).get(name, []):
            sheet.merge_cells(span)
        if name in hidden:
            sheet.sheet_state = "hidden"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_with_xlsxwriter(
    name: str, rows: Iterable[Cells], merges: Iterable[tuple] = (), date_columns: Iterable[int] = ()
) -> bytes:
    """An .xlsx written by xlsxwriter; numbers in `date_columns` get a date format (serials)."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet(name)
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    dated = set(date_columns)
    for first_row, first_col, last_row, last_col, value in merges:
        sheet.merge_range(first_row, first_col, last_row, last_col, value)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None:
                continue
            if c in dated and isinstance(value, int | float):
                sheet.write_number(r, c, value, date_format)
            else:
                sheet.write(r, c, value)
    workbook.close()
    return buffer.getvalue()


def csv_bytes(rows: Iterable[Cells], encoding: str = "utf-8") -> bytes:
    lines = [",".join("" if v is None else str(v) for v in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def ods(name: str, rows: Iterable[Cells]) -> bytes:
    """A minimal OpenDocument spreadsheet with text cells (enough for calamine)."""
    import zipfile
    from xml.sax.saxutils import escape, quoteattr

    body = "".join(
        "<table:table-row>"
        + "".join(
            '<table:table-cell office:value-type="string"><text:p>'
            f"{escape(str(value))}</text:p></table:table-cell>"
            if value is not None
            else "<table:table-cell/>"
            for value in row
        )
        + "</table:table-row>"
        for row in rows
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:spreadsheet><table:table table:name={quoteattr(name)}>{body}"
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", manifest)
    return buffer.getvalue()


def assert_accounted(result: WorkbookRead) -> None:
    """Every data row is a LedgerRow or has an error (or its sheet is blocked)."""
    for sheet in result.sheets:
        row_numbers = [row.row for row in sheet.rows]
        in_error = {error.row for error in sheet.errors if error.row is not None}
        assert not in_error & set(row_numbers), sheet.name
        if sheet.blocked:
            assert not sheet.rows
            assert any(error.row is None for error in sheet.errors)
        else:
            assert sheet.data_rows == len(row_numbers) + len(in_error), sheet.name
    assert result.rows_total == sum(sheet.data_rows for sheet in result.sheets)
    assert result.errors == [error for sheet in result.sheets for error in sheet.errors]


def sheet(result: WorkbookRead, name: str) -> SheetRead:
    return next(s for s in result.sheets if s.name == name)
