"""The statistics ledger (统计台账) as figures: counted lines grouped, per unit and for the county.

Every figure is one GROUP BY query over the ledger's decision columns (no per-line work):
`ledger_stats` is the general grouping, `unit_statistics` a unit's own statistics ledger and
`county_statistics` what county units produced in a period (DESIGN.md 5.6: each item once, as
the producing unit's 发文 / 办会 / 督查 line, however many townships received it).
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q

from jianfu.org.models import County, Unit, UnitKind

from ..models import Kind, LedgerEntry
from .rollup import grouped

# group_by names → columns
GROUP_COLUMNS = {
    "unit": "unit_id",
    "kind": "kind",
    "category": "category",
    "rule": "rule",
    "date": "date",
}
SECTION_OF_KIND = {
    Kind.RECEIVED_DOC: "documents",
    Kind.ISSUED_DOC: "documents",
    Kind.ATTENDED: "meetings",
    Kind.HELD: "meetings",
    Kind.INSPECTED: "inspections",
    Kind.INSPECTING: "inspections",
}
PRODUCED_SECTIONS = {
    Kind.ISSUED_DOC: "documents",
    Kind.HELD: "meetings",
    Kind.INSPECTING: "inspections",
}
BRIEF_CATEGORY = "简报"
EMERGENCY_CATEGORY = "应急"
COUNTY_PRODUCER_KINDS = (UnitKind.COUNTY, UnitKind.DEPARTMENT)


def ledger_stats(
    county: County | int,
    date_from: date,
    date_to: date,
    *,
    unit_ids: list[int] | None = None,
    group_by: tuple[str, ...] = ("unit", "kind", "category"),
) -> list[dict]:
    """Counted lines (and how many of them are quota-charged) in [date_from, date_to], grouped.

    One query. Each dict holds the group_by names (`unit` is the unit id) plus `counted` and
    `quota_charged`; ordered by the group columns.
    """
    unknown = [name for name in group_by if name not in GROUP_COLUMNS]
    if unknown:
        raise ValueError(f"unknown group_by {unknown!r}")
    county_id = county if isinstance(county, int) else county.pk
    columns = [GROUP_COLUMNS[name] for name in group_by]
    if "date" not in group_by:  # whole months from the monthly rollup (ADR 0006)
        where = Q(counted=True)
        if unit_ids is not None:
            where &= Q(unit_id__in=list(unit_ids))
        counts = grouped(county_id, date_from, date_to, (*columns, "quota_charged"), where)
        merged: dict[tuple, list[int]] = {}
        for (*key, charged), (n,) in counts.items():
            sums = merged.setdefault(tuple(key), [0, 0])
            sums[0] += n
            sums[1] += n if charged else 0
        return [
            {**dict(zip(group_by, key, strict=True)), "counted": n, "quota_charged": q}
            for key, (n, q) in sorted(merged.items(), key=lambda item: _sort_key(item[0]))
        ]
    queryset = LedgerEntry.objects.filter(
        county_id=county_id, date__gte=date_from, date__lte=date_to, counted=True
    )
    if unit_ids is not None:
        queryset = queryset.filter(unit_id__in=list(unit_ids))
    rows = (
        queryset.order_by()
        .values(*columns)
        .annotate(n=Count("id"), q=Count("id", filter=Q(quota_charged=True)))
        .order_by(*columns)
    )
    return [
        {
            **{name: row[column] for name, column in zip(group_by, columns, strict=True)},
            "counted": row["n"],
            "quota_charged": row["q"],
        }
        for row in rows
    ]


def _sort_key(key: tuple) -> tuple:
    """The database's order of a group key (NULLs first, as SQLite and `order_by` agree)."""
    return tuple((value is not None, value) for value in key)


