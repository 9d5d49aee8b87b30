"""Grouped counts over a period, read from the monthly rollup (ADR 0006).

`grouped(county, start, end, dims, where)` answers what a GROUP BY over the lines would: the
months wholly inside [start, end] come from `LedgerRollup` (a few thousand rows), the partial
months at the edges from the lines themselves (indexed by county and date). `where` is a Q over
the columns both tables share (unit, unit__kind, kind, category, rule, counted, quota_charged,
counterpart_unit); `dims` are such columns too, plus "month" ((year, month)).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Q, Sum

from ..models import LedgerEntry, LedgerRollup
from ..services.rollup import MEASURES, line_measures, month_end, month_start


def _whole_months(start: date, end: date) -> tuple[date, date] | None:
    first = start if start.day == 1 else month_end(start) + timedelta(days=1)
    last = end if end == month_end(end) else month_start(end) - timedelta(days=1)
    return (first, last) if first <= last else None


def _month_q(first: date, last: date) -> Q:
    if first.year == last.year:
        return Q(year=first.year, month__gte=first.month, month__lte=last.month)
    q = Q(year=first.year, month__gte=first.month) | Q(year=last.year, month__lte=last.month)
    if last.year - first.year > 1:
        q |= Q(year__gt=first.year, year__lt=last.year)
    return q


def grouped(
    county_id: int,
    start: date,
    end: date,
    dims: tuple[str, ...],
    where: Q | None = None,
    measures: tuple[str, ...] = ("n",),
) -> dict[tuple, list[int]]:
    """dims tuple → [measure sums] over the lines dated in [start, end] matching `where`."""
    where = where if where is not None else Q()
    result: dict[tuple, list[int]] = {}
    plain = [d for d in dims if d != "month"]

    def add(key: tuple, values) -> None:
        sums = result.get(key)
        if sums is None:
            result[key] = [v or 0 for v in values]
        else:
            for i, v in enumerate(values):
                sums[i] += v or 0

    def key_of(row: dict, month: tuple[int, int]) -> tuple:
        return tuple(month if d == "month" else row[d] for d in dims)

    whole = _whole_months(start, end) if start <= end else None
    edges: list[tuple[date, date]] = []
    if whole is None:
        if start <= end:
            edges.append((start, end))
    else:
        if start < whole[0]:
            edges.append((start, whole[0] - timedelta(days=1)))
        if whole[1] < end:
            edges.append((whole[1] + timedelta(days=1), end))
        extra = ("year", "month") if "month" in dims else ()
        rows = (
            LedgerRollup.objects.filter(county_id=county_id)
            .filter(_month_q(*whole))
            .filter(where)
            .order_by()
            .values(*plain, *extra)
            .annotate(**{m: Sum(m) for m in measures})
        )
        for row in rows:
            month = (row["year"], row["month"]) if extra else None
            add(key_of(row, month), [row[m] for m in measures])
    aggregates = {m: line_measures()[m] for m in measures}
    for first, last in edges:
        extra = ("date",) if "month" in dims else ()
        rows = (
            LedgerEntry.objects.filter(county_id=county_id, date__gte=first, date__lte=last)
            .filter(where)
            .order_by()
            .values(*plain, *extra)
            .annotate(**aggregates)
        )
        for row in rows:
            month = (row["date"].year, row["date"].month) if extra else None
            add(key_of(row, month), [row[m] for m in measures])
    return result


__all__ = ["MEASURES", "grouped"]
