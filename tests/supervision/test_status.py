"""The task states and the deadline arithmetic, as tables."""

from __future__ import annotations

import datetime as dt

import pytest

from jianfu.supervision.status import (
    TaskStatus,
    TransitionRefused,
    days_overdue,
    is_overdue,
    next_status,
)

D = dt.date(2025, 6, 1)
S = TaskStatus


@pytest.mark.parametrize(
    ("action", "status", "expected"),
    [
        ("respond", S.OPEN, S.RESPONDED),
        ("respond", S.RETURNED, S.RESPONDED),
        ("verify", S.RESPONDED, S.VERIFIED),
        ("send_back", S.RESPONDED, S.RETURNED),
    ],
)
def test_allowed_transitions(action, status, expected):
    assert next_status(action, status) == expected


@pytest.mark.parametrize(
    ("action", "status"),
    [
        ("respond", S.RESPONDED),
        ("respond", S.VERIFIED),
        ("verify", S.OPEN),
        ("verify", S.RETURNED),
        ("verify", S.VERIFIED),
        ("send_back", S.OPEN),
        ("send_back", S.VERIFIED),
    ],
)
def test_refused_transitions(action, status):
    with pytest.raises(TransitionRefused):
        next_status(action, status)


@pytest.mark.parametrize(
    ("deadline", "status", "today", "overdue", "days"),
    [
        (D, S.OPEN, D, False, 0),  # due today is not late yet
        (D, S.OPEN, D + dt.timedelta(days=1), True, 1),
        (D, S.RESPONDED, D + dt.timedelta(days=3), True, 3),  # waiting for the group still counts
        (D, S.RETURNED, D + dt.timedelta(days=30), True, 30),
        (D, S.VERIFIED, D + dt.timedelta(days=30), False, 0),
        (D, S.OPEN, D - dt.timedelta(days=5), False, 0),
    ],
)
def test_overdue(deadline, status, today, overdue, days):
    assert is_overdue(deadline, status, today) is overdue
    assert days_overdue(deadline, status, today) == days
