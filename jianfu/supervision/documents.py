"""Word (.docx) documents of the supervision part, in the official layout offices print
(GB/T 9704-style): red header line, title in 方正小标宋简体, body in 仿宋_GB2312, page numbers.

- `visit_record_docx(visit)` — the record of one visit (督导检查记录) with its findings;
- `rectification_notice_docx(task)` — the notice of one task to its unit (限期整改通知书).
"""

from __future__ import annotations

import io
from datetime import date

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from jianfu.org.models import User

from .models import RectificationTask, Visit

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
RED = RGBColor(0xC0, 0x00, 0x00)


def cn_date(value: date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def _font(run, name: str, size: float, *, bold: bool = False, color: RGBColor | None = None):
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), name)
    fonts.set(qn("w:ascii"), name)
    fonts.set(qn("w:hAnsi"), name)
    return run


def _bottom_border(paragraph, color: str = "C00000", size: int = 18) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), str(size))
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), color)
    borders.append(bottom)
    ppr.append(borders)


def _page_number(section) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(paragraph.add_run("— "), BODY_FONT, 14)
    run = _font(paragraph.add_run(), BODY_FONT, 14)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._element.append(element)
    _font(paragraph.add_run(" —"), BODY_FONT, 14)


class Official:
    """A document in the official layout: A4, 3.7/3.5/2.8/2.6 cm margins, header, title, body."""

    def __init__(self, issuer: str, number: str = "") -> None:
        self.doc = Document()
        section = self.doc.sections[0]
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)
        section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
        section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
        _page_number(section)
        header = self.doc.add_paragraph()
        header.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(header.add_run(issuer), TITLE_FONT, 26, color=RED)
        line = self.doc.add_paragraph()
        line.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if number:
            _font(line.add_run(number), BODY_FONT, 16)
        _bottom_border(line)

    def title(self, text: str) -> None:
        paragraph = self.doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_before = Pt(12)
        paragraph.paragraph_format.space_after = Pt(12)
        _font(paragraph.add_run(text), TITLE_FONT, 22)

    def heading(self, text: str) -> None:
        paragraph = self.doc.add_paragraph()
        paragraph.paragraph_format.first_line_indent = Pt(32)
        paragraph.paragraph_format.space_before = Pt(12)  # not glued to a facts table above
        _font(paragraph.add_run(text), HEADING_FONT, 16)

    def para(self, text: str, *, indent: bool = True, align=None) -> None:
        paragraph = self.doc.add_paragraph()
        if indent:
            paragraph.paragraph_format.first_line_indent = Pt(32)
        if align is not None:
            paragraph.alignment = align
        paragraph.paragraph_format.line_spacing = Pt(28)
        _font(paragraph.add_run(text), BODY_FONT, 16)

    def facts(self, rows: list[tuple[str, str]]) -> None:
        table = self.doc.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        table.autofit = False
        table.columns[0].width, table.columns[1].width = Cm(3.5), Cm(12.1)
        for label, value in rows:
            cells = table.add_row().cells
            cells[0].width, cells[1].width = Cm(3.5), Cm(12.1)
            _font(cells[0].paragraphs[0].add_run(label), HEADING_FONT, 14)
            _font(cells[1].paragraphs[0].add_run(value), BODY_FONT, 14)
            for cell in cells:  # breathing room inside the grid lines
                cell.paragraphs[0].paragraph_format.space_before = Pt(3)
                cell.paragraphs[0].paragraph_format.space_after = Pt(3)

    def signature(self, issuer: str, when: date) -> None:
        for text in (issuer, cn_date(when)):
            self.para(text, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)

    def bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


def _issuer(county_name: str) -> str:
    return _("%(county)s减轻基层负担督导组") % {"county": county_name}


def visit_record_docx(visit: Visit) -> bytes:
    county = visit.unit.county.name
    doc = Official(_issuer(county), _("督导记录 第%(id)s号") % {"id": visit.pk})
    doc.title(_("督导检查记录"))
    present = "、".join(str(m) for m in visit.members_present.all()) or "—"
    doc.facts(
        [
            (_("被督导单位"), visit.unit.name),
            (_("督导组"), visit.group.name),
            (_("督导日期"), cn_date(visit.date)),
            (_("参加人员"), present),
            (_("督导内容"), visit.checked),
            (_("总体情况"), visit.summary or "—"),
        ]
    )
    doc.heading(_("一、发现问题"))
    findings = list(visit.findings.select_related("task").order_by("position", "id"))
    if not findings:
        doc.para(_("本次督导未发现问题。"))
    for number, finding in enumerate(findings, start=1):
        line = f"{number}. {finding.text}（{finding.get_severity_display()}）"
        task = getattr(finding, "task", None)
        if task is not None:
            line += _("。已下达限期整改，整改期限：%(deadline)s，当前状态：%(status)s") % {
                "deadline": cn_date(task.deadline),
                "status": task.get_status_display(),
            }
        doc.para(line)
    doc.heading(_("二、记录人"))
    recorder = User.objects.filter(username=visit.recorded_by).first()
    doc.para(str(recorder) if recorder else visit.recorded_by or "—")
    doc.signature(visit.group.name, visit.date)
    return doc.bytes()


def rectification_notice_docx(task: RectificationTask) -> bytes:
    visit = task.finding.visit
    county = task.unit.county.name
    doc = Official(
        _issuer(county),
        _("督整改〔%(year)s〕%(id)s号")
        % {
            "year": task.created_at.year if task.created_at else visit.date.year,
            "id": task.pk,
        },
    )
    doc.title(_("限期整改通知书"))
    doc.para(f"{task.unit.name}：", indent=False)
    doc.para(
        _("%(date)s，%(group)s对你单位开展实地督导，发现以下问题：")
        % {
            "date": cn_date(visit.date),
            "group": task.group.name,
        }
    )
    doc.para(f"{task.finding.text}（{task.finding.get_severity_display()}）")
    doc.heading(_("整改要求"))
    doc.para(task.requirement or _("请对照问题逐项整改，建立长效机制，防止问题反弹。"))
    doc.para(
        _("请于%(deadline)s前完成整改，并将整改情况及佐证材料通过减负监测平台反馈督导组。")
        % {"deadline": cn_date(task.deadline)}
    )
    doc.para(_("责任人：%(name)s") % {"name": task.responsible or "—"})
    doc.signature(task.group.name, visit.date)
    return doc.bytes()
