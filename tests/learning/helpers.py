"""Small real files for the learning tests: a .docx made with python-docx, a PDF, a workbook."""

from __future__ import annotations

import io

from docx import Document
from openpyxl import Workbook

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def docx_bytes(text: str = "统计口径解释") -> bytes:
    document = Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def workbook_bytes(rows: list[list], title: str | None = "学习记录") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "学习记录"
    if title:
        sheet.append([title])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def zip_bomb_docx() -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"0" * (101 * 1024 * 1024))
    return out.getvalue()
