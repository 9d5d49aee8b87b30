"""The visit record (.docx): the first heading after the facts table has space above it and the
table's cells have space inside their grid lines — in the first user walk the heading 一、发现问题
was glued to the table and the text touched the borders."""

from __future__ import annotations

import io

import pytest
from docx import Document
from docx.shared import Pt

pytestmark = pytest.mark.django_db


def test_visit_record_heading_and_cells_have_room(client, users, visit_ny):
    client.force_login(users["inspector"])
    response = client.get(f"/supervision/visits/{visit_ny.pk}/docx/")
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    heading = next(p for p in document.paragraphs if p.text == "一、发现问题")
    assert heading.paragraph_format.space_before is not None
    assert heading.paragraph_format.space_before >= Pt(6)
    for row in document.tables[0].rows:
        for cell in row.cells:
            fmt = cell.paragraphs[0].paragraph_format
            assert fmt.space_before is not None and fmt.space_before >= Pt(2)
            assert fmt.space_after is not None and fmt.space_after >= Pt(2)
