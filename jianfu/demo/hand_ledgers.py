"""Hand-made statistics ledgers (手工统计台账) as units still keep them, with the mistakes clerks
typically make, written as the workbook a unit would upload for the comparison (双台账比对).

`hand_ledger_workbook(unit, lines, mistakes)` starts from the lines the criteria count (the
correct statistics ledger) and then errs as `mistakes` says: it counts what the criteria exclude
(a 表彰决定, a 会议纪要, a 党校培训班), leaves out what they count (a 便函 that assigns tasks, a
视频会), and types some 文号 in other brackets (which the comparison must still match).
"""

from __future__ import annotations

import io
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from openpyxl import Workbook

from jianfu.org.models import Unit

# How a hand-made ledger names its sheets and its counterpart column, kind by kind.
SHEET_COUNTERPART = {
    "收文": "来文单位",
    "参会": "主办单位",
    "受检": "实施单位",
    "发文": "主送单位",
    "办会": "参会单位",
    "督查": "检查对象",
}
HEADERS = ("序号", "日期", None, "文号", "标题", "统计类别")
OTHER_BRACKETS = (("[", "]"), ("（", "）"), ("(", ")"), ("【", "】"))


@dataclass(frozen=True)
class HandLine:
    """A daily ledger line as the clerk sees it when making the statistics ledger by hand."""

    kind: str
    date: date
    counterpart: str
    doc_no: str
    title: str
    counted: bool
    rule: str
    meeting_form: str = ""
    category: str = ""


@dataclass(frozen=True)
class Mistakes:
    """How many lines of each typical mistake to make (fewer when the period has fewer)."""

    counted_commendation: int = 0  # D-OUT-2: a 表彰决定 counted
    counted_minutes: int = 0  # D-OUT-4: a 会议纪要 counted
    counted_training_class: int = 0  # M-OUT-2: a 党校 / 组织部 培训班 counted
    missed_white_head: int = 0  # D-IN-3: a 便函 / 工作提示 that assigns work left out
    missed_video_meeting: int = 0  # a counted 视频会 / 电视电话会议 left out
    other_brackets: int = 0  # 文号 typed in other brackets (still the same 文号)
    seed: str = field(default="hand")


def _is_video(line: HandLine) -> bool:
    return (
        line.counted and line.kind in ("参会", "办会") and line.meeting_form in ("视频", "电视电话")
    )


def hand_ledger_rows(lines: Iterable[HandLine], mistakes: Mistakes) -> list[HandLine]:
    """The lines the hand-made ledger lists, in date order, mistakes included."""
    rng = random.Random(mistakes.seed)
    lines = sorted(lines, key=lambda line: (line.date, line.kind, line.title))
    chosen = [line for line in lines if line.counted]

    def pick(candidates: list[HandLine], n: int) -> list[HandLine]:
        return rng.sample(candidates, min(n, len(candidates)))

    wrong = (
        pick([x for x in lines if x.rule == "D-OUT-2"], mistakes.counted_commendation)
        + pick([x for x in lines if x.rule == "D-OUT-4"], mistakes.counted_minutes)
        + pick([x for x in lines if x.rule == "M-OUT-2"], mistakes.counted_training_class)
    )
    left_out = {
        id(x)
        for x in pick([x for x in chosen if x.rule == "D-IN-3"], mistakes.missed_white_head)
        + pick([x for x in chosen if _is_video(x)], mistakes.missed_video_meeting)
    }
    rows = [x for x in chosen if id(x) not in left_out] + wrong
    with_doc_no = [i for i, x in enumerate(rows) if x.doc_no]
    for i in rng.sample(with_doc_no, min(mistakes.other_brackets, len(with_doc_no))):
        left, right = rng.choice(OTHER_BRACKETS)
        doc_no = rows[i].doc_no.replace("〔", left).replace("〕", right)
        rows[i] = HandLine(**{**rows[i].__dict__, "doc_no": doc_no})
    return sorted(rows, key=lambda line: (line.date, line.kind, line.title))


def hand_ledger_workbook(unit: Unit, lines: Iterable[HandLine], mistakes: Mistakes) -> bytes:
    """The .xlsx a unit would upload: one sheet per kind, a title row above the header, a 序号
    column and the clerk's own 统计类别 column."""
    rows = hand_ledger_rows(lines, mistakes)
    book = Workbook()
    book.remove(book.active)
    kinds = [k for k in SHEET_COUNTERPART if any(r.kind == k for r in rows)]
    for kind in kinds or ["收文"]:
        sheet = book.create_sheet(kind)
        sheet.append([f"{unit.name}统计台账（{kind}）"])
        sheet.append([h or SHEET_COUNTERPART[kind] for h in HEADERS])
        for n, row in enumerate((r for r in rows if r.kind == kind), start=1):
            category = row.category if row.counted else "计入"
            sheet.append([n, row.date, row.counterpart, row.doc_no, row.title, category])
        sheet.column_dimensions["B"].width = 12
        sheet.column_dimensions["E"].width = 60
        for cell in sheet["B"][2:]:
            cell.number_format = "yyyy-mm-dd"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
