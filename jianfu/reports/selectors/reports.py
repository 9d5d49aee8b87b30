"""Reading stored reports, within what a user may see.

A report is a county-wide document, so it is scoped by county, not by unit. The choice (see the
README): the quarterly bulletin is published to every unit (it names units on purpose), so unit
leaders and inspectors read it in full; the weekly analysis and monthly assessment are the task
force's working papers, for county-wide roles only (coordinator, county leaders).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from jianfu.org.models import DataScope

from ..models import Report, ReportKind


def visible_reports(user: Any) -> QuerySet[Report]:
    if not user.is_authenticated or not user.county_id:
        return Report.objects.none()
    reports = Report.objects.filter(county_id=user.county_id)
    if user.scope != DataScope.COUNTY:
        reports = reports.filter(kind=ReportKind.QUARTERLY)
    return reports


def report_list(user: Any, *, kind: str = "", period: str = "") -> QuerySet[Report]:
    reports = visible_reports(user)
    if kind:
        reports = reports.filter(kind=kind)
    if period:
        reports = reports.filter(period__icontains=period.strip())
    return reports.order_by("-period_end", "kind", "-version")


def report_get(user: Any, pk: int) -> Report:
    """One report the user may see, else 404 (never 403)."""
    try:
        return visible_reports(user).get(pk=pk)
    except Report.DoesNotExist as exc:
        raise Http404 from exc
