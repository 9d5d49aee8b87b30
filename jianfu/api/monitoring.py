"""Monitoring reads: the period's figures (DESIGN.md 5.6 shape, the one definition the dashboard
and the reports use), scoped to what the caller may see. A unit's OA token reads its own unit."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from jianfu.monitoring.selectors.cache import cached_figures
from jianfu.monitoring.selectors.dashboard import default_period
from jianfu.monitoring.selectors.figures import alerts_in_period, report_figures
from jianfu.org.access import has_perm, visible_units
from jianfu.org.guards import api_permission
from jianfu.org.models import DataScope

from .auth import caller_of, ledger_auth

router = Router(auth=ledger_auth(), tags=["监测分析"])


class PeriodIn(Schema):
    start: date | None = Field(None, description="统计期间起始日 YYYY-MM-DD；不填为今年 1 月 1 日")
    end: date | None = Field(None, description="统计期间截止日 YYYY-MM-DD；不填为今天")


class Sections(Schema):
    documents: int
    meetings: int
    inspections: int


class TotalsOut(Schema):
    documents: int
    meetings: int
    inspections: int
    briefs: int
    emergency: int
    reminders: int


class UnitFiguresOut(Schema):
    unit: str
    name: str
    documents: int
    meetings: int
    inspections: int
    briefs: int
    emergency: int
    quota: Sections
    used: Sections
    reminders: int


class AlertOut(Schema):
    unit: str
    rule: str
    message: str


class PeriodOut(Schema):
    start: date
    end: date


class FiguresOut(Schema):
    period: PeriodOut
    totals: TotalsOut
    units: list[UnitFiguresOut]
    alerts: list[AlertOut]


def scoped_figures(figures: dict, codes: set[str] | None) -> dict:
    """The figures of the units in `codes` only (None: all), totals made of those rows."""
    if codes is None:
        return figures
    units = [u for u in figures["units"] if u["unit"] in codes]
    totals = {
        key: sum(u[key] for u in units)
        for key in ("documents", "meetings", "inspections", "briefs", "emergency", "reminders")
    }
    alerts = [a for a in figures["alerts"] if a["unit"] in codes]
    return {"totals": totals, "units": units, "alerts": alerts}


@router.get(
    "/figures",
    response={200: FiguresOut, 400: dict, 403: dict},
    summary="监测数据（期间汇总）",
    openapi_extra=api_permission("monitoring.view", token=True),
    description=(
        "期间内县级机关和县直部门计入统计的发文、会议、督查检查考核（按发起单位台账，每件只计一次）、"
        "简报、应急事项，各单位数额与当年已用、提醒人次（每位被提醒人计 1 人次），"
        "以及期间内的预警。"
        "`start`、`end` 省略时为当年 1 月 1 日至最近台账日期。单位令牌只能读取本单位的数据。"
    ),
)
def figures(request: HttpRequest, period: PeriodIn = Query(...)):  # noqa: B008
    caller = caller_of(request)
    if caller.token is not None:
        county = caller.token.unit.county
        codes: set[str] | None = {caller.token.unit.code}
    else:
        user = caller.user
        if not has_perm(user, "monitoring.view") or not user.county_id:
            return 403, {"detail": _("无权访问")}
        county = user.county
        codes = (
            None
            if user.scope == DataScope.COUNTY
            else set(visible_units(user).values_list("code", flat=True))
        )
    start, end = period.start, period.end
    if start is None or end is None:  # the default costs a read of the ledger
        default = default_period(county, timezone.localdate())
        start, end = start or default.start, end or default.end
    if start > end or (end - start).days > 366 * 2:
        return 400, {"detail": _("期间无效：起始日期不能晚于截止日期，且最长两年。")}
    figures = dict(
        cached_figures(
            "report", (county.pk, start, end), lambda: report_figures(county, start, end)
        )
    )
    figures["alerts"] = [  # read fresh: the scan may have refreshed a reason
        {"unit": a.unit.code, "rule": a.rule, "message": a.message}
        for a in alerts_in_period(county, start, end)
    ]
    body = scoped_figures(figures, codes)
    return 200, {"period": {"start": start, "end": end}, **body}
