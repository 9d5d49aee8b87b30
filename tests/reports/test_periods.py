"""Report periods as a table: codes → dates, previous periods, weeks across years, refusals."""

from __future__ import annotations

from datetime import date

import pytest

from jianfu.reports.periods import (
    PeriodError,
    last_complete,
    parse_period,
    period_containing,
    period_for_kind,
    year_fraction,
)


@pytest.mark.parametrize(
    ("code", "kind", "start", "end", "previous", "canonical"),
    [
        ("2025-W32", "weekly", date(2025, 8, 4), date(2025, 8, 10), "2025-W31", "2025-W32"),
        ("2025-W1", "weekly", date(2024, 12, 30), date(2025, 1, 5), "2024-W52", "2025-W01"),
        ("2026-W01", "weekly", date(2025, 12, 29), date(2026, 1, 4), "2025-W52", "2026-W01"),
        ("2021-W01", "weekly", date(2021, 1, 4), date(2021, 1, 10), "2020-W53", "2021-W01"),
        ("2020-W53", "weekly", date(2020, 12, 28), date(2021, 1, 3), "2020-W52", "2020-W53"),
        ("2025w05", "weekly", date(2025, 1, 27), date(2025, 2, 2), "2025-W04", "2025-W05"),
        ("2025-08", "monthly", date(2025, 8, 1), date(2025, 8, 31), "2025-07", "2025-08"),
        ("2025-01", "monthly", date(2025, 1, 1), date(2025, 1, 31), "2024-12", "2025-01"),
        ("2024-02", "monthly", date(2024, 2, 1), date(2024, 2, 29), "2024-01", "2024-02"),
        ("2025-2", "monthly", date(2025, 2, 1), date(2025, 2, 28), "2025-01", "2025-02"),
        ("2025-Q3", "quarterly", date(2025, 7, 1), date(2025, 9, 30), "2025-Q2", "2025-Q3"),
        ("2025-Q1", "quarterly", date(2025, 1, 1), date(2025, 3, 31), "2024-Q4", "2025-Q1"),
        ("2025q4", "quarterly", date(2025, 10, 1), date(2025, 12, 31), "2025-Q3", "2025-Q4"),
    ],
)
def test_period_codes(code, kind, start, end, previous, canonical):
    period = parse_period(code)
    assert (period.kind, period.start, period.end) == (kind, start, end)
    assert period.previous().code == previous
    assert period.code == canonical
    assert period.previous().next() == period
    assert period.previous().end + (start - start) < period.start


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "无法识别期间"),
        ("2025", "无法识别期间"),
        ("2025-W54", "只有第 1 至第 52 周"),
        ("2025-W53", "只有第 1 至第 52 周"),
        ("2025-W00", "只有第 1 至第 52 周"),
        ("2025-13", "月份须在 01 至 12 之间"),
        ("2025-00", "月份须在 01 至 12 之间"),
        ("2025-Q5", "无法识别期间"),
        ("1899-Q1", "年份须在"),
        ("25-08", "无法识别期间"),
        ("2025-08-01", "无法识别期间"),
    ],
)
def test_invalid_codes_are_refused_in_chinese(code, message):
    with pytest.raises(PeriodError, match=message):
        parse_period(code)


@pytest.mark.parametrize(
    ("kind", "code", "ok"),
    [
        ("weekly", "2025-W32", True),
        ("weekly", "2025-08", False),
        ("monthly", "2025-Q3", False),
        ("quarterly", "2025-Q3", True),
        ("quarterly", "2025-W32", False),
        ("daily", "2025-08", False),
    ],
)
def test_a_period_must_fit_the_report_kind(kind, code, ok):
    if ok:
        assert period_for_kind(kind, code).kind == kind
    else:
        with pytest.raises(PeriodError):
            period_for_kind(kind, code)


@pytest.mark.parametrize(
    ("kind", "today", "expected"),
    [
        ("weekly", date(2025, 8, 11), "2025-W32"),  # Monday 07:00 run: last week
        ("weekly", date(2026, 1, 5), "2026-W01"),
        ("weekly", date(2025, 12, 29), "2025-W52"),
        ("monthly", date(2025, 9, 1), "2025-08"),
        ("monthly", date(2026, 1, 1), "2025-12"),
        ("quarterly", date(2025, 10, 1), "2025-Q3"),
        ("quarterly", date(2026, 1, 2), "2025-Q4"),
    ],
)
def test_last_complete_period(kind, today, expected):
    assert last_complete(kind, today).code == expected


def test_labels_recent_and_year_fraction():
    assert parse_period("2025-Q3").label == "2025年第三季度"
    assert parse_period("2025-W32").label == "2025年第32周"
    assert parse_period("2025-08").label == "2025年8月"
    assert [p.code for p in parse_period("2025-02").recent(3)] == ["2024-12", "2025-01", "2025-02"]
    assert period_containing("quarterly", date(2025, 9, 30)).code == "2025-Q3"
    assert year_fraction(date(2025, 9, 30)) == (273, 365)
    assert year_fraction(date(2024, 12, 31)) == (366, 366)
