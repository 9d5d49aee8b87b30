"""Reading items (报备事项) for the list page, the export and the API."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from jianfu.org.access import restrict

from ..models import Filing, ItemKind, Status

RESTORE_DAYS = 30


def _day(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat((text or "").strip())
    except ValueError:
        return None


@dataclass(frozen=True)
class FilingFilters:
    """The list's filter bar, read from the query string; invalid values are ignored."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    unit_id: int | None = None
    kind: str = ""
    status: str = ""
    q: str = ""
    deleted: bool = False

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> FilingFilters:
        unit = (query.get("unit") or "").strip()
        kind = query.get("kind") or ""
        status = query.get("status") or ""
        return cls(
            date_from=_day(query.get("from")),
            date_to=_day(query.get("to")),
            unit_id=int(unit) if unit.isdigit() else None,
            kind=kind if kind in ItemKind.values else "",
            status=status if status in Status.values else "",
            q=(query.get("q") or "").strip()[:100],
            deleted=query.get("deleted") == "1",
        )

    @property
    def active(self) -> bool:
        return any((self.date_from, self.date_to, self.unit_id, self.kind, self.status, self.q))


def filing_list(user, filters: FilingFilters) -> QuerySet[Filing]:
    """The items the user may see that match the filters, newest first."""
    items = restrict(Filing.objects.select_related("unit"), user)
    items = items.filter(deleted_at__isnull=not filters.deleted)
    if filters.deleted:  # restorable: deleted within the last 30 days (R17)
        items = items.filter(deleted_at__gte=timezone.now() - timedelta(days=RESTORE_DAYS))
    if filters.date_from:
        items = items.filter(date__gte=filters.date_from)
    if filters.date_to:
        items = items.filter(date__lte=filters.date_to)
    if filters.unit_id:
        items = items.filter(unit_id=filters.unit_id)
    if filters.kind:
        items = items.filter(kind=filters.kind)
    if filters.status:
        items = items.filter(status=filters.status)
    if filters.q:
        items = items.filter(
            Q(title__icontains=filters.q)
            | Q(reg_no__icontains=filters.q)
            | Q(doc_no__icontains=filters.q)
        )
    return items.order_by("-date", "-id")
