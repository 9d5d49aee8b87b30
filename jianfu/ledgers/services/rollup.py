"""Maintaining the monthly rollup (`LedgerRollup`, ADR 0006): THE one place that writes it.

`rollup_refresh(county_id, date_from, date_to, unit_ids)` recomputes every (unit, month) bucket
of the months touching [date_from, date_to] — for the given units, or all the county's — with
one DELETE and one GROUP BY over the lines of those months, inside the caller's transaction
(never an increment: the buckets always equal a GROUP BY over the lines). Every ledger write
path calls it: single-line saves and deletes through the signals below, and the bulk paths
(import, API push, re-derivation, demo, benchmark fill) explicitly after their bulk statement.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.db import transaction
from django.db.models import CharField, Count, Func, Q, Sum
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from ..models import LedgerEntry, LedgerRollup

# meeting forms held on site (travel time counts in the burden model: monitoring/burden.py)
ONSITE_FORMS = frozenset({"", "现场", "现场会", "会议室"})
DIMENSIONS = (
    "unit_id",
    "kind",
    "category",
    "rule",
    "counted",
    "quota_charged",
    "counterpart_unit_id",
)
MEASURES = ("n", "minutes_sum", "with_minutes", "onsite", "materials")


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


class YearMonth(Func):
    """A date column as "YYYY-MM" (text), in the database's built-in functions."""

    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="substr(%(expressions)s, 1, 7)", **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="to_char(%(expressions)s, 'YYYY-MM')", **extra
        )

    def as_sql(self, compiler, connection, template=None, **extra):
        template = template or "substr(CAST(%(expressions)s AS CHAR(10)), 1, 7)"
        return super().as_sql(compiler, connection, template=template, **extra)


def line_measures() -> dict:
    """The rollup's measures as aggregates over lines (the same names as the rollup columns)."""
    return {
        "n": Count("id"),
        "minutes_sum": Sum("duration_minutes"),
        "with_minutes": Count("duration_minutes"),
        "onsite": Count("id", filter=Q(kind="参会", meeting_form__in=list(ONSITE_FORMS))),
        "materials": Count("id", filter=Q(materials_requested=True)),
    }


def rollup_refresh(
    county_id: int, date_from: date, date_to: date, unit_ids: Iterable[int] | None = None
) -> int:
    """Recompute the buckets of the months touching [date_from, date_to]; returns rows written."""
    start, end = month_start(date_from), month_end(date_to)
    units = None if unit_ids is None else sorted(set(unit_ids))
    if units == []:
        return 0
    with transaction.atomic():
        stale = LedgerRollup.objects.filter(county_id=county_id)
        lines = LedgerEntry.objects.filter(date__gte=start, date__lte=end)
        if units is None:
            lines = lines.filter(county_id=county_id)
        else:  # by unit alone: the (unit, date, line key) index, not the county's lines
            stale = stale.filter(unit_id__in=units)
            lines = lines.filter(unit_id__in=units)
        months = Q()
        day = start
        while day <= end:  # (year, month) pairs of the span
            months |= Q(year=day.year, month=day.month)
            day = month_end(day) + timedelta(days=1)
        stale.filter(months).delete()
        # grouped by "YYYY-MM" computed by the database's own C functions (Django's Extract*
        # are Python callbacks on SQLite): one group per bucket
        rows = (
            lines.order_by()
            .annotate(ym=YearMonth("date"))
            .values_list(*DIMENSIONS, "ym")
            .annotate(**line_measures())
        )
        buckets: dict[tuple, list[int]] = {}
        width = len(DIMENSIONS)
        for row in rows.iterator(chunk_size=5000):
            ym = row[width]
            key = (int(ym[:4]), int(ym[5:7]), *row[:width])
            values = [v or 0 for v in row[width + 1 :]]
            sums = buckets.get(key)
            if sums is None:
                buckets[key] = values
            else:  # never on SQLite and PostgreSQL; kept for any backend grouping finer
                for i, v in enumerate(values):
                    sums[i] += v
        created = LedgerRollup.objects.bulk_create(
            (
                LedgerRollup(
                    county_id=county_id,
                    year=key[0],
                    month=key[1],
                    **dict(zip(DIMENSIONS, key[2:], strict=True)),
                    **dict(zip(MEASURES, sums, strict=True)),
                )
                for key, sums in buckets.items()
            ),
            batch_size=500,
        )
    return len(created)


def rollup_refresh_span(
    county_id: int, date_from: date | None = None, date_to: date | None = None
) -> int:
    """Refresh the county's months in [date_from, date_to]; None = its first / last line."""
    span = LedgerEntry.objects.filter(county_id=county_id).order_by("date")
    if date_from is None:
        date_from = span.values_list("date", flat=True).first()
    if date_to is None:
        date_to = span.reverse().values_list("date", flat=True).first()
    if date_from is None or date_to is None or date_from > date_to:
        return 0
    return rollup_refresh(county_id, date_from, date_to)


def rollup_rebuild(county_id: int) -> int:
    """Recompute a county's whole rollup (`jianfu rollup_rebuild`)."""
    with transaction.atomic():
        LedgerRollup.objects.filter(county_id=county_id).delete()
        return rollup_refresh_span(county_id)


def rollup_refresh_lines(lines: Iterable[tuple[int, int, date]]) -> None:
    """Refresh the buckets of (county id, unit id, date) triples: one refresh per county and
    unit over the span of its months."""
    spans: dict[tuple[int, int], list[date]] = {}
    for county_id, unit_id, day in lines:
        span = spans.setdefault((county_id, unit_id), [day, day])
        span[0], span[1] = min(span[0], day), max(span[1], day)
    by_county: dict[tuple[int, date, date], list[int]] = {}
    for (county_id, unit_id), (first, last) in spans.items():
        by_county.setdefault((county_id, first, last), []).append(unit_id)
    for (county_id, first, last), units in by_county.items():
        rollup_refresh(county_id, first, last, units)


# --- single lines: every save() and delete() of a LedgerEntry (forms, services, tests) -------


@receiver(pre_save, sender=LedgerEntry, dispatch_uid="ledger_rollup_pre_save")
def _remember_bucket(sender, instance: LedgerEntry, raw: bool = False, **kwargs) -> None:
    if raw or instance.pk is None:
        instance._rollup_before = None
        return
    instance._rollup_before = (
        LedgerEntry.objects.filter(pk=instance.pk)
        .values_list("county_id", "unit_id", "date")
        .first()
    )


@receiver(post_save, sender=LedgerEntry, dispatch_uid="ledger_rollup_post_save")
def _refresh_saved(sender, instance: LedgerEntry, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    touched = [(instance.county_id, instance.unit_id, _as_date(instance.date))]
    before = getattr(instance, "_rollup_before", None)
    if before is not None:
        touched.append(before)
    rollup_refresh_lines(touched)


@receiver(post_delete, sender=LedgerEntry, dispatch_uid="ledger_rollup_post_delete")
def _refresh_deleted(sender, instance: LedgerEntry, **kwargs) -> None:
    rollup_refresh_lines([(instance.county_id, instance.unit_id, _as_date(instance.date))])


def _as_date(value) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value
