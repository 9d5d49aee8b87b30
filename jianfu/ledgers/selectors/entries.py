"""Reading ledger lines for the pages: the filtered list, the statistics ledger, a line's history,
and the names a counterpart may be typed as (autocomplete)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Count, IntegerField, Q, QuerySet, Sum
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from jianfu.core.models import AuditEvent
from jianfu.org.access import restrict, visible_units
from jianfu.org.models import County, Unit, UnitAlias, UnitKind

from ..models import ImportBatch, Kind, LedgerEntry
from ..workbook import parse_date

SORTS = {"date": ("date", "id"), "-date": ("-date", "-id")}


@dataclass(frozen=True)
class EntryFilters:
    """The list's filter bar, read from the query string; invalid values are ignored."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    unit_id: int | None = None
    # `?unit=3,5`: several units (a figure over the observation points)
    unit_ids: tuple[int, ...] = ()
    kind: str = ""
    # `?kind=发文,办会,督查`: several kinds (the drill-downs of figures over produced lines)
    kinds: tuple[str, ...] = ()
    counted: bool | None = None
    quota_charged: bool | None = None
    # `?category=应急` the lines of that statistics category; `none`: the lines without one
    category: str = ""
    # `?unit_kind=county,department`: the lines of units of these kinds
    unit_kinds: tuple[str, ...] = ()
    rule: str = ""
    q: str = ""
    batch_id: int | None = None
    # `?counterpart_unit=3,5` the lines whose counterpart resolved to one of these units,
    # `none` among them: also the lines whose counterpart was not recognised
    counterpart_units: tuple[int, ...] = ()
    counterpart_unknown: bool = False
    sort: str = "-date"

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> EntryFilters:
        def day(name: str) -> dt.date | None:
            value = parse_date((query.get(name) or "").strip())
            return value if isinstance(value, dt.date) else None

        def number(name: str) -> int | None:
            text = (query.get(name) or "").strip()
            return int(text) if text.isdigit() else None

        kinds = [k.strip() for k in (query.get("kind") or "").split(",")][:10]
        kinds = tuple(dict.fromkeys(k for k in kinds if k in Kind.values))
        unit_kinds = [k.strip() for k in (query.get("unit_kind") or "").split(",")][:5]
        unit_kinds = tuple(dict.fromkeys(k for k in unit_kinds if k in UnitKind.values))
        yes_no = {"1": True, "0": False}
        units = [t.strip() for t in (query.get("unit") or "").split(",")][:200]
        unit_ids = tuple(dict.fromkeys(int(t) for t in units if t.isdigit() and len(t) < 19))
        sort = query.get("sort") or "-date"
        tokens = [t.strip() for t in (query.get("counterpart_unit") or "").split(",")][:200]
        return cls(
            date_from=day("from"),
            date_to=day("to"),
            unit_id=unit_ids[0] if len(unit_ids) == 1 else None,
            unit_ids=unit_ids,
            kind=kinds[0] if len(kinds) == 1 else "",
            kinds=kinds,
            counted=yes_no.get(query.get("counted") or ""),
            quota_charged=yes_no.get(query.get("quota_charged") or ""),
            category=(query.get("category") or "").strip()[:32],
            unit_kinds=unit_kinds,
            rule=(query.get("rule") or "").strip()[:16],
            q=(query.get("q") or "").strip()[:100],
            batch_id=number("batch"),
            counterpart_units=tuple(int(t) for t in tokens if t.isdigit() and len(t) < 19),
            counterpart_unknown="none" in tokens,
            sort=sort if sort in SORTS else "-date",
        )

    @property
    def by_counterpart(self) -> bool:
        return bool(self.counterpart_units) or self.counterpart_unknown

    @property
    def drill_down(self) -> bool:
        """A condition only a figure's link sets (not in the filter bar's basic fields)."""
        return bool(
            len(self.kinds) > 1
            or len(self.unit_ids) > 1
            or self.quota_charged is not None
            or self.category
            or self.unit_kinds
        )

    @property
    def active(self) -> bool:
        return any(
            (
                self.date_from,
                self.date_to,
                self.unit_ids,
                self.kinds,
                self.counted is not None,
                self.quota_charged is not None,
                self.category,
                self.unit_kinds,
                self.rule,
                self.q,
                self.batch_id,
                self.by_counterpart,
            )
        )


