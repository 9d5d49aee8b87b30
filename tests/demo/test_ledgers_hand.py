"""The hand-made statistics ledger generator: it lists what the criteria count, then errs as told
(counts a 表彰决定, a 会议纪要, a 党校培训班; leaves out a 便函 and a 视频会; types 文号 in other
brackets), and the project's own workbook reader reads it back without an error."""

from __future__ import annotations

from datetime import date

from jianfu.core.text import normalize_doc_no
from jianfu.demo.hand_ledgers import HandLine, Mistakes, hand_ledger_rows, hand_ledger_workbook
from jianfu.ledgers.workbook import read_workbook
from jianfu.org.models import Unit

LINES = [
    HandLine("收文", date(2025, 4, 3), "县委办公室", "县委办发〔2025〕31号",
             "关于做好安全生产工作的通知", True, "D-IN-1", category="县级"),
    HandLine("收文", date(2025, 4, 8), "县农业农村局", "青农发〔2025〕12号",
             "关于做好春季农业生产工作的通知", True, "D-IN-2", category="部门"),
    HandLine("收文", date(2025, 4, 9), "县应急局", "", "关于报送危险化学品安全相关数据的便函",
             True, "D-IN-3", category="部门"),
    HandLine("收文", date(2025, 4, 11), "县政府办", "青政办发〔2025〕40号",
             "关于表彰2024年度安全生产工作先进集体和先进个人的决定", False, "D-OUT-2",
             category="不计入"),
    HandLine("收文", date(2025, 4, 15), "县政府", "", "县政府第9次常务会议纪要", False,
             "D-OUT-4", category="不计入"),
    HandLine("收文", date(2025, 4, 16), "县委办", "", "青河信息（第12期）", False, "D-BR-1",
             category="简报"),
    HandLine("参会", date(2025, 4, 18), "县委党校", "", "全县年轻干部培训班（第2期）", False,
             "M-OUT-2", meeting_form="现场", category="培训"),
    HandLine("参会", date(2025, 4, 22), "县水利局", "", "防汛备汛工作调度会", True, "M-IN-2",
             meeting_form="视频", category="部门"),
    HandLine("参会", date(2025, 5, 6), "县政府办", "", "全县乡村全面振兴工作推进会", True,
             "M-IN-1", meeting_form="现场", category="县级"),
    HandLine("受检", date(2025, 5, 20), "县委办", "", "整治形式主义为基层减负工作专项督查",
             True, "I-IN-1", category="县级"),
]  # fmt: skip

ALL_MISTAKES = Mistakes(
    counted_commendation=1,
    counted_minutes=1,
    counted_training_class=1,
    missed_white_head=1,
    missed_video_meeting=1,
    other_brackets=2,
)


def test_without_mistakes_it_is_the_statistics_ledger():
    rows = hand_ledger_rows(LINES, Mistakes())
    assert [r.title for r in rows] == [x.title for x in LINES if x.counted]


def test_the_typical_mistakes_are_made():
    rows = hand_ledger_rows(LINES, ALL_MISTAKES)
    titles = {r.title for r in rows}
    assert "关于表彰2024年度安全生产工作先进集体和先进个人的决定" in titles
    assert "县政府第9次常务会议纪要" in titles
    assert "全县年轻干部培训班（第2期）" in titles
    assert "关于报送危险化学品安全相关数据的便函" not in titles
    assert "防汛备汛工作调度会" not in titles
    assert "青河信息（第12期）" not in titles  # a brief is neither counted nor miscounted here
    with_doc_no = [r.doc_no for r in rows if r.doc_no]
    assert len(with_doc_no) == 3 and sum("〔" not in d for d in with_doc_no) == 2
    originals = {normalize_doc_no(x.doc_no) for x in LINES if x.doc_no}
    assert {normalize_doc_no(d) for d in with_doc_no} <= originals
    assert [r.date for r in rows] == sorted(r.date for r in rows)
    assert hand_ledger_rows(LINES, ALL_MISTAKES) == rows  # the same mistakes every time


def test_the_workbook_reads_back_as_a_unit_keeps_it():
    unit = Unit(name="河口乡", code="QH-HK", kind="township")
    data = hand_ledger_workbook(unit, LINES, ALL_MISTAKES)
    read = read_workbook(data, "河口乡2025年第二季度统计台账.xlsx")
    assert not read.errors
    expected = hand_ledger_rows(LINES, ALL_MISTAKES)
    got = sorted((r.kind, r.date, r.title, r.doc_no) for r in read.rows)
    assert got == sorted((r.kind, r.date, r.title, r.doc_no) for r in expected)
    assert {r.sheet for r in read.rows} == {"收文", "参会", "受检"}
    # a title row above the header: the first line is on row 3 as Excel shows it
    assert min(r.row for r in read.rows) == 3
    assert all(r.extras.get("统计类别") for r in read.rows)
