"""The bulletin's official layout, read back with python-docx; and LibreOffice renders it."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Pt

from jianfu.reports.periods import parse_period
from jianfu.reports.services.reports import report_build

pytestmark = pytest.mark.django_db


@pytest.fixture
def bulletin(county, scene) -> bytes:
    return report_build(county, parse_period("2025-Q3")).docx


def east_asian(paragraph) -> str:
    run = paragraph.runs[0]
    return run._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


def test_official_layout(bulletin):
    document = docx.Document(io.BytesIO(bulletin))
    section = document.sections[0]
    measures = (
        section.page_width,
        section.page_height,
        section.top_margin,
        section.bottom_margin,
        section.left_margin,
        section.right_margin,
    )
    assert [round(m.mm) for m in measures] == [210, 297, 37, 35, 28, 26]
    paragraphs = [p for p in document.paragraphs if p.text]
    # 版头: the two offices in red 小标宋, then the 文号 over a red rule, then the title
    assert [p.text for p in paragraphs[:3]] == [
        "中共青河县委办公室",
        "青河县人民政府办公室",
        "青减负通〔2025〕3号",
    ]
    for header in paragraphs[:2]:
        assert header.runs[0].font.color.rgb == docx.shared.RGBColor(0xFF, 0, 0)
        assert east_asian(header) == "方正小标宋简体"
    rule = paragraphs[2]._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert rule.get(qn("w:color")) == "FF0000"
    title = paragraphs[3]
    assert title.text == "关于青河县2025年第三季度为基层减负工作情况的通报"
    assert east_asian(title) == "方正小标宋简体" and title.runs[0].font.size == Pt(22)
    body = next(p for p in paragraphs if p.text.startswith("2025年第三季度（"))
    assert east_asian(body) == "仿宋_GB2312" and body.runs[0].font.size == Pt(16)
    heading = next(p for p in paragraphs if p.text == "一、总体情况")
    assert east_asian(heading) == "黑体"
    # units named: over quota, and flagged for the bulletin
    named = [p.text for p in paragraphs if re.match(r"^\d\. ", p.text)]
    assert named[0].startswith("1. 县教育局：督查要求基层提供大量台账材料（N-I-03）")
    assert named[1].startswith("2. 县农业农村局：发文超出年度数额（已用 10，数额 8）")
    # page numbers: a PAGE field in the footer
    footer = section.footer._element.xml
    assert "PAGE" in footer and "fldChar" in footer
    # a chart inside (PNG) and the fallback fonts named in the font table
    images = [r for r in document.part.rels.values() if r.reltype.endswith("/image")]
    assert images and images[0].target_part.blob[:8] == b"\x89PNG\r\n\x1a\n"
    fonts = next(
        r.target_part for r in document.part.rels.values() if r.reltype.endswith("/fontTable")
    ).blob.decode()
    assert 'w:name="仿宋_GB2312"><w:altName w:val="Noto Serif CJK SC"/>' in fonts


def test_libreoffice_renders_the_bulletin(bulletin, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is needed: apt-get install -y libreoffice-writer-nogui"
    source = tmp_path / "bulletin.docx"
    source.write_bytes(bulletin)
    subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = (tmp_path / "bulletin.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages >= 2
