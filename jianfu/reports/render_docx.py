"""The .docx in the official document layout (GB/T 9704 党政机关公文格式, in spirit).

A4 with the standard's margins (天头 37 mm, 订口 28 mm, 版心 156 × 225 mm); the red 版头 with the
issuing offices and a red rule under the 文号; the title in 方正小标宋简体, body 仿宋_GB2312 三号
(16 pt) on a 28 pt line grid, first-level headings 黑体, second-level 楷体_GB2312; tables in 五号;
page numbers in the footer (a PAGE field, "— 1 —"). The East Asian font of every run is set
through rFonts/eastAsia; the font table names the Noto CJK font that renders where the official
fonts are missing (altName), which LibreOffice and Word both honour.
"""

from __future__ import annotations

import io
import re
from datetime import date
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.run import Run

from .charts import chart_png
from .content import Outline
from .content_tables import Chart, Table

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
H1_FONT = "黑体"
H2_FONT = "楷体_GB2312"
FOOTER_FONT = "宋体"
LATIN_FONT = "Times New Roman"
# what renders here when the official fonts are absent (fonts-noto-cjk)
FALLBACK = {
    TITLE_FONT: "Noto Serif CJK SC",
    BODY_FONT: "Noto Serif CJK SC",
    H2_FONT: "Noto Serif CJK SC",
    FOOTER_FONT: "Noto Serif CJK SC",
    H1_FONT: "Noto Sans CJK SC",
}
RED = RGBColor(0xFF, 0x00, 0x00)
SIZE_HEADER = Pt(26)  # 发文机关标志
SIZE_TITLE = Pt(22)  # 二号
SIZE_BODY = Pt(16)  # 三号
SIZE_TABLE = Pt(10.5)  # 五号
SIZE_FOOTER = Pt(14)  # 四号
LINE = Pt(28)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # not allowed in XML text


def _fonts(run_or_style, east_asian: str, size=None, *, bold=False, colour=None) -> None:
    font = run_or_style.font
    font.name = LATIN_FONT
    if size is not None:
        font.size = size
    font.bold = bold
    if colour is not None:
        font.color.rgb = colour
    element = run_or_style.element
    rpr = element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    rfonts.set(qn("w:eastAsia"), east_asian)
    rfonts.set(qn("w:ascii"), LATIN_FONT)
    rfonts.set(qn("w:hAnsi"), LATIN_FONT)
    if not isinstance(run_or_style, Run) and rpr.find(qn("w:lang")) is None:
        # Simplified Chinese: substitutes pick the SC glyph forms where the official font is absent
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), "zh-CN")
        lang.set(qn("w:eastAsia"), "zh-CN")
        rpr.append(lang)


def _paragraph(
    doc,
    text: str,
    font: str,
    size,
    *,
    align=None,
    bold=False,
    colour=None,
    indent: bool = False,
    style=None,
    exact: bool = True,
):
    paragraph = doc.add_paragraph(style=style)
    if text:
        run = paragraph.add_run(CONTROL.sub("", text))
        _fonts(run, font, size, bold=bold, colour=colour)
    fmt = paragraph.paragraph_format
    if align is not None:
        paragraph.alignment = align
    if indent:
        fmt.first_line_indent = Pt(32)  # two characters of 三号
    if exact:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = LINE
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    return paragraph


def _border(paragraph, edge: str, colour: str, size: int = 12) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        ppr.append(borders)
    line = OxmlElement(f"w:{edge}")
    line.set(qn("w:val"), "single")
    line.set(qn("w:sz"), str(size))
    line.set(qn("w:space"), "1")
    line.set(qn("w:color"), colour)
    borders.append(line)


def _page_field(paragraph) -> None:
    run = paragraph.add_run()
    _fonts(run, FOOTER_FONT, SIZE_FOOTER)
    for tag, text in (
        ("begin", None),
        ("instr", " PAGE "),
        ("separate", None),
        ("text", "1"),
        ("end", None),
    ):
        if tag == "instr":
            node = OxmlElement("w:instrText")
            node.set(qn("xml:space"), "preserve")
            node.text = text
        elif tag == "text":
            node = OxmlElement("w:t")
            node.text = text
        else:
            node = OxmlElement("w:fldChar")
            node.set(qn("w:fldCharType"), tag)
        run._r.append(node)


