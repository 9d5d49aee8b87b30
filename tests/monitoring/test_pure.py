"""The pure arithmetic: burden hours, projection and pace, quota levels, evasion — as tables."""

from __future__ import annotations

from datetime import date

import pytest

from jianfu.monitoring.burden import (
    DEPUTY,
    PRINCIPAL,
    BurdenParams,
    ReceivedLine,
    group_hours,
    line_hours,
)
from jianfu.monitoring.pace import (
    EvasionFigures,
    above_pace,
    cut_percent,
    evasion,
    previous_period,
    project_year_end,
    quota_level,
    same_day_last_year,
    use_percent,
)

P = BurdenParams()


@pytest.mark.parametrize(
    ("line", "hours"),
    [
        # documents: reading by length (8 min / 1000 chars) or 30 min, plus 30 min handling
        (ReceivedLine("收文"), 1.0),
        (ReceivedLine("收文", chars=3000), (24 + 30) / 60),
        (ReceivedLine("收文", chars=7500), (60 + 30) / 60),
        # meetings: duration (default 120) + 60 travel on site, × attendees × level weight
        (ReceivedLine("参会", duration_minutes=90, meeting_form="视频"), 1.5),
        (ReceivedLine("参会", meeting_form="视频"), 2.0),
        (ReceivedLine("参会", duration_minutes=120, meeting_form="现场"), 3.0),
        (ReceivedLine("参会", duration_minutes=60, meeting_form="视频", attendees=3), 3.0),
        (ReceivedLine("参会", duration_minutes=60, meeting_form="视频", level=PRINCIPAL), 2.0),
        (ReceivedLine("参会", duration_minutes=60, meeting_form="视频", level=DEPUTY), 1.5),
        # inspections: days × 4 h × 2 staff + 6 h per materials item
        (ReceivedLine("受检"), 8.0),
        (ReceivedLine("受检", days=2), 16.0),
        (ReceivedLine("受检", materials_requested=True), 14.0),
        (ReceivedLine("受检", days=0.5, materials_items=3), 22.0),
        # what a township produces costs it nothing here
        (ReceivedLine("发文"), 0.0),
        (ReceivedLine("办会", duration_minutes=600), 0.0),
    ],
)
def test_line_hours(line, hours):
    assert line_hours(P, line) == pytest.approx(hours)


def test_the_model_is_configurable():
    p = BurdenParams(handling_minutes_per_document=0, minutes_per_document=15)
    assert line_hours(p, ReceivedLine("收文")) == pytest.approx(0.25)
    p = BurdenParams(inspection_staff=1, inspection_hours_per_day=8, materials_hours_per_item=0)
    assert line_hours(p, ReceivedLine("受检", days=3, materials_requested=True)) == 24


@pytest.mark.parametrize(
    "lines",
    [
        [ReceivedLine("收文")] * 4,
        [
            ReceivedLine("参会", duration_minutes=90, meeting_form="视频"),
            ReceivedLine("参会", meeting_form="现场"),
            ReceivedLine("参会", duration_minutes=30, meeting_form=""),
        ],
        [ReceivedLine("受检", materials_requested=True), ReceivedLine("受检")],
    ],
)
def test_group_hours_equal_the_sum_of_line_hours(lines):
    kind = lines[0].kind
    group = {
        "n": len(lines),
        "minutes_sum": sum(x.duration_minutes or 0 for x in lines),
        "with_minutes": sum(1 for x in lines if x.duration_minutes),
        "onsite": sum(1 for x in lines if x.meeting_form in ("", "现场")),
        "materials": sum(1 for x in lines if x.materials_requested),
    }
    assert group_hours(P, kind, [group]) == pytest.approx(sum(line_hours(P, x) for x in lines))


@pytest.mark.parametrize(
    ("count", "day", "projected"),
    [
        (0, date(2025, 6, 30), 0),
        (10, date(2025, 12, 31), 10),
        (181, date(2025, 6, 30), 365),  # day 181 of 365
        (50, date(2025, 3, 31), 203),  # 50 × 365 / 90 = 202.8
        (1, date(2024, 1, 1), 366),  # leap year
    ],
)
def test_project_year_end(count, day, projected):
    assert project_year_end(count, day) == projected


@pytest.mark.parametrize(
    ("used", "quota", "percent", "level"),
    [
        (0, 0, None, ""),
        (5, 0, None, ""),
        (7, 10, 70, ""),
        (8, 10, 80, "QUOTA-80"),
        (79, 100, 79, ""),
        (99, 100, 99, "QUOTA-80"),
        (10, 10, 100, "QUOTA-100"),
        (13, 10, 130, "QUOTA-100"),
    ],
)
def test_quota_levels(used, quota, percent, level):
    assert use_percent(used, quota) == percent
    assert quota_level(used, quota) == level


@pytest.mark.parametrize(
    ("this", "last", "result"),
    [(5, 4, True), (4, 4, False), (2, 0, False), (3, 0, True), (10, 20, False)],
)
def test_above_pace(this, last, result):
    assert above_pace(this, last) is result


@pytest.mark.parametrize(
    ("this", "last", "cut"),
    [(70, 100, 30.0), (50, 100, 50.0), (110, 100, -10.0), (5, 0, None), (0, 3, 100.0)],
)
def test_cut_percent(this, last, cut):
    assert cut_percent(this, last) == cut


@pytest.mark.parametrize(
    ("figures", "result"),
    [
        (EvasionFigures(10, 6, 1, 5), True),  # formal down 4, informal up 4
        (EvasionFigures(10, 6, 1, 2), False),  # informal up only 1
        (EvasionFigures(10, 10, 1, 8), False),  # formal did not fall
        (EvasionFigures(10, 12, 1, 8), False),
        (EvasionFigures(3, 0, 0, 2), True),
        (EvasionFigures(0, 0, 0, 9), False),
    ],
)
def test_evasion(figures, result):
    assert evasion(figures) is result


def test_dates():
    assert same_day_last_year(date(2024, 2, 29)) == date(2023, 2, 28)
    assert same_day_last_year(date(2025, 8, 7)) == date(2024, 8, 7)
    assert previous_period(date(2025, 7, 1), date(2025, 9, 30)) == (
        date(2025, 3, 31),
        date(2025, 6, 30),
    )