def unit_statistics(unit: Unit, date_from: date, date_to: date) -> dict:
    """A unit's statistics ledger for the period: its counted lines by kind and category, its
    briefs tally (简报, not counted as documents) and emergency lines (应急, counted, no quota)."""
    counts = grouped(
        unit.county_id,
        date_from,
        date_to,
        ("kind", "category", "counted", "quota_charged"),
        Q(unit_id=unit.pk) & (Q(counted=True) | Q(category=BRIEF_CATEGORY)),
    )
    merged: dict[tuple, dict] = {}
    for (kind, category, counted, charged), (n,) in counts.items():
        row = merged.setdefault(
            (kind, category, counted),
            {"kind": kind, "category": category, "counted": counted, "n": 0, "q": 0},
        )
        row["n"] += n
        row["q"] += n if charged else 0
    rows = [merged[key] for key in sorted(merged, key=lambda k: (k[0], k[1], k[2]))]
    by_kind = {kind.value: 0 for kind in Kind}
    sections = {"documents": 0, "meetings": 0, "inspections": 0}
    groups = []
    briefs = emergency = quota = 0
    for row in rows:
        if not row["counted"]:
            briefs += row["n"]
            continue
        by_kind[row["kind"]] += row["n"]
        sections[SECTION_OF_KIND[row["kind"]]] += row["n"]
        quota += row["q"]
        if row["category"] == EMERGENCY_CATEGORY:
            emergency += row["n"]
        groups.append(
            {
                "kind": row["kind"],
                "category": row["category"],
                "counted": row["n"],
                "quota_charged": row["q"],
            }
        )
    return {
        "unit": unit.code,
        "period": {"start": date_from.isoformat(), "end": date_to.isoformat()},
        "total": sum(by_kind.values()),
        "quota_charged": quota,
        "by_kind": by_kind,
        "sections": sections,
        "briefs": briefs,
        "emergency": emergency,
        "groups": groups,
    }


def county_statistics(county: County | int, date_from: date, date_to: date) -> dict:
    """What county units (county-level offices and departments) produced in the period.

    `documents` / `meetings` / `inspections`: their counted 发文 / 办会 / 督查 lines (emergency
    ones included); `briefs`: their 发文 lines of category 简报 (a separate tally, not counted);
    `emergency`: their counted lines of category 应急. Per unit the same figures plus what is
    quota-charged. Read from the monthly rollup (`selectors/rollup.py`, ADR 0006).
    """
    county_id = county if isinstance(county, int) else county.pk
    counts = grouped(
        county_id,
        date_from,
        date_to,
        ("unit_id", "kind", "category", "counted", "quota_charged"),
        Q(kind__in=list(PRODUCED_SECTIONS), unit__kind__in=COUNTY_PRODUCER_KINDS)
        & (Q(counted=True) | Q(category=BRIEF_CATEGORY)),
    )
    merged: dict[tuple, dict] = {}
    for (unit_id, kind, category, counted, charged), (n,) in counts.items():
        row = merged.setdefault(
            (unit_id, kind, category, counted),
            {
                "unit_id": unit_id,
                "kind": kind,
                "category": category,
                "counted": counted,
                "n": 0,
                "q": 0,
            },
        )
        row["n"] += n
        row["q"] += n if charged else 0
    rows = merged.values()
    totals = {"documents": 0, "meetings": 0, "inspections": 0, "briefs": 0, "emergency": 0}
    per_unit: dict[int, dict] = {}
    for row in rows:
        figures = per_unit.setdefault(
            row["unit_id"],
            {
                "documents": 0,
                "meetings": 0,
                "inspections": 0,
                "briefs": 0,
                "emergency": 0,
                "quota": {"documents": 0, "meetings": 0, "inspections": 0},
            },
        )
        if not row["counted"]:
            if row["kind"] == Kind.ISSUED_DOC:
                figures["briefs"] += row["n"]
                totals["briefs"] += row["n"]
            continue
        section = PRODUCED_SECTIONS[row["kind"]]
        figures[section] += row["n"]
        totals[section] += row["n"]
        figures["quota"][section] += row["q"]
        if row["category"] == EMERGENCY_CATEGORY:
            figures["emergency"] += row["n"]
            totals["emergency"] += row["n"]
    codes = dict(Unit.objects.filter(pk__in=list(per_unit)).values_list("pk", "code"))
    units = [
        {"unit": codes[unit_id], **figures}
        for unit_id, figures in sorted(per_unit.items(), key=lambda item: codes[item[0]])
    ]
    return {
        "period": {"start": date_from.isoformat(), "end": date_to.isoformat()},
        "totals": totals,
        "units": units,
    }
