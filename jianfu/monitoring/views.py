"""The dashboard and the drill-down into one unit (thin: figures come from selectors)."""

from __future__ import annotations

from datetime import date

from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from jianfu.core.audit import audit_record
from jianfu.core.excel import xlsx_bytes, xlsx_response
from jianfu.org.access import get_visible_or_404, has_perm, visible_units
from jianfu.org.guards import require
from jianfu.org.models import DataScope, Role, Unit

from .forms import PeriodForm, ReminderForm
from .labels import reminder_text
from .models import Alert
from .selectors.cache import cached_figures, data_version, scope_key
from .selectors.criteria import criteria_changes
from .selectors.dashboard import Period, dashboard_data, default_period, period_choices
from .selectors.reminders import reminder_list
from .services.reminders import unit_principals


def scope_unit_ids(user) -> set[int] | None:
    """None for the county's whole view; else the units the user may see."""
    if user.scope == DataScope.COUNTY or user.role == Role.COORDINATOR:
        return None
    return set(visible_units(user).values_list("pk", flat=True))


def request_period(request) -> Period:
    county = request.user.county
    start, end = PeriodForm(request.GET or None).period(
        lambda: default_period(county, timezone.localdate())
    )
    return Period(start, end)


@require("monitoring.view")
@require_GET
def dashboard(request):
    """The page body (figures, alerts, overdue tasks) is rendered once per data version and
    shared by everyone who sees the same units with the same rights: a Monday morning's readers
    cost a cache read each. Alerts and tasks change only with an audited write (the version)
    or with the day (in the key)."""
    period = request_period(request)
    county, unit_ids = request.user.county, scope_unit_ids(request.user)
    form = PeriodForm(request.GET or None)
    flags = {
        "county_view": unit_ids is None,
        "can_remind": has_perm(request.user, "reminder.send"),
        "perms_burden": has_perm(request.user, "burden.manage"),
    }

    version = data_version()  # read once for the page and the figures inside it

    def body() -> str:
        return render_to_string(
            "monitoring/_dashboard_body.html",
            dashboard_context(county, period, unit_ids, form, flags, version),
            request=request,
        )

    if form.is_bound and not form.is_valid():  # the errors are this request's own
        content = body()
    else:
        content = cached_figures(
            "dashboard_page",
            (
                county.pk,
                period.start,
                period.end,
                scope_key(unit_ids),
                "".join("1" if v else "0" for v in flags.values()),
                timezone.localdate(),
                get_language(),
            ),
            body,
            version,
        )
    return render(
        request,
        "monitoring/dashboard.html",
        {"body": mark_safe(content), "period": period},  # noqa: S308 - our own template
    )


def dashboard_context(
    county, period: Period, unit_ids, form, flags: dict, version: tuple | None = None
) -> dict:
    data = dashboard_data(county, period, unit_ids, version)
    # the dashboard compares with the same dates of the year before: a rule-set version that
    # took effect in between makes part of any change a reclassification
    compared_from = date(period.start.year - 1, period.start.month, 1)
    return {
        **data,
        "criteria_changes": criteria_changes(county, compared_from, period.end),
        **flags,
        "form": form,
        "choices": period_choices(period.end),
        "alerts_count": data["alerts"].count(),
        "alerts_top": list(data["alerts"][:10]),
    }


EXPORT_HEADERS = (
    "单位",
    "编码",
    "发文",
    "会议",
    "督查检查考核",
    "简报",
    "发文数额",
    "发文已用",
    "会议数额",
    "会议已用",
    "督检考数额",
    "督检考已用",
    "今年累计",
    "上年同期",
    "上年全年",
    "预计全年",
    "较上年压减%",
    "提醒人次",
)


@require("monitoring.view")
@require_GET
def dashboard_export(request):
    period = request_period(request)
    data = dashboard_data(request.user.county, period, scope_unit_ids(request.user))
    rows = []
    for r in data["rows"]:
        s = {x["section"]: x for x in r["sections"]}
        rows.append(
            [
                r["name"],
                r["unit"],
                r["documents"],
                r["meetings"],
                r["inspections"],
                r["briefs"],
                s["documents"]["quota"],
                s["documents"]["used"],
                s["meetings"]["quota"],
                s["meetings"]["used"],
                s["inspections"]["quota"],
                s["inspections"]["used"],
                r["this_year"],
                r["last_to_date"],
                r["last_year"],
                r["projected"],
                r["status"]["cut"] if r["status"]["cut"] is not None else "",
                r["reminders"],
            ]
        )
    content = xlsx_bytes(
        EXPORT_HEADERS,
        rows,
        sheet_title=_("各单位"),
        title=f"{request.user.county.name} 监测分析 {period.start}～{period.end}",
    )
    audit_record(
        request.actor,
        "export",
        None,
        object_type="monitoring.dashboard",
        object_repr=f"监测分析 {period.start}～{period.end}",
        after={"rows": len(rows)},
        county_id=request.user.county_id,
    )
    return xlsx_response(content, f"监测分析_{period.start}_{period.end}.xlsx")


def unit_detail_context(request, unit: Unit) -> dict:
    period = request_period(request)
    data = dashboard_data(request.user.county, period, {unit.pk})
    alerts = Alert.objects.filter(county=unit.county, unit=unit).order_by("status", "-last_seen")
    selected_alert = request.GET.get("alert", "")
    chosen = alerts.filter(pk=int(selected_alert)).first() if selected_alert.isdigit() else None
    return {
        "unit": unit,
        "period": period,
        "row": data["rows"][0] if data["rows"] else None,
        "alerts": alerts,
        "reminders": reminder_list(request.user).filter(unit=unit)[:20],
        "principals": unit_principals(unit),
        "form": ReminderForm(
            initial={
                "alert": selected_alert or None,
                "message": reminder_text(chosen) if chosen else "",
            }
        ),
        "can_remind": has_perm(request.user, "reminder.send"),
        "burden": data["burden"],
    }


@require("monitoring.view")
@require_GET
def unit_detail(request, pk: int):
    unit = get_visible_or_404(Unit.objects.all(), request.user, "pk", pk=pk)
    return render(request, "monitoring/unit.html", unit_detail_context(request, unit))
