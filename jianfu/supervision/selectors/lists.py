"""The filtered lists of visits and tasks a user sees (the list pages and their exports)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from ..models import RectificationTask, Visit
from ..status import TaskStatus
from .scope import tasks_for, visits_for


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


@dataclass(frozen=True)
class VisitFilters:
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    unit_id: int | None = None
    group_id: int | None = None
    q: str = ""

    @classmethod
    def from_query(cls, query: Any) -> VisitFilters:
        return cls(
            date_from=_date(query.get("from")),
            date_to=_date(query.get("to")),
            unit_id=_int(query.get("unit")),
            group_id=_int(query.get("group")),
            q=(query.get("q") or "").strip()[:100],
        )

    @property
    def active(self) -> bool:
        return any([self.date_from, self.date_to, self.unit_id, self.group_id, self.q])


def visit_list(user: Any, filters: VisitFilters) -> QuerySet[Visit]:
    visits = visits_for(user).annotate(findings_count=Count("findings"))
    if filters.date_from:
        visits = visits.filter(date__gte=filters.date_from)
    if filters.date_to:
        visits = visits.filter(date__lte=filters.date_to)
    if filters.unit_id:
        visits = visits.filter(unit_id=filters.unit_id)
    if filters.group_id:
        visits = visits.filter(group_id=filters.group_id)
    if filters.q:
        visits = visits.filter(Q(checked__icontains=filters.q) | Q(summary__icontains=filters.q))
    return visits.order_by("-date", "-id")


@dataclass(frozen=True)
class TaskFilters:
    status: str = ""
    overdue: bool = False
    unit_id: int | None = None
    group_id: int | None = None
    q: str = ""

    @classmethod
    def from_query(cls, query: Any) -> TaskFilters:
        status = query.get("status") or ""
        return cls(
            status=status if status in TaskStatus.values else "",
            overdue=query.get("overdue") == "1",
            unit_id=_int(query.get("unit")),
            group_id=_int(query.get("group")),
            q=(query.get("q") or "").strip()[:100],
        )

    @property
    def active(self) -> bool:
        return any([self.status, self.overdue, self.unit_id, self.group_id, self.q])


def task_list(user: Any, filters: TaskFilters, today: dt.date) -> QuerySet[RectificationTask]:
    tasks = tasks_for(user)
    if filters.status:
        tasks = tasks.filter(status=filters.status)
    if filters.overdue:
        tasks = tasks.filter(deadline__lt=today).exclude(status=TaskStatus.VERIFIED)
    if filters.unit_id:
        tasks = tasks.filter(unit_id=filters.unit_id)
    if filters.group_id:
        tasks = tasks.filter(group_id=filters.group_id)
    if filters.q:
        tasks = tasks.filter(Q(title__icontains=filters.q) | Q(requirement__icontains=filters.q))
    return tasks.order_by("deadline", "id")


def task_counts(user: Any, today: dt.date) -> dict[str, int]:
    """Tasks per status in the user's scope, and the overdue ones."""
    tasks = tasks_for(user)
    counts = dict.fromkeys(TaskStatus.values, 0)
    for status, n in tasks.order_by().values_list("status").annotate(n=Count("id")):
        counts[status] = n
    counts["overdue"] = tasks.filter(deadline__lt=today).exclude(status=TaskStatus.VERIFIED).count()
    counts["total"] = sum(counts[s] for s in TaskStatus.values)
    return counts
