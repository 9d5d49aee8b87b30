"""Reads for the reconciliation pages: what reached the observation points, from whom."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Q, Sum

from jianfu.org.models import County, Unit, UnitKind

from ..models import Kind, LedgerEntry

# Sections of "what reached me", in display order.
GROUP_COUNTY, GROUP_HIGHER = "county", "higher"
GROUP_TOWNSHIP, GROUP_UNKNOWN = "township", "unknown"
GROUP_OF_KIND = {
    UnitKind.COUNTY: GROUP_COUNTY,
    UnitKind.DEPARTMENT: GROUP_COUNTY,
    UnitKind.HIGHER: GROUP_HIGHER,
    UnitKind.TOWNSHIP: GROUP_TOWNSHIP,
}


@dataclass
class SenderRow:
    unit_id: int | None
    name: str
    group: str
    documents: int = 0
    meetings: int = 0
    meeting_minutes: int = 0
    inspections: int = 0
    inspection_days: int = 0
    # documents / meetings / inspections → the URL of the ledger lines behind the count (views)
    links: dict[str, str] = field(default_factory=dict)

    @property
    def meeting_hours(self) -> float:
        return round(self.meeting_minutes / 60, 1)

    @property
    def total(self) -> int:
        return self.documents + self.meetings + self.inspections


def received_by_sender(
    county: County, point_ids: set[int], date_from: date | None, date_to: date | None
) -> dict[str, list[SenderRow]]:
    """What the observation points received, grouped by sender: counts per kind, meeting hours,
    inspection days (distinct dates of 受检 lines per sender and point). One grouped query.

    Keys: county (county leadership and departments), higher (上级), township, unknown (the
    counterpart could not be resolved; one row for all of them).
    """
    lines = LedgerEntry.objects.filter(
        county=county, unit_id__in=point_ids, kind__in=[Kind.RECEIVED_DOC, Kind.ATTENDED,
                                                        Kind.INSPECTED]
    )  # fmt: skip
    if date_from is not None:
        lines = lines.filter(date__gte=date_from)
    if date_to is not None:
        lines = lines.filter(date__lte=date_to)
    grouped = (
        lines.values("counterpart_unit_id", "kind", "unit_id")
        .annotate(
            n=Count("id"),
            minutes=Sum("duration_minutes"),
            days=Count("date", distinct=True, filter=Q(kind=Kind.INSPECTED)),
        )
        .order_by()
    )
    unit_info = {
        pk: (name, kind)
        for pk, name, kind in Unit.objects.filter(county=county).values_list("pk", "name", "kind")
    }
    rows: dict[int | None, SenderRow] = {}
    for item in grouped:
        uid = item["counterpart_unit_id"]
        if uid not in unit_info:
            uid = None
        row = rows.get(uid)
        if row is None:
            name, kind = unit_info.get(uid, ("", ""))
            group = GROUP_OF_KIND.get(kind, GROUP_UNKNOWN) if uid is not None else GROUP_UNKNOWN
            row = rows[uid] = SenderRow(uid, name, group)
        if item["kind"] == Kind.RECEIVED_DOC:
            row.documents += item["n"]
        elif item["kind"] == Kind.ATTENDED:
            row.meetings += item["n"]
            row.meeting_minutes += item["minutes"] or 0
        else:
            row.inspections += item["n"]
            row.inspection_days += item["days"]
    sections: dict[str, list[SenderRow]] = {
        GROUP_COUNTY: [], GROUP_HIGHER: [], GROUP_TOWNSHIP: [], GROUP_UNKNOWN: []
    }  # fmt: skip
    for row in rows.values():
        sections[row.group].append(row)
    for section in sections.values():
        section.sort(key=lambda r: (-r.total, r.name))
    return sections


def section_totals(rows: list[SenderRow]) -> dict[str, Any]:
    return {
        "documents": sum(r.documents for r in rows),
        "meetings": sum(r.meetings for r in rows),
        "meeting_hours": round(sum(r.meeting_minutes for r in rows) / 60, 1),
        "inspections": sum(r.inspections for r in rows),
        "inspection_days": sum(r.inspection_days for r in rows),
    }
