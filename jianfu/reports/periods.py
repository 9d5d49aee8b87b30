"""Report periods: an ISO week (2025-W32), a month (2025-08) or a quarter (2025-Q3).

Pure functions over dates, tested as tables. A period code names its kind by its shape; the
command checks that the code fits the report kind asked for (a weekly analysis of 2025-08 is a
usage error).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

WEEKLY, MONTHLY, QUARTERLY = "weekly", "monthly", "quarterly"
KINDS = (WEEKLY, MONTHLY, QUARTERLY)
KIND_LABELS = {WEEKLY: "每周一分析", MONTHLY: "每月一研判", QUARTERLY: "每季一通报"}
KIND_EXAMPLES = {WEEKLY: "2025-W32", MONTHLY: "2025-08", QUARTERLY: "2025-Q3"}

_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)
MIN_YEAR, MAX_YEAR = 2000, 2100


class PeriodError(ValueError):
    """A period code that cannot be read, or does not fit the report kind; Chinese message."""


@dataclass(frozen=True, order=True)
class Period:
    kind: str
    year: int
    number: int  # ISO week, month or quarter number

    @property
    def code(self) -> str:
        if self.kind == WEEKLY:
            return f"{self.year}-W{self.number:02d}"
        if self.kind == MONTHLY:
            return f"{self.year}-{self.number:02d}"
        return f"{self.year}-Q{self.number}"

    @property
    def start(self) -> date:
        if self.kind == WEEKLY:
            return date.fromisocalendar(self.year, self.number, 1)
        if self.kind == MONTHLY:
            return date(self.year, self.number, 1)
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> date:
        if self.kind == WEEKLY:
            return date.fromisocalendar(self.year, self.number, 7)
        return self.next().start - timedelta(days=1)

    @property
    def label(self) -> str:
        """How the period is written in a Chinese document: 2025年第32周, 2025年8月,
        2025年第三季度."""
        if self.kind == WEEKLY:
            return _("%(y)s年第%(n)s周") % {"y": self.year, "n": self.number}
        if self.kind == MONTHLY:
            return _("%(y)s年%(n)s月") % {"y": self.year, "n": self.number}
        return _("%(y)s年第%(n)s季度") % {"y": self.year, "n": "一二三四"[self.number - 1]}

    def previous(self) -> Period:
        if self.kind == WEEKLY:
            year, week, _day = (self.start - timedelta(days=7)).isocalendar()
            return Period(WEEKLY, year, week)
        count = 12 if self.kind == MONTHLY else 4
        if self.number == 1:
            return Period(self.kind, self.year - 1, count)
        return Period(self.kind, self.year, self.number - 1)

    def next(self) -> Period:
        if self.kind == WEEKLY:
            year, week, _day = (self.start + timedelta(days=7)).isocalendar()
            return Period(WEEKLY, year, week)
        count = 12 if self.kind == MONTHLY else 4
        if self.number == count:
            return Period(self.kind, self.year + 1, 1)
        return Period(self.kind, self.year, self.number + 1)

    def recent(self, count: int) -> list[Period]:
        """This period and the `count - 1` before it, oldest first."""
        periods = [self]
        while len(periods) < count:
            periods.append(periods[-1].previous())
        return periods[::-1]


def _check_year(year: int, text: str) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise PeriodError(
            _("期间“%(text)s”的年份须在 %(lo)s 至 %(hi)s 之间。")
            % {"text": text, "lo": MIN_YEAR, "hi": MAX_YEAR}
        )


def parse_period(text: str) -> Period:
    """The period a code names; its kind follows from its shape. Raises PeriodError."""
    value = (text or "").strip()
    if match := _WEEK.match(value):
        year, week = int(match[1]), int(match[2])
        _check_year(year, value)
        weeks = date(year, 12, 28).isocalendar()[1]  # 28 December is always in the last week
        if not 1 <= week <= weeks:
            raise PeriodError(
                _("%(year)s 年只有第 1 至第 %(weeks)s 周（ISO 周），没有“%(text)s”。")
                % {"year": year, "weeks": weeks, "text": value}
            )
        return Period(WEEKLY, year, week)
    if match := _MONTH.match(value):
        year, month = int(match[1]), int(match[2])
        _check_year(year, value)
        if not 1 <= month <= 12:
            raise PeriodError(_("月份须在 01 至 12 之间：“%(text)s”。") % {"text": value})
        return Period(MONTHLY, year, month)
    if match := _QUARTER.match(value):
        year = int(match[1])
        _check_year(year, value)
        return Period(QUARTERLY, year, int(match[2]))
    raise PeriodError(
        _("无法识别期间“%(text)s”：周写作 2025-W32，月写作 2025-08，季度写作 2025-Q3。")
        % {"text": value}
    )


def period_for_kind(kind: str, text: str) -> Period:
    """The period of a report of this kind; a code of another kind is refused (PeriodError)."""
    if kind not in KINDS:
        raise PeriodError(_("报告类型须为 weekly、monthly 或 quarterly：“%(k)s”。") % {"k": kind})
    period = parse_period(text)
    if period.kind != kind:
        raise PeriodError(
            _("%(label)s的期间须写作 %(example)s 的形式，“%(text)s”不是。")
            % {"label": KIND_LABELS[kind], "example": KIND_EXAMPLES[kind], "text": text}
        )
    return period


def period_containing(kind: str, day: date) -> Period:
    """The period of the given kind that contains the day."""
    if kind == WEEKLY:
        year, week, _day = day.isocalendar()
        return Period(WEEKLY, year, week)
    if kind == MONTHLY:
        return Period(MONTHLY, day.year, day.month)
    return Period(QUARTERLY, day.year, (day.month - 1) // 3 + 1)


def last_complete(kind: str, today: date) -> Period:
    """The latest period of the kind that has ended before `today` (what a scheduled run covers)."""
    return period_containing(kind, today).previous()


def year_fraction(day: date) -> tuple[int, int]:
    """(days elapsed in the year up to and including `day`, days in that year)."""
    first = date(day.year, 1, 1)
    days_in_year = (date(day.year + 1, 1, 1) - first).days
    return (day - first).days + 1, days_in_year
