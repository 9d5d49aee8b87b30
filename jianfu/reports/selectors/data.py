"""The report's data: the JSON `jianfu report --format json` prints, and the one input of the
.docx and .xlsx renderers.

The figures come from ONE place, `jianfu.monitoring.selectors.figures.report_figures` (the
dashboard reads the same function), so the report, the dashboard and the JSON cannot disagree.
On top of DESIGN.md 5.6 (`kind`, `period`, `totals`, `units`, `alerts`) the JSON carries what
the analysis text quotes — the previous period, a trend, quota use against the pace with
year-end projections, suggestions and the units named — each computed from `report_figures`
output by the pure functions of `analysis.py`, so every number a document shows is in the JSON.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jianfu.ledgers.selectors.stats import county_statistics
from jianfu.monitoring.labels import alert_label
from jianfu.monitoring.models import Alert, Reminder
from jianfu.monitoring.selectors.figures import report_figures
from jianfu.monitoring.selectors.reminders import day_bounds, reminders_count
from jianfu.org.models import County

from .. import analysis
from ..periods import MONTHLY, QUARTERLY, WEEKLY, Period, year_fraction

# how many periods the trend shows, per report kind (the report's own period last)
# (the bulletin compares with the previous quarter; a longer trend is the monthly assessment's)
TREND = {WEEKLY: 6, MONTHLY: 6, QUARTERLY: 2}
SECTION_LABELS = {"documents": "发文", "meetings": "会议", "inspections": "督查检查考核"}
DOC_NO_WORD = {WEEKLY: "析", MONTHLY: "判", QUARTERLY: "通"}
TITLE = {
    WEEKLY: "关于{county}{period}为基层减负工作情况的分析",
    MONTHLY: "关于{county}{period}为基层减负工作情况的研判",
    QUARTERLY: "关于{county}{period}为基层减负工作情况的通报",
}


def doc_no(county: County, period: Period) -> str:
    """文号: the county's first character, 减负, the kind's word, the year, the period number —
    e.g. 青减负通〔2025〕3号 for the third quarter's bulletin of 青河县."""
    prefix = (county.name or county.code)[:1]
    return f"{prefix}减负{DOC_NO_WORD[period.kind]}〔{period.year}〕{period.number}号"


def named_units(county: County, period: Period, use_rows: list[dict]) -> list[dict]:
    """Units named in the document: over a quota, or flagged for the bulletin (拟通报) on an
    alert seen in the period or on a reminder sent in it. One row per unit with its reasons."""
    reasons: dict[str, list[str]] = {}
    for row in use_rows:
        if row["status"] == analysis.STATUS_OVER:
            reasons.setdefault(row["unit"], []).append(
                _("%(section)s超出年度数额（已用 %(used)s，数额 %(quota)s）")
                % {
                    "section": SECTION_LABELS[row["section"]],
                    "used": row["used"],
                    "quota": row["quota"],
                }
            )
    alerts = (
        Alert.objects.filter(
            county=county,
            bulletin=True,
            first_seen__lte=period.end,
            last_seen__gte=period.start,
        )
        .select_related("unit")
        .order_by("unit__code", "rule", "id")
    )
    named_alerts = set()
    for alert in alerts:
        named_alerts.add(alert.pk)
        label = alert_label(alert.rule)
        reasons.setdefault(alert.unit.code, []).append(f"{alert.message}（{label}）")
    lower, upper = day_bounds(period.start, period.end)
    flagged = (
        Reminder.objects.filter(county=county, bulletin=True)
        .filter(Q(sent_at__gte=lower) & Q(sent_at__lte=upper))
        .select_related("unit")
        .order_by("unit__code", "sent_at")
    )
    for reminder in flagged:
        if reminder.alert_id in named_alerts:
            # the alert is already named above and the reminder's text usually quotes it: say
            # only that the unit was reminded, not the same message a second time
            reason = _("已于%(day)s提醒，拟予通报") % {
                "day": timezone.localtime(reminder.sent_at).strftime("%Y-%m-%d")
            }
        else:
            reason = _("经提醒后拟通报：%(message)s") % {"message": reminder.message}
        reasons.setdefault(reminder.unit.code, []).append(reason)
    return [{"unit": code, "reasons": reasons[code]} for code in sorted(reasons)]


def figures_for(county: County, period: Period) -> dict:
    return report_figures(county, period.start, period.end)


def totals_for(county: County, period: Period) -> dict:
    """Only the `totals` of `report_figures` for another period (the previous one, the trend):
    the same two functions it sums — the producers' GROUP BY and the reminders in 人次 — without
    the year-to-date quota use, units and alerts that only the report's own period shows.
    tests/reports/test_figures.py checks that they equal `report_figures(...)["totals"]`."""
    totals = dict(county_statistics(county.pk, period.start, period.end)["totals"])
    totals["reminders"] = sum(reminders_count(county.pk, period.start, period.end).values())
    return totals


def report_data(county: County, period: Period) -> dict:
    """Everything the report shows, as JSON-ready data (DESIGN.md 5.6 plus the analysis)."""
    figures = figures_for(county, period)
    previous = period.previous()
    known = {period: figures["totals"], previous: totals_for(county, previous)}
    trend = []
    for item in period.recent(TREND[period.kind]):
        totals = known[item] if item in known else totals_for(county, item)
        trend.append({"code": item.code, "label": item.label, "totals": totals})
    previous_figures = {"totals": known[previous]}
    use_rows = analysis.quota_use(figures["units"], period.end)
    return {
        "kind": period.kind,
        "code": period.code,
        "label": period.label,
        "county": {"code": county.code, "name": county.name},
        "doc_no": doc_no(county, period),
        "title": TITLE[period.kind].format(county=county.name, period=period.label),
        "period": {"start": period.start.isoformat(), "end": period.end.isoformat()},
        "totals": figures["totals"],
        "units": figures["units"],
        "alerts": figures["alerts"],
        "previous": {
            "code": previous.code,
            "label": previous.label,
            "period": {"start": previous.start.isoformat(), "end": previous.end.isoformat()},
            "totals": previous_figures["totals"],
        },
        "change": analysis.change(figures["totals"], previous_figures["totals"]),
        "trend": trend,
        "quota_use": use_rows,
        "suggestions": analysis.suggestions(use_rows, figures["units"]),
        "alerts_by_rule": analysis.alerts_by_rule(figures["alerts"]),
        "named": named_units(county, period, use_rows),
        "year_progress": dict(zip(("elapsed", "days"), year_fraction(period.end), strict=True)),
    }
