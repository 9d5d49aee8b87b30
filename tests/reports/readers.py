"""Reading the generated files back: the .docx tables and the .xlsx sheets, as plain rows."""

from __future__ import annotations

import io

import docx
import openpyxl


def docx_tables(content: bytes) -> dict[str, list[list[str]]]:
    """Each table of the document by its first header cell + second header cell."""
    document = docx.Document(io.BytesIO(content))
    tables = {}
    for table in document.tables:
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        tables["/".join(rows[0][:3])] = rows
    return tables


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    return "\n".join(p.text for p in document.paragraphs)


def xlsx_sheets(content: bytes) -> dict[str, list[list]]:
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    return {
        sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)]
        for sheet in workbook.worksheets
    }
