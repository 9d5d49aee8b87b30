"""Small generated .docx files for the demo: the text of an archived filing, the evidence of a
rectification response. One document is made with python-docx per build (placeholders for the
title and the paragraphs); each file fills it in and rezips with fixed timestamps, so the same
text gives the same bytes (deterministic) and a file costs about a millisecond.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from xml.sax.saxutils import escape

from docx import Document

TITLE_MARK, BODY_MARK = "TITLEPLACEHOLDER", "BODYPLACEHOLDER"
FIXED_TIME = (2020, 1, 1, 0, 0, 0)
PARAGRAPH = '</w:t></w:r></w:p><w:p><w:r><w:t xml:space="preserve">'


class DocxMaker:
    """Fills one python-docx document in for every file."""

    def __init__(self) -> None:
        document = Document()
        document.core_properties.author = "青河县（演示）"
        document.add_heading(TITLE_MARK, level=1)
        document.add_paragraph(BODY_MARK)
        out = io.BytesIO()
        document.save(out)
        with zipfile.ZipFile(io.BytesIO(out.getvalue())) as source:
            self.parts = [(info.filename, source.read(info)) for info in source.infolist()]

    def make(self, title: str, paragraphs: Sequence[str]) -> bytes:
        body = PARAGRAPH.join(escape(p) for p in paragraphs)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as target:
            for name, data in self.parts:
                if name == "word/document.xml":
                    text = data.decode("utf-8")
                    text = text.replace(TITLE_MARK, escape(title)).replace(
                        BODY_MARK, f'</w:t></w:r><w:r><w:t xml:space="preserve">{body}'
                    )
                    data = text.encode("utf-8")
                elif name == "docProps/core.xml":
                    data = _fixed_dates(data)
                info = zipfile.ZipInfo(name, FIXED_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                target.writestr(info, data, compresslevel=1)  # fast; the styles are large
        return out.getvalue()


def _fixed_dates(core: bytes) -> bytes:
    """python-docx stamps the creation time; the demo's files carry a fixed one."""
    return re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*", rb"\g<1>2020-01-01T00:00:00Z", core)
