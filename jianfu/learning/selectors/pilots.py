"""Pilot units (试点单位) and their measures, with before/after figures from the ledgers: the
counted documents, meetings and inspections the unit produced per month in the months before a
measure started and the same number of months after (as far as the ledger reaches)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from jianfu.ledgers.models import Kind
from jianfu.ledgers.selectors.stats import ledger_stats

from ..models import PilotMeasure

WINDOW_MONTHS = 6
SECTIONS = {Kind.ISSUED_DOC: "documents", Kind.HELD: "meetings", Kind.INSPECTING: "inspections"}


def month_shift(day: date, months: int) -> date:
    """The first day of the month `months` away from day's month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Figures:
    months: int
    documents: int
    meetings: int
    inspections: int

    def per_month(self, name: str) -> float | None:
        return None if self.months <= 0 else round(getattr(self, name) / self.months, 1)

    @property
    def total(self) -> int:
        return self.documents + self.meetings + self.inspections


@dataclass(frozen=True)
class PilotFigures:
    measure: PilotMeasure
    before: Figures
    after: Figures
    window: tuple[date, date, date, date]  # before from/to, after from/to

    def change(self, name: str) -> float | None:
        b, a = self.before.per_month(name), self.after.per_month(name)
        return None if b is None or a is None else round(a - b, 1)

    @property
    def rows(self) -> list[dict]:
        return [
            {
                "name": name,
                "before": self.before.per_month(name),
                "after": self.after.per_month(name),
                "change": self.change(name),
            }
            for name in ("documents", "meetings", "inspections")
        ]


def _figures(measure: PilotMeasure, start: date, end: date, months: int) -> Figures:
    counts = {"documents": 0, "meetings": 0, "inspections": 0}
    if months > 0:
        for row in ledger_stats(
            measure.county_id, start, end, unit_ids=[measure.unit_id], group_by=("kind",)
        ):
            section = SECTIONS.get(row["kind"])
            if section:
                counts[section] += row["counted"]
    return Figures(months, **counts)


def pilot_figures(measure: PilotMeasure, today: date, months: int = WINDOW_MONTHS) -> PilotFigures:
    """Whole months: before = the `months` months before the start month; after = from the start
    month for `months` months, cut at the last whole month before today."""
    start_month = month_shift(measure.started, 0)
    before_from = month_shift(start_month, -months)
    before_to = start_month - timedelta(days=1)
    this_month = month_shift(today, 0)
    after_months = max(
        0,
        min(
            months, (this_month.year - start_month.year) * 12 + this_month.month - start_month.month
        ),
    )
    after_from = start_month
    after_to = month_shift(start_month, after_months) - timedelta(days=1)
    return PilotFigures(
        measure,
        _figures(measure, before_from, before_to, months),
        _figures(measure, after_from, after_to, after_months),
        (before_from, before_to, after_from, after_to),
    )
