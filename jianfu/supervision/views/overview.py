"""The supervision overview (supervision:index): my groups, my units, tasks by status, overdue."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from jianfu.org.access import has_perm, visible_units
from jianfu.org.guards import require
from jianfu.org.models import DataScope, Role, Unit

from ..selectors import groups_for, tasks_for, visits_for
from ..selectors.lists import task_counts
from ..status import STATUS_TAG, TaskStatus, days_overdue


@require("supervision.view")
@require_GET
def overview(request):
    user = request.user
    today = timezone.localdate()
    groups = list(groups_for(user).select_related("leader").prefetch_related("units", "members"))
    counts = task_counts(user, today)
    overdue = (
        tasks_for(user)
        .filter(deadline__lt=today)
        .exclude(status=TaskStatus.VERIFIED)
        .order_by("deadline", "id")[:20]
    )
    statuses = [
        {"value": s.value, "label": s.label, "tag": STATUS_TAG[s], "count": counts[s.value]}
        for s in TaskStatus
    ]
    county_wide = user.scope == DataScope.COUNTY
    if county_wide:
        units = []
    elif user.role == Role.INSPECTOR:  # the groups' units, not the inspector's own office
        units = list(
            Unit.objects.filter(supervision_groups__in=[g.pk for g in groups])
            .distinct()
            .order_by("kind", "code")
        )
    else:
        units = list(visible_units(user).order_by("kind", "code"))
    return render(
        request,
        "supervision/overview.html",
        {
            "groups": groups,
            "units": units,
            "county_wide": county_wide,
            "is_inspector": user.role == Role.INSPECTOR,
            "statuses": statuses,
            "counts": counts,
            "overdue": [
                (t, days_overdue(t.deadline, t.status, today), STATUS_TAG[t.status])
                for t in overdue
            ],
            "recent_visits": visits_for(user).order_by("-date", "-id")[:5],
            "can_record": has_perm(user, "visit.record") and bool(groups),
            "can_manage": has_perm(user, "group.manage"),
        },
    )
