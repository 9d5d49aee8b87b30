"""Pace, projection and evasion (pure): the arithmetic behind PACE, the year-end projection and
the EVASION alert, tested as tables."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta


def year_fraction(day: date) -> tuple[int, int]:
    """(days elapsed including `day`, days in its year)."""
    days = 366 if calendar.isleap(day.year) else 365
    return day.timetuple().tm_yday, days


def project_year_end(count_to_date: int, day: date) -> int:
    """The year-end total at the pace so far (linear), rounded to the nearest whole item."""
    elapsed, days = year_fraction(day)
    if count_to_date <= 0:
        return 0
    return round(count_to_date * days / elapsed)


def same_day_last_year(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def use_percent(used: int, quota: int) -> int | None:
    """Whole percent of the quota used (None when no quota is set)."""
    if quota <= 0:
        return None
    return used * 100 // quota


def quota_level(used: int, quota: int) -> str:
    """'' / 'QUOTA-80' / 'QUOTA-100' — the highest threshold reached."""
    percent = use_percent(used, quota)
    if percent is None:
        return ""
    if percent >= 100:
        return "QUOTA-100"
    if percent >= 80:
        return "QUOTA-80"
    return ""


def above_pace(this_to_date: int, last_same_day: int, minimum: int = 3) -> bool:
    """PACE: more this year than last year by the same day (ignoring tiny numbers)."""
    return this_to_date >= minimum and this_to_date > last_same_day


def cut_percent(this_year: int, last_year: int) -> float | None:
    """How far this year's figure is below last year's, in percent (negative: above)."""
    if last_year <= 0:
        return None
    return round((last_year - this_year) * 100 / last_year, 1)


@dataclass(frozen=True)
class EvasionFigures:
    formal_before: int
    formal_now: int
    informal_before: int
    informal_now: int


def evasion(f: EvasionFigures, min_rise: int = 2) -> bool:
    """EVASION: formal counted documents fall while 白头 / 便函 / briefs rise, period over period
    (the informal rise of at least `min_rise` items, so that one brief more is no alert)."""
    return f.formal_now < f.formal_before and f.informal_now - f.informal_before >= min_rise


def previous_period(start: date, end: date) -> tuple[date, date]:
    """The period of the same length just before [start, end]."""
    length = (end - start).days + 1
    return start - timedelta(days=length), start - timedelta(days=1)
