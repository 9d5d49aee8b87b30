"""The analyses' arithmetic as tables: change, pace, projection, status, ranking, suggestions."""

from __future__ import annotations

from datetime import date

import pytest

from jianfu.reports import analysis


@pytest.mark.parametrize(
    ("now", "before", "delta", "percent"),
    [(10, 8, 2, 25.0), (5, 10, -5, -50.0), (3, 0, 3, None), (0, 0, 0, None), (7, 7, 0, 0.0)],
)
def test_change(now, before, delta, percent):
    (row,) = analysis.change({"documents": now}, {"documents": before}, keys=("documents",))
    assert (row["current"], row["previous"], row["delta"], row["percent"]) == (
        now,
        before,
        delta,
        percent,
    )


@pytest.mark.parametrize(
    ("used", "day", "projected"),
    [
        (10, date(2025, 12, 31), 10),
        (73, date(2025, 3, 14), 365),  # 73 days elapsed → 5 a day
        (0, date(2025, 6, 30), 0),
        (1, date(2025, 1, 1), 365),
        (183, date(2024, 7, 1), 366),  # leap year: 183 days elapsed
    ],
)
def test_projection(used, day, projected):
    assert analysis.projected(used, day) == projected


@pytest.mark.parametrize(
    ("used", "quota", "projection", "status"),
    [
        (11, 10, 20, "over"),
        (8, 10, 9, "risk"),  # 80 %
        (5, 10, 12, "risk"),  # heading over
        (7, 10, 10, "ok"),
        (10, 10, 10, "risk"),
        (0, 10, 0, "ok"),
    ],
)
def test_quota_status(used, quota, projection, status):
    assert analysis.quota_status(used, quota, projection) == status


def test_quota_use_ranks_by_rate_and_skips_units_without_quota():
    units = [
        {
            "unit": "A",
            "quota": {"documents": 10, "meetings": 0, "inspections": 4},
            "used": {"documents": 5, "meetings": 3, "inspections": 4},
            "reminders": 0,
        },
        {
            "unit": "B",
            "quota": {"documents": 0, "meetings": 0, "inspections": 0},
            "used": {"documents": 9, "meetings": 0, "inspections": 0},
            "reminders": 0,
        },
        {
            "unit": "C",
            "quota": {"documents": 4, "meetings": 0, "inspections": 0},
            "used": {"documents": 5, "meetings": 0, "inspections": 0},
            "reminders": 2,
        },
    ]
    rows = analysis.quota_use(units, date(2025, 6, 30))
    assert [(r["unit"], r["section"], r["rate"], r["status"]) for r in rows] == [
        ("C", "documents", 125.0, "over"),
        ("A", "inspections", 100.0, "risk"),
        ("A", "documents", 50.0, "ok"),
    ]
    assert rows[2]["pace"] == 5 and rows[2]["projected"] == 10
    suggested = analysis.suggestions(rows, units)
    assert suggested["allocations"] == [
        {"unit": "C", "section": "documents", "quota": 4, "projected": 10, "extra": 6},
        {"unit": "A", "section": "inspections", "quota": 4, "projected": 8, "extra": 4},
    ]
    assert suggested["reminders"] == ["A"]  # C was reminded in the period


def test_ranked_units_and_alerts_by_rule():
    units = [
        {"unit": "B", "documents": 1, "meetings": 1, "inspections": 0},
        {"unit": "A", "documents": 2, "meetings": 0, "inspections": 0},
        {"unit": "C", "documents": 0, "meetings": 0, "inspections": 5},
    ]
    assert [(u["unit"], u["total"]) for u in analysis.ranked_units(units)] == [
        ("C", 5),
        ("A", 2),
        ("B", 2),
    ]
    alerts = [{"rule": "Q-80"}, {"rule": "U-1"}, {"rule": "Q-80"}]
    assert analysis.alerts_by_rule(alerts) == [
        {"rule": "Q-80", "count": 2},
        {"rule": "U-1", "count": 1},
    ]
