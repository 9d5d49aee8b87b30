"""What a user may see of the supervision part: always through `jianfu.org.access.restrict`, so
that the inspectors' scope is their assigned units (kept in sync with their groups)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from jianfu.org.access import restrict, visible_units
from jianfu.org.models import DataScope, Role

from ..models import RectificationTask, SupervisionGroup, Visit


def visits_for(user: Any) -> QuerySet[Visit]:
    return restrict(Visit.objects.all(), user, "unit").select_related("unit", "group")


def tasks_for(user: Any) -> QuerySet[RectificationTask]:
    return restrict(RectificationTask.objects.all(), user, "unit").select_related(
        "unit", "group", "responsible_user", "finding__visit"
    )


def groups_of(user: Any) -> QuerySet[SupervisionGroup]:
    """The groups a user belongs to or leads."""
    if not user.is_authenticated or not user.county_id:
        return SupervisionGroup.objects.none()
    return (
        SupervisionGroup.objects.filter(county_id=user.county_id)
        .filter(Q(members=user) | Q(leader=user))
        .distinct()
    )


def groups_for(user: Any) -> QuerySet[SupervisionGroup]:
    """The groups a user sees: all of the county for county-wide roles, one's own groups for an
    inspector, the groups in charge of one's units for a unit's clerk or leader."""
    if not user.is_authenticated or not user.county_id:
        return SupervisionGroup.objects.none()
    groups = SupervisionGroup.objects.filter(county_id=user.county_id)
    if user.scope == DataScope.COUNTY:
        return groups
    if user.role == Role.INSPECTOR:
        return groups_of(user)
    return groups.filter(units__in=visible_units(user).values("pk")).distinct()
