"""Reads for study records and 学习全覆盖."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from jianfu.org.access import restrict, visible_units
from jianfu.org.models import KIND_ORDER, Role, UnitKind, User

from ..coverage import Coverage, Record, coverage_compute
from ..models import PolicyDocument, StudyRecord


def study_records(
    user: Any,
    *,
    unit_id: int | None = None,
    form: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    q: str = "",
    leaders_only: bool = False,
) -> QuerySet[StudyRecord]:
    queryset = restrict(StudyRecord.objects.all(), user).select_related("unit", "document")
    if unit_id:
        queryset = queryset.filter(unit_id=unit_id)
    if form:
        queryset = queryset.filter(form=form)
    if date_from:
        queryset = queryset.filter(date__gte=date_from)
    if date_to:
        queryset = queryset.filter(date__lte=date_to)
    if q:
        queryset = queryset.filter(
            Q(person_name__icontains=q) | Q(topic__icontains=q) | Q(document__title__icontains=q)
        )
    if leaders_only:
        queryset = queryset.filter(is_leader=True)
    return queryset.order_by("-date", "-id")


def coverage_for(user: Any, date_from: date, date_to: date) -> Coverage:
    """Coverage of the core documents of the county in [date_from, date_to], over the units the
    user may see (county units, departments and townships; not higher-level bodies)."""
    county_id = user.county_id
    core = list(
        PolicyDocument.objects.filter(county_id=county_id, is_core=True)
        .order_by("date", "id")
        .values_list("pk", "title")
    )
    units_qs = (
        visible_units(user)
        .filter(is_active=True)
        .exclude(kind=UnitKind.HIGHER)
        .order_by(KIND_ORDER, "code")
    )
    units = list(units_qs.values_list("pk", "name"))
    unit_ids = [pk for pk, _name in units]
    leaders = list(
        User.objects.filter(
            county_id=county_id, role=Role.LEADER, is_active=True, unit_id__in=unit_ids
        )
        .exclude(display_name="")
        .values_list("unit_id", "display_name")
    )
    leaders += list(
        StudyRecord.objects.filter(county_id=county_id, is_leader=True, unit_id__in=unit_ids)
        .values_list("unit_id", "person_name")
        .distinct()
    )
    records = [
        Record(*row)
        for row in StudyRecord.objects.filter(
            county_id=county_id, unit_id__in=unit_ids, date__gte=date_from, date__lte=date_to
        ).values_list("unit_id", "person_name", "is_leader", "document_id", "form", "hours")
    ]
    return coverage_compute(core, units, leaders, records)


def study_years(user: Any) -> list[int]:
    dates = restrict(StudyRecord.objects.all(), user).dates("date", "year", order="DESC")
    return [d.year for d in dates]
