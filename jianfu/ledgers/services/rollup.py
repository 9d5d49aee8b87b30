"""Maintaining the monthly rollup (`LedgerRollup`, ADR 0006): THE one place that writes it.

`rollup_refresh(county_id, date_from, date_to, unit_ids)` recomputes every (unit, month) bucket
of the months touching [date_from, date_to] — for the given units, or all the county's — with
one DELETE and one GROUP BY over the lines of those months, inside the caller's transaction
(never an increment: the buckets always equal a GROUP BY over the lines). Every ledger write
path calls it: single-line saves and deletes through the signals below, and the bulk paths
(API push, re-derivation, demo, benchmark fill) explicitly after their bulk statement.

A workbook import adds instead (`RollupDelta`, `rollup_add`): its writer counts the lines it
inserts per bucket as it builds them, and the counts are added to the unit's buckets — the same
result as the GROUP BY without reading 100,000 lines back. It is used only when every counted
line was stored (the import checks); otherwise the import refreshes as every other path does.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.db import connection, transaction
from django.db.models import CharField, Count, Func, Q, Sum
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from jianfu.org.models import Unit

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
        return _insert(
            (county_id, key[0], key[1], *key[2:], *sums) for key, sums in buckets.items()
        )


class RollupDelta:
    """The rollup of lines about to be inserted for one unit, counted line by line.

    `add` takes a line's values exactly as its columns store them. Decisions are passed as a
    tuple shared by every line with the same decision (the import writer's own cache), so that
    a line costs one dictionary step."""

    def __init__(self) -> None:
        self.buckets: dict[tuple, list[int]] = {}

    def add(
        self,
        day: date,
        kind: str,
        decision: tuple,  # (category, rule, counted, quota_charged, counterpart_unit_id)
        minutes: int | None,
        form: str,
        materials: bool | None,
    ) -> None:
        key = (day.year, day.month, kind, decision)
        sums = self.buckets.get(key)
        if sums is None:
            sums = self.buckets[key] = [0, 0, 0, 0, 0]
        sums[0] += 1
        if minutes is not None:
            sums[1] += minutes
            sums[2] += 1
        if kind == "参会" and form in ONSITE_FORMS:
            sums[3] += 1
        if materials is True:
            sums[4] += 1

    def __len__(self) -> int:
        return sum(sums[0] for sums in self.buckets.values())


def lock_unit_lines(unit_id: int) -> None:
    """Lock the unit's row until the transaction ends (PostgreSQL; SQLite's writers take turns
    anyway), so that writers of the unit's imported lines and their buckets take turns.

    FOR NO KEY UPDATE, not FOR UPDATE: a line that names the unit takes FOR KEY SHARE for its
    foreign-key check, and must not wait for an import to end."""
    list(Unit.objects.select_for_update(no_key=True).filter(pk=unit_id).values_list("pk"))


def rollup_add(county_id: int, unit_id: int, delta: RollupDelta) -> int:
    """Add the counts of lines just inserted (all of them: the caller checks) to the unit's
    buckets: the unit's rows of the touched months are read, summed with the delta and written
    back. The unit's row is locked first (PostgreSQL), so that two imports into one unit add in
    turn (`lock_unit_lines`). Returns the bucket rows written."""
    if not delta.buckets:
        return 0
    with transaction.atomic():
        lock_unit_lines(unit_id)
        months = Q()
        for year, month in {(key[0], key[1]) for key in delta.buckets}:
            months |= Q(year=year, month=month)
        stale = LedgerRollup.objects.filter(county_id=county_id, unit_id=unit_id).filter(months)
        merged: dict[tuple, list[int]] = {}
        for row in stale.values_list("year", "month", *DIMENSIONS[1:], *MEASURES):
            key = (row[0], row[1], row[2], tuple(row[3:8]))
            sums = merged.setdefault(key, [0] * len(MEASURES))
            for i, value in enumerate(row[8:]):
                sums[i] += value or 0
        for key, counts in delta.buckets.items():
            sums = merged.setdefault(key, [0] * len(MEASURES))
            for i, value in enumerate(counts):
                sums[i] += value
        stale.delete()
        return _insert(
            (county_id, year, month, unit_id, kind, *decision, *sums)
            for (year, month, kind, decision), sums in merged.items()
        )


def _insert(rows: Iterable[tuple]) -> int:
    """Insert bucket rows, (county id, year, month, *DIMENSIONS, *MEASURES) each, with one
    executemany: plain integers, text and booleans need none of bulk_create's preparation,
    which cost more than the GROUP BY for an import's 2,000 buckets."""
    rows = list(rows)
    if rows:
        quote = connection.ops.quote_name
        columns = ("county_id", "year", "month", *DIMENSIONS, *MEASURES)
        table = quote(LedgerRollup._meta.db_table)
        names = ", ".join(quote(c) for c in columns)
        marks = ", ".join(["%s"] * len(columns))
        with connection.cursor() as cursor:  # names from the model, every value a parameter
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608
    return len(rows)


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
