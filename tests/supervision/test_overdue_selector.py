"""`tasks_overdue(county, today)`: the public read monitoring uses for alerts and the dashboard."""

from __future__ import annotations

import datetime as dt

from jianfu.supervision.models import RectificationTask, TaskStatus
from jianfu.supervision.selectors import OverdueTask, tasks_overdue


def test_overdue_tasks_of_the_county(county, task_ny, visit_ny, users):
    today = dt.date.today()
    assert tasks_overdue(county, today) == []  # due in 5 days
    later = today + dt.timedelta(days=8)
    assert tasks_overdue(county, later) == [
        OverdueTask(
            unit_id=task_ny.unit_id,
            task_id=task_ny.pk,
            title="发文未经报备即印发",
            deadline=task_ny.deadline,
            group_name="第一督导组",
            days_overdue=3,
        )
    ]
    assert tasks_overdue(county.pk, later)[0].task_id == task_ny.pk  # an id works too


def test_verified_tasks_are_not_overdue_and_other_counties_are_apart(county, task_ny):
    from jianfu.org.models import County

    later = dt.date.today() + dt.timedelta(days=30)
    RectificationTask.objects.filter(pk=task_ny.pk).update(status=TaskStatus.RESPONDED)
    assert [t.task_id for t in tasks_overdue(county, later)] == [task_ny.pk]
    other = County.objects.create(code="XX", name="别县")
    assert tasks_overdue(other, later) == []
    RectificationTask.objects.filter(pk=task_ny.pk).update(status=TaskStatus.VERIFIED)
    assert tasks_overdue(county, later) == []
