"""The matcher's accounting, whatever the input: every hand-made row gets one outcome, every
counted daily line in the period is either agreed or missed, no daily line is matched twice."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from jianfu.core.text import normalize_doc_no, normalize_title
from jianfu.ledgers.compare.match import (
    AGREED,
    DUPLICATE,
    MISSED,
    NOT_IN_DAILY,
    WRONG,
    DailyLine,
    HandRow,
    compare_lines,
)

START, END = date(2025, 3, 1), date(2025, 3, 31)
TITLES = [
    "关于做好春耕生产工作的通知",
    "关于做好春耕生产工作通知",
    "全县防汛抗旱工作会议纪要",
    "关于表彰先进集体的决定",
    "全县安全生产视频调度会",
    "人居环境整治专项督查",
]
DOC_NOS = ["", "", "县委办发〔2025〕12号", "县委办发(2025)12号", "县农发[2025]8号"]

days = st.integers(min_value=-5, max_value=35).map(lambda n: START + timedelta(days=n))
daily_lines = st.lists(
    st.tuples(st.sampled_from(TITLES), st.sampled_from(DOC_NOS), days, st.booleans()),
    max_size=15,
)
hand_rows = st.lists(
    st.tuples(st.sampled_from(TITLES), st.sampled_from(DOC_NOS), days), max_size=15
)


@settings(max_examples=200, deadline=None)
@given(daily_lines, hand_rows)
def test_every_line_is_accounted_for_once(daily_spec, hand_spec):
    daily = [
        DailyLine(n + 1, "收文", day, doc, normalize_doc_no(doc), title, normalize_title(title),
                  counted, "D-IN-1" if counted else "D-OUT-2", "理由")
        for n, (title, doc, day, counted) in enumerate(daily_spec)
    ]  # fmt: skip
    hand = [
        HandRow("收文", n + 2, "收文", day, doc, normalize_doc_no(doc), title,
                normalize_title(title))
        for n, (title, doc, day) in enumerate(hand_spec)
    ]  # fmt: skip
    results = compare_lines(hand, daily, START, END)
    outcomes = Counter(r.outcome for r in results)
    assert sum(outcomes[o] for o in (AGREED, WRONG, NOT_IN_DAILY, DUPLICATE)) == len(hand)
    matched = [r.line.id for r in results if r.outcome in (AGREED, WRONG)]
    assert len(matched) == len(set(matched))
    by_line = {r.line.id: r.outcome for r in results if r.outcome in (AGREED, MISSED)}
    in_period = [line for line in daily if line.counted and START <= line.date <= END]
    assert {line.id for line in in_period} <= set(by_line)
    for r in results:
        if r.outcome == AGREED:
            assert r.line.counted
        elif r.outcome == WRONG:
            assert not r.line.counted
        elif r.outcome == MISSED:
            assert r.hand is None and START <= r.line.date <= END
