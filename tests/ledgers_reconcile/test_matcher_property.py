"""Property: whatever the lines, a received line is matched at most once, and a sent line at
most once per observation point."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from jianfu.core.text import normalize_title
from jianfu.ledgers.reconcile.matcher import ReceivedLine, SentLine, match_lines

TITLES = [
    "关于做好防汛工作的通知",
    "关于做好防汛工作通知",
    "全县安全生产推进会",
    "全县安全生产推进会议",
    "校园安全专项督查",
    "关于开展耕地保护督查的通知",
]
DOC_NOS = ["", "", "青农发[2025]1号", "青农发[2025]2号", "县委办发[2025]3号"]
START = date(2025, 3, 1)

sent_line = st.builds(
    lambda unit, kind, days, doc, title, points: (unit, kind, days, doc, title, points),
    st.sampled_from([1, 2, 3]),
    st.sampled_from(["发文", "办会", "督查"]),
    st.integers(0, 40),
    st.sampled_from(DOC_NOS),
    st.sampled_from(TITLES),
    st.frozensets(st.sampled_from([101, 102, 103])),
)
received_line = st.builds(
    lambda point, kind, days, doc, title, sender: (point, kind, days, doc, title, sender),
    st.sampled_from([101, 102, 103]),
    st.sampled_from(["收文", "参会", "受检"]),
    st.integers(0, 40),
    st.sampled_from(DOC_NOS),
    st.sampled_from(TITLES),
    st.sampled_from([1, 2, 3, None]),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(sent_line, max_size=25), st.lists(received_line, max_size=40))
def test_never_matches_a_received_line_twice(sent_rows, received_rows):
    sent = [
        SentLine(i, u, k, START + timedelta(days=d), doc, normalize_title(t), t, p)
        for i, (u, k, d, doc, t, p) in enumerate(sent_rows, start=1)
    ]
    received = [
        ReceivedLine(1000 + j, pt, k, START + timedelta(days=d), doc, normalize_title(t), s,
                     "department" if s else "unknown")
        for j, (pt, k, d, doc, t, s) in enumerate(received_rows)
    ]  # fmt: skip
    result = match_lines(sent, received)
    assert max(Counter(m.received.id for m in result.matches).values(), default=0) <= 1
    per_point = Counter((m.sent.id, m.received.unit_id) for m in result.matches)
    assert max(per_point.values(), default=0) <= 1
    matched = {m.received.id for m in result.matches}
    assert matched.isdisjoint(r.id for r in result.unfiled)
    assert matched.isdisjoint(r.id for r in result.repeated)
    pairs = {"发文": "收文", "办会": "参会", "督查": "受检"}
    assert all(pairs[m.sent.kind] == m.received.kind for m in result.matches)
    unreceived = {(s.id, p) for s, p in result.unreceived}
    assert unreceived.isdisjoint((m.sent.id, m.received.unit_id) for m in result.matches)
