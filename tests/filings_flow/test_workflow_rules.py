"""The workflow's state transitions and checks as tables (no database)."""

from __future__ import annotations

from datetime import date

import pytest

from jianfu.filings import workflow_rules as r

T = r.Transition

ALLOWED = [
    # status, stage, stages, action → (status, stage, final)
    ("draft", 0, 3, "submit", T("pending", 1)),
    ("returned", 0, 3, "resubmit", T("pending", 1)),
    ("withdrawn", 0, 2, "resubmit", T("pending", 1)),
    ("pending", 1, 3, "pass", T("pending", 2)),
    ("pending", 2, 3, "tighten", T("pending", 3)),
    ("pending", 3, 3, "pass", T("approved", 3, final=True)),
    ("pending", 2, 2, "tighten", T("approved", 2, final=True)),
    ("pending", 2, 3, "return", T("returned", 0)),
    ("pending", 1, 3, "reject", T("rejected", 0)),
    ("pending", 2, 3, "withdraw", T("withdrawn", 0)),
    ("approved", 3, 3, "edit", T("pending", 1)),
    ("approved", 3, 3, "archive", T("archived", 3)),
]


@pytest.mark.parametrize(("status", "stage", "count", "action", "expected"), ALLOWED)
def test_allowed_transitions(status, stage, count, action, expected):
    assert r.transition(status, stage, count, action) == expected


REFUSED = [
    ("draft", 0, 3, "pass", "不在审批中"),
    ("draft", 0, 3, "resubmit", "不能提交"),
    ("draft", 0, 0, "submit", "尚未配置审批环节"),
    ("pending", 1, 3, "submit", "不能提交"),
    ("returned", 0, 3, "pass", "不在审批中"),
    ("returned", 0, 3, "withdraw", "不在审批中"),
    ("rejected", 0, 3, "resubmit", "不予同意"),
    ("rejected", 0, 3, "pass", "不予同意"),
    ("approved", 3, 3, "pass", "不在审批中"),
    ("approved", 3, 3, "submit", "不能提交"),
    ("archived", 3, 3, "edit", "已备案"),
    ("archived", 3, 3, "archive", "已备案"),
    ("pending", 1, 3, "archive", "只有已批准"),
    ("draft", 0, 3, "edit", "批准后修改"),
]


@pytest.mark.parametrize(("status", "stage", "count", "action", "message"), REFUSED)
def test_refused_transitions(status, stage, count, action, message):
    with pytest.raises(r.TransitionError, match=message):
        r.transition(status, stage, count, action)


@pytest.mark.parametrize(
    ("action", "comment", "missing"),
    [
        ("return", "", True),
        ("return", "  ", True),
        ("reject", "", True),
        ("return", "请压缩时长", False),
        ("pass", "", False),
        ("tighten", "", False),
    ],
)
def test_comment_required_to_return_or_reject(action, comment, missing):
    assert r.comment_missing(action, comment) is missing


def test_unanswered_declarations():
    checks = [
        {"code": "L-M-2", "result": "fail", "reason": "x"},
        {"code": "N-M-01", "result": "declare", "reason": ""},
        {"code": "N-M-04", "result": "declare", "reason": ""},
        {"code": "N-M-05", "result": "declare", "reason": ""},
    ]
    declarations = {"N-M-01": {"ok": True, "note": ""}, "N-M-04": {"ok": None}}
    assert r.unanswered_declarations(checks, declarations) == ["N-M-04", "N-M-05"]
    declarations.update({"N-M-04": {"ok": False}, "N-M-05": True})
    assert r.unanswered_declarations(checks, declarations) == []


CURRENT = {
    "duration_minutes": 120,
    "targets": ["QH-HK", "QH-CG"],
    "meeting_form": "现场",
    "days": 2,
}


@pytest.mark.parametrize(
    ("wanted", "expected"),
    [
        ({"duration_minutes": 90}, {"duration_minutes": [120, 90]}),
        ({"duration_minutes": 120}, {}),
        ({"targets": ["QH-HK"]}, {"targets": [["QH-HK", "QH-CG"], ["QH-HK"]]}),
        ({"meeting_form": "视频"}, {"meeting_form": ["现场", "视频"]}),
        ({"days": "1", "duration_minutes": None}, {"days": [2, 1]}),
    ],
)
def test_tighten_only_makes_smaller(wanted, expected):
    assert r.tighten_changes(CURRENT, wanted) == expected


@pytest.mark.parametrize(
    "wanted",
    [
        {"duration_minutes": 150},
        {"duration_minutes": 0},
        {"targets": ["QH-HK", "QH-LL"]},
        {"title": "新标题"},
    ],
)
def test_tighten_refuses_anything_bigger(wanted):
    with pytest.raises(r.TransitionError):
        r.tighten_changes(CURRENT, wanted)


def test_tighten_meeting_form_only_lighter():
    with pytest.raises(r.TransitionError):
        r.tighten_changes({"meeting_form": "视频"}, {"meeting_form": "现场"})


D = date(2025, 6, 10)
MEETING = {"date": D, "duration_minutes": 60, "meeting_form": "视频", "expected_attendance": 30}


@pytest.mark.parametrize(
    ("kind", "unit_kind", "approved", "actual", "codes"),
    [
        ("meeting", "department", MEETING, {"date": D, "duration_minutes": 60}, []),
        ("meeting", "department", MEETING, {"date": D, "duration_minutes": 80}, ["ARC-OVERTIME"]),
        (
            "meeting",
            "department",
            MEETING,
            {"date": D, "duration_minutes": 100},
            ["ARC-OVERTIME", "L-M-2"],
        ),
        (
            "meeting",
            "department",
            MEETING,
            {"date": date(2025, 6, 11), "attendance": 45},
            ["ARC-DATE", "ARC-SCALE"],
        ),
        (
            "meeting",
            "county",
            {**MEETING, "meeting_form": "现场", "duration_minutes": 300},
            {"duration_minutes": 250},
            ["L-M-2"],
        ),
        (
            "inspection",
            "department",
            {"targets": ["QH-HK"], "days": 1},
            {"targets": ["QH-HK", "QH-CG"], "days": 2},
            ["ARC-TARGETS", "ARC-DAYS"],
        ),
        (
            "inspection",
            "department",
            {"targets": ["QH-HK", "QH-CG"], "days": 2},
            {"targets": ["QH-HK"], "days": 1},
            [],
        ),
        ("document", "department", {"date": D}, {"date": D}, []),
    ],
)
def test_archive_differences(kind, unit_kind, approved, actual, codes):
    found = r.archive_differences(kind, unit_kind, approved, actual)
    assert [d["code"] for d in found] == codes
    assert all(d["reason"] for d in found)
