"""Property (R14, R15): whatever mix of lines is pushed, every line is accounted for once,
re-pushing stores nothing, and the same key replays the same answer."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jianfu.api.models import IdempotencyRecord
from jianfu.ledgers.models import LedgerEntry

POOL = [
    {
        "kind": "收文",
        "date": "2025-06-02",
        "title": "关于做好防汛备汛工作的通知",
        "counterpart": "县委办",
        "doc_no": "县委办发〔2025〕31号",
    },
    {
        "kind": "收文",
        "date": "2025-06-02",
        "title": "关于做好防汛备汛工作的通知",
        "counterpart": "县委办",
        "doc_no": "县委办发[2025]31号",
    },  # the same line, other brackets
    {
        "kind": "收文",
        "date": "2025-06-03",
        "title": "关于报送上半年工作总结的通知 ",
        "counterpart": "教育局",
    },
    {
        "kind": "参会",
        "date": "2025-06-04",
        "title": "全县安全生产工作视频会议",
        "counterpart": "县政府办公室",
        "meeting_form": "视频",
        "duration_minutes": 90,
    },
    {
        "kind": "受检",
        "date": "2025-06-05",
        "title": "耕地保护专项督查",
        "counterpart": "农业农村局",
        "inspection_type": "督查",
    },
    {
        "kind": "发文",
        "date": "2025-06-06",
        "title": "河口乡关于开展人居环境整治的通知",
        "doc_no": "河政发〔2025〕9号",
    },
    {"kind": "督查", "date": "2025-06-09", "title": "村级防汛物资储备检查"},
    {"kind": "收文", "date": "2025-06-31", "title": "关于六月三十一日的通知"},  # no such day
    {"kind": "报表", "date": "2025-06-10", "title": "月度报表"},  # unknown kind
    {"kind": "收文", "date": "2025-06-11", "title": ""},  # no title
]
BAD = {7, 8, 9}
FIXTURE_CHECK = HealthCheck.function_scoped_fixture  # the fixtures only set up units


@pytest.mark.django_db
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(picks=st.lists(st.integers(0, len(POOL) - 1), min_size=1, max_size=25))
def test_every_line_is_accounted_for_once(api_as, units, picks):
    LedgerEntry.objects.filter(unit=units["hk"]).delete()
    IdempotencyRecord.objects.filter(unit=units["hk"]).delete()
    api = api_as("hk")
    lines = [dict(POOL[i]) for i in picks]
    first = api.push(lines, key="p-1", partial=True)
    assert first.status_code == 200
    body = first.json()
    bad_lines = {e["index"] for e in body["errors"]}
    assert bad_lines == {n for n, i in enumerate(picks) if i in BAD}
    assert body["received"] == body["created"] + body["duplicates"] + len(bad_lines)
    distinct = {1 if i == 0 else i for i in picks if i not in BAD}  # 0 and 1 are one line
    assert body["created"] == len(distinct)
    assert LedgerEntry.objects.filter(unit=units["hk"]).count() == len(distinct)
    assert api.push(lines, key="p-1", partial=True).json() == body
    again = api.push(lines, key="p-2", partial=True).json()
    assert again["created"] == 0 and again["duplicates"] == len(picks) - len(bad_lines)
    assert LedgerEntry.objects.filter(unit=units["hk"]).count() == len(distinct)
    strict = api.push(lines, key="p-3")
    assert strict.status_code == (422 if bad_lines else 200)
