"""Reading the annual plans (年度会议计划 / 督检考计划)."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from jianfu.org.access import restrict

from ..models import PlanItem


def plan_list(user, year: int, unit_id: int | None = None, kind: str = "") -> QuerySet[PlanItem]:
    """The plan items the user may see for the year, with how many filings each links."""
    plans = restrict(PlanItem.objects.select_related("unit"), user).filter(year=year)
    if unit_id:
        plans = plans.filter(unit_id=unit_id)
    if kind:
        plans = plans.filter(kind=kind)
    return plans.annotate(filing_count=Count("filings")).order_by("unit__code", "kind", "code")