def ledger_entry_list(user, filters: EntryFilters) -> QuerySet[LedgerEntry]:
    """The lines the user may see that match the filters, sorted by date."""
    entries = restrict(LedgerEntry.objects.all(), user)
    if filters.date_from:
        entries = entries.filter(date__gte=filters.date_from)
    if filters.date_to:
        entries = entries.filter(date__lte=filters.date_to)
    if filters.unit_ids:
        entries = entries.filter(unit_id__in=filters.unit_ids)
    if filters.kinds:
        entries = entries.filter(kind__in=filters.kinds)
    if filters.counted is not None:
        entries = entries.filter(counted=filters.counted)
    if filters.quota_charged is not None:
        entries = entries.filter(quota_charged=filters.quota_charged)
    if filters.category:
        entries = entries.filter(category="" if filters.category == "none" else filters.category)
    if filters.unit_kinds:
        entries = entries.filter(unit__kind__in=filters.unit_kinds)
    if filters.rule:
        entries = entries.filter(rule=filters.rule.upper())
    if filters.batch_id:  # through the batch's unit: the lines have no index by batch
        batch = ImportBatch.objects.filter(pk=filters.batch_id)
        batch_unit = batch.values_list("unit_id", flat=True).first()
        entries = entries.filter(unit_id=batch_unit, batch_id=filters.batch_id)
    if filters.by_counterpart:
        which = Q(counterpart_unit_id__in=filters.counterpart_units)
        if filters.counterpart_unknown:
            which |= Q(counterpart_unit__isnull=True)
        entries = entries.filter(which)
    if filters.q:
        entries = entries.filter(
            Q(title__icontains=filters.q)
            | Q(doc_no__icontains=filters.q)
            | Q(counterpart__icontains=filters.q)
        )
    return entries.select_related("unit", "batch").order_by(*SORTS[filters.sort])


@dataclass(frozen=True)
class CategoryTotal:
    kind: str
    category: str
    lines: int
    quota_charged: int


def statistics_ledger(entries: QuerySet[LedgerEntry]) -> tuple[list[CategoryTotal], int]:
    """The derived statistics ledger: counted lines grouped by kind and category, with totals."""
    rows = (
        entries.filter(counted=True)
        .order_by()
        .values("kind", "category")
        .annotate(
            lines=Count("id"),
            charged=Sum(Cast("quota_charged", IntegerField())),
        )
        .order_by("kind", "category")
    )
    order = {value: index for index, value in enumerate(Kind.values)}
    totals = [CategoryTotal(r["kind"], r["category"], r["lines"], r["charged"] or 0) for r in rows]
    totals.sort(key=lambda t: (order.get(t.kind, 99), t.category))
    return totals, sum(t.lines for t in totals)


def entry_history(entry: LedgerEntry) -> QuerySet[AuditEvent]:
    """The audit records of one line, oldest first."""
    return AuditEvent.objects.filter(
        object_type=LedgerEntry._meta.label_lower, object_id=str(entry.pk)
    ).order_by("id")


def counterpart_names(county: County) -> list[str]:
    """Every name a counterpart unit may be typed as: full names, short names and aliases."""
    names: set[str] = set()
    for name, short in Unit.objects.filter(county=county, is_active=True).values_list(
        "name", "short_name"
    ):
        names.add(name)
        if short:
            names.add(short)
    names.update(UnitAlias.objects.filter(county=county).values_list("name", flat=True))
    return sorted(n for n in names if n)


def counterpart_label(user, filters: EntryFilters) -> str:
    """The counterpart filter in words (the names of the units the user's county holds)."""
    names = list(
        Unit.objects.filter(county_id=user.county_id, pk__in=filters.counterpart_units)
        .order_by("code")
        .values_list("name", flat=True)
    )
    if filters.counterpart_unknown:
        names.append(_("未识别的对方单位"))
    return "、".join(names)


def editable_units(user) -> QuerySet[Unit]:
    """The units whose ledger the user may write to (own unit for a clerk, scope for others)."""
    return visible_units(user).filter(is_active=True).order_by("kind", "code")


def batch_list(user) -> QuerySet[ImportBatch]:
    return restrict(ImportBatch.objects.all(), user).select_related("unit").order_by("-id")