def _setup(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(20)
    normal = doc.styles["Normal"]
    _fonts(normal, BODY_FONT, SIZE_BODY)
    table_style = doc.styles.add_style("JianfuTableText", 1)  # 1: paragraph style
    table_style.base_style = normal
    _fonts(table_style, BODY_FONT, SIZE_TABLE)
    table_style.paragraph_format.space_after = Pt(0)
    table_style.paragraph_format.first_line_indent = Pt(0)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _fonts(footer.add_run("— "), FOOTER_FONT, SIZE_FOOTER)
    _page_field(footer)
    _fonts(footer.add_run(" —"), FOOTER_FONT, SIZE_FOOTER)


def _fallback_fonts(doc) -> None:
    """Name the Noto CJK font each official font falls back to, in the font table (altName)."""
    part = next(
        (rel.target_part for rel in doc.part.rels.values() if rel.reltype.endswith("/fontTable")),
        None,
    )
    if part is None:
        return
    entries = "".join(
        f'<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/>'
        f'<w:family w:val="roman"/></w:font>'
        for name, alt in FALLBACK.items()
    )
    blob = part.blob.decode("utf-8")
    blob = blob.replace("</w:fonts>", entries + "</w:fonts>")
    part._blob = blob.encode("utf-8")


def _table(doc, table: Table) -> None:
    """A ruled table, written as one XML fragment and parsed once: python-docx's object API
    costs milliseconds per cell, which a 300-row quota table of a real county turns into
    seconds. Fixed column widths (grid and cells), the header row repeated on every page."""
    caption = _paragraph(doc, table.caption, H1_FONT, Pt(12), align=WD_ALIGN_PARAGRAPH.CENTER)
    caption.paragraph_format.space_before = Pt(6)
    count = len(table.headers)
    twips = (
        [round(w * 1440 / 25.4) for w in table.widths]
        if table.widths
        else [round(156 * 1440 / 25.4 / count)] * count
    )
    style_id = doc.styles["JianfuTableText"].style_id
    grid_style = doc.styles["Table Grid"].style_id
    header_font = (
        f'<w:rPr><w:rFonts w:ascii="{LATIN_FONT}" w:hAnsi="{LATIN_FONT}" '
        f'w:eastAsia="{H1_FONT}"/></w:rPr>'
    )

    def cell(text: str, width: int, *, centred: bool, header: bool) -> str:
        jc = '<w:jc w:val="center"/>' if centred else ""
        run_props = header_font if header else ""
        value = escape(CONTROL.sub("", str(text)))
        return (
            f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:vAlign w:val="center"/>'
            f'</w:tcPr><w:p><w:pPr><w:pStyle w:val="{style_id}"/>{jc}</w:pPr>'
            f'<w:r>{run_props}<w:t xml:space="preserve">{value}</w:t></w:r></w:p>'
            f"</w:tc>"
        )

    parts = [
        f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="{grid_style}"/>'
        f'<w:tblW w:w="{sum(twips)}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>',
        *(f'<w:gridCol w:w="{w}"/>' for w in twips),
        "</w:tblGrid><w:tr><w:trPr><w:tblHeader/></w:trPr>",
        *(cell(h, w, centred=True, header=True) for h, w in zip(table.headers, twips, strict=True)),
        "</w:tr>",
    ]
    for values in table.rows:
        parts.append("<w:tr>")
        parts.extend(
            cell(value, w, centred=index != 1 or count < 3, header=False)
            for index, (value, w) in enumerate(zip(values, twips, strict=True))
        )
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    caption._p.addnext(parse_xml("".join(parts)))
    _paragraph(doc, "", BODY_FONT, SIZE_TABLE, exact=False)


def _chart(doc, chart: Chart) -> None:
    png = chart_png(chart)
    doc.add_picture(io.BytesIO(png), width=Mm(150))
    doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(doc, chart.caption, H1_FONT, Pt(12), align=WD_ALIGN_PARAGRAPH.CENTER)


def chinese_date(value: date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def docx_bytes(outline: Outline, *, dated: date, printed_by: str = "") -> bytes:
    """The outline as a .docx in the official layout; `dated` is the 成文日期."""
    doc = Document()
    _setup(doc)
    _fallback_fonts(doc)
    center = WD_ALIGN_PARAGRAPH.CENTER
    # 版头: the issuing offices in red, the 文号, the red rule
    for issuer in outline.issuers:
        _paragraph(doc, issuer, TITLE_FONT, SIZE_HEADER, align=center, colour=RED, exact=False)
    _paragraph(doc, "", BODY_FONT, SIZE_BODY)
    number = _paragraph(doc, outline.doc_no, BODY_FONT, SIZE_BODY, align=center)
    _border(number, "bottom", "FF0000", size=18)
    _paragraph(doc, "", BODY_FONT, SIZE_BODY)
    _paragraph(doc, outline.title, TITLE_FONT, SIZE_TITLE, align=center, exact=False)
    _paragraph(doc, "", BODY_FONT, SIZE_BODY)
    if outline.salutation:
        _paragraph(doc, outline.salutation, BODY_FONT, SIZE_BODY)
    for kind, block in outline.blocks:
        if kind == "h1":
            _paragraph(doc, block, H1_FONT, SIZE_BODY, indent=True)
        elif kind == "h2":
            _paragraph(doc, block, H2_FONT, SIZE_BODY, indent=True)
        elif kind == "p":
            _paragraph(doc, block, BODY_FONT, SIZE_BODY, indent=True)
        elif kind == "table":
            _table(doc, block)
        elif kind == "chart":
            _chart(doc, block)
    _paragraph(doc, "", BODY_FONT, SIZE_BODY)
    right = WD_ALIGN_PARAGRAPH.RIGHT
    for line in outline.signature:
        _paragraph(doc, line, BODY_FONT, SIZE_BODY, align=right)
    _paragraph(doc, chinese_date(dated), BODY_FONT, SIZE_BODY, align=right)
    # 版记: who printed it and when, between two rules
    _paragraph(doc, "", BODY_FONT, SIZE_BODY)
    imprint = _paragraph(
        doc,
        f"{printed_by or outline.signature[0]}　　{chinese_date(dated)}印发",
        BODY_FONT,
        Pt(14),
    )
    _border(imprint, "top", "000000", size=8)
    _border(imprint, "bottom", "000000", size=8)
    props = doc.core_properties
    props.title = outline.title
    props.keywords = outline.doc_no
    props.author = outline.issuers[0]
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
