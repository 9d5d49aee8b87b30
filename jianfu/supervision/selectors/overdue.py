"""Overdue rectification tasks (逾期未整改) of a county, for alerts and the dashboard."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ..models import RectificationTask
from ..status import TaskStatus, days_overdue


@dataclass(frozen=True)
class OverdueTask:
    unit_id: int
    task_id: int
    title: str
    deadline: date
    group_name: str
    days_overdue: int


def tasks_overdue(county: Any, today: date) -> list[OverdueTask]:
    """Every task of the county whose deadline is before `today` and that is not verified
    (已销号), most overdue first. `county` is a County or its id."""
    county_id = getattr(county, "pk", county)
    rows = (
        RectificationTask.objects.filter(county_id=county_id, deadline__lt=today)
        .exclude(status=TaskStatus.VERIFIED)
        .order_by("deadline", "id")
        .values_list("unit_id", "id", "title", "deadline", "group__name", "status")
    )
    return [
        OverdueTask(
            unit_id=unit_id,
            task_id=task_id,
            title=title,
            deadline=deadline,
            group_name=group_name,
            days_overdue=days_overdue(deadline, status, today),
        )
        for unit_id, task_id, title, deadline, group_name, status in rows
    ]
