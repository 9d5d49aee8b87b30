"""Everything the dashboard shows, for one period and one data scope.

The figures come from `report_figures` (the one definition the reports and the API use too);
this module adds the year-to-date view (quota use, linear projection, this year against last,
the 30–50 % cut target), categories, the monthly trend, what observation points received and
its burden in hours, open alerts and overdue supervision tasks. `unit_ids` None is the whole
county; otherwise only those units' rows (and totals made of them) are shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Max, Q
from django.urls import reverse

from jianfu.ledgers.models import LedgerEntry
from jianfu.ledgers.selectors.rollup import grouped
from jianfu.ledgers.selectors.stats import BRIEF_CATEGORY, PRODUCED_SECTIONS
from jianfu.org.models import County, Unit

from .. import links
from ..models import Alert
from ..pace import cut_percent, project_year_end, use_percent
from .burden import received_burden
from .cache import cached_figures, scope_key
from .figures import SECTIONS, report_figures
from .findings import SECTION_KIND, overdue_tasks, pace_rows

CUT_TARGET_LOW, CUT_TARGET_HIGH = 30, 50
CHART_UNITS = 15
SECTION_LABELS = {"documents": "发文", "meetings": "会议", "inspections": "督查检查考核"}


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def default_period(county: County, today: date) -> Period:
    """From 1 January to the latest ledger day (not after today) of the latest year with lines."""
    latest = LedgerEntry.objects.filter(county=county, date__lte=today).aggregate(m=Max("date"))[
        "m"
    ]
    end = latest or today
    return Period(date(end.year, 1, 1), end)


def period_choices(end: date) -> list[dict]:
    """Quick picks around `end`: the year, its quarter, its month, the month before."""
    quarter = (end.month - 1) // 3
    q_start = date(end.year, quarter * 3 + 1, 1)
    q_end = date(end.year + (quarter == 3), (quarter * 3 + 3) % 12 + 1, 1) - timedelta(days=1)
    m_start = end.replace(day=1)
    m_end = (m_start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    prev_end = m_start - timedelta(days=1)
    return [
        {"label": f"{end.year}年", "start": date(end.year, 1, 1), "end": date(end.year, 12, 31)},
        {"label": f"{end.year}年第{quarter + 1}季度", "start": q_start, "end": q_end},
        {"label": f"{end.year}年{end.month}月", "start": m_start, "end": m_end},
        {
            "label": f"{prev_end.year}年{prev_end.month}月",
            "start": prev_end.replace(day=1),
            "end": prev_end,
        },
    ]


def _in_scope(unit_id: int, unit_ids: set[int] | None) -> bool:
    return unit_ids is None or unit_id in unit_ids


def cut_status(projected: int, last_year: int) -> dict:
    """The unit against last year ("只减不增") and the 30–50 % cut target, as colour and words."""
    cut = cut_percent(projected, last_year)
    if cut is None:
        return {"cut": None, "tag": "grey", "label": "无上年数据"}
    if cut < 0:
        return {"cut": cut, "tag": "red", "label": "超过上年"}
    if cut < CUT_TARGET_LOW:
        return {"cut": cut, "tag": "orange", "label": "未达压减目标"}
    return {"cut": cut, "tag": "green", "label": "达到压减目标"}


def unit_rows(county: County, period: Period, figures: dict, unit_ids: set[int] | None) -> list:
    """The ranked per-unit table: period figures, quota use, projection, against last year."""
    pks = dict(Unit.objects.filter(county=county).values_list("code", "pk"))
    pace = cached_figures("pace", (county.pk, period.end), lambda: pace_rows(county, period.end))
    rows = []
    for row in figures["units"]:
        unit_id = pks[row["unit"]]
        if not _in_scope(unit_id, unit_ids):
            continue
        sections = []
        heading_over = False
        top_percent = -1
        for section in SECTIONS:
            quota, used = row["quota"][section], row["used"][section]
            projected = project_year_end(used, period.end)
            percent = use_percent(used, quota)
            over = bool(quota) and projected > quota
            heading_over = heading_over or over
            top_percent = max(top_percent, percent if percent is not None else -1)
            sections.append(
                {
                    "section": section,
                    "label": SECTION_LABELS[section],
                    "count": row[section],
                    "count_url": links.ledger_lines_url(
                        unit_id=unit_id,
                        kind=SECTION_KIND[section],
                        start=period.start,
                        end=period.end,
                        counted=True,
                    ),
                    "quota": quota,
                    "used": used,
                    "used_url": links.ledger_lines_url(
                        unit_id=unit_id,
                        kind=SECTION_KIND[section],
                        start=date(period.end.year, 1, 1),
                        end=period.end,
                        counted=True,
                        quota_charged=True,
                    ),
                    "percent": percent,
                    "projected": projected,
                    "over": over,
                    "tag": "red"
                    if (percent or 0) >= 100 or over
                    else "orange"
                    if (percent or 0) >= 80
                    else "green",
                }
            )
        this = sum(pace.get((unit_id, s), {}).get("this", 0) for s in SECTIONS)
        last_to_date = sum(pace.get((unit_id, s), {}).get("last_to_date", 0) for s in SECTIONS)
        last_year = sum(pace.get((unit_id, s), {}).get("last_year", 0) for s in SECTIONS)
        projected_total = project_year_end(this, period.end)
        rows.append(
            {
                "unit_id": unit_id,
                "url": f"{reverse('monitoring:unit', args=[unit_id])}?"
                f"start={period.start.isoformat()}&end={period.end.isoformat()}",
                "unit": row["unit"],
                "name": row["name"],
                "documents": row["documents"],
                "meetings": row["meetings"],
                "inspections": row["inspections"],
                "briefs": row["briefs"],
                "briefs_url": links.ledger_lines_url(
                    unit_id=unit_id,
                    kind="发文",
                    start=period.start,
                    end=period.end,
                    counted=False,
                    category=links.BRIEF_CATEGORY,
                ),
                "reminders": row["reminders"],
                "sections": sections,
                "heading_over": heading_over,
                "top_percent": top_percent,
                "this_year": this,
                "last_to_date": last_to_date,
                "last_year": last_year,
                "projected": projected_total,
                "target_low": round(last_year * (100 - CUT_TARGET_LOW) / 100),
                "target_high": round(last_year * (100 - CUT_TARGET_HIGH) / 100),
                "status": cut_status(projected_total, last_year),
                "year_url": links.ledger_lines_url(
                    unit_id=unit_id,
                    kind=links.PRODUCED,
                    start=date(period.end.year, 1, 1),
                    end=period.end,
                    counted=True,
                ),
            }
        )
    rows.sort(key=lambda r: (not r["heading_over"], -r["top_percent"], -r["this_year"], r["unit"]))
    return rows


def produced_filter(county: County, unit_ids: set[int] | None) -> Q:
    q = Q(county=county, kind__in=list(PRODUCED_SECTIONS))
    if unit_ids is not None:
        q &= Q(unit_id__in=unit_ids)
    return q


def _produced_where(unit_ids: set[int] | None) -> Q:
    q = Q(kind__in=list(PRODUCED_SECTIONS))
    if unit_ids is not None:
        q &= Q(unit_id__in=unit_ids)
    return q


def categories(county: County, period: Period, unit_ids: set[int] | None) -> list[dict]:
    """Counted produced lines by kind and category (县级 / 部门 / 应急 …) plus briefs."""
    counts = grouped(
        county.pk,
        period.start,
        period.end,
        ("kind", "category"),
        _produced_where(unit_ids) & (Q(counted=True) | Q(category=BRIEF_CATEGORY)),
    )
    rows = [{"kind": k, "category": c, "n": n} for (k, c), (n,) in sorted(counts.items())]
    return [
        {
            "kind": row["kind"],
            "category": row["category"],
            "n": row["n"],
            "url": links.ledger_lines_url(
                kind=row["kind"],
                start=period.start,
                end=period.end,
                # a 简报 row counts its lines counted or not; every other row its counted lines
                counted=None if row["category"] == BRIEF_CATEGORY else True,
                category=row["category"],
            ),
        }
        for row in rows
    ]


def monthly_trend(county: County, period: Period, unit_ids: set[int] | None) -> dict:
    """Counted produced lines per month, the period's year against the year before."""
    year = period.end.year
    counts = grouped(
        county.pk,
        date(year - 1, 1, 1),
        date(year, 12, 31),
        ("month", "kind"),
        _produced_where(unit_ids) & Q(counted=True),
    )
    series = {(y, s): [0] * 12 for y in (year - 1, year) for s in SECTIONS}
    for ((y, m), kind), (n,) in counts.items():
        series[(y, PRODUCED_SECTIONS[kind])][m - 1] += n
    return {
        "year": year,
        "months": [f"{m}月" for m in range(1, 13)],
        "this": {s: series[(year, s)] for s in SECTIONS},
        "last": {s: series[(year - 1, s)] for s in SECTIONS},
        "this_total": [sum(series[(year, s)][i] for s in SECTIONS) for i in range(12)],
        "last_total": [sum(series[(year - 1, s)][i] for s in SECTIONS) for i in range(12)],
    }


def open_alerts(county: County, unit_ids: set[int] | None):
    alerts = Alert.objects.filter(county=county, status=Alert.State.OPEN).select_related("unit")
    if unit_ids is not None:
        alerts = alerts.filter(unit_id__in=unit_ids)
    return alerts.order_by("-last_seen", "rule", "id")


def dashboard_figures(
    county: County, period: Period, unit_ids: set[int] | None, version: tuple | None = None
) -> dict:
    """The ledger-derived part of the dashboard (the heavy GROUP BYs), cached between writes."""
    return cached_figures(
        "dashboard",
        (county.pk, period.start, period.end, scope_key(unit_ids)),
        lambda: _compute_figures(county, period, unit_ids),
        version=version,
    )


def _compute_figures(county: County, period: Period, unit_ids: set[int] | None) -> dict:
    # county-wide parts are cached county-wide: a unit's page reuses the dashboard's work
    figures = cached_figures(
        "report",
        (county.pk, period.start, period.end),
        lambda: report_figures(county, period.start, period.end),
    )
    rows = unit_rows(county, period, figures, unit_ids)
    totals = figures["totals"]
    if unit_ids is not None:  # the totals of what the user may see
        codes = {r["unit"] for r in rows}
        totals = {
            key: sum(f[key] for f in figures["units"] if f["unit"] in codes)
            for key in ("documents", "meetings", "inspections", "briefs", "emergency", "reminders")
        }
    # the totals are the county producers' lines (ledgers.selectors.stats.county_statistics)
    span = {"start": period.start, "end": period.end, "unit_kinds": links.COUNTY_PRODUCERS}
    total_links = {
        section: links.ledger_lines_url(kind=SECTION_KIND[section], counted=True, **span)
        for section in SECTIONS
    }
    total_links["briefs"] = links.ledger_lines_url(
        kind="发文", counted=False, category=links.BRIEF_CATEGORY, **span
    )
    total_links["emergency"] = links.ledger_lines_url(
        kind=links.PRODUCED, counted=True, category=links.EMERGENCY_CATEGORY, **span
    )
    burden = received_burden(county, period.start, period.end, unit_ids=unit_ids)
    trend = monthly_trend(county, period, unit_ids)
    busiest = sorted(rows, key=lambda r: -(r["documents"] + r["meetings"] + r["inspections"]))
    busiest = busiest[:CHART_UNITS]
    chart = {
        "units": {  # the busiest units; the table underneath lists every unit
            "names": [r["name"] for r in busiest],
            "documents": [r["documents"] for r in busiest],
            "meetings": [r["meetings"] for r in busiest],
            "inspections": [r["inspections"] for r in busiest],
        },
        "trend": trend,
        "burden": {
            "names": [p["name"] for p in burden["points"]],
            "hours": [p["totals"]["hours"] for p in burden["points"]],
        },
    }
    return {
        "totals": totals,
        "total_links": total_links,
        "rows": rows,
        "heading_over": [r for r in rows if r["heading_over"]],
        "categories": categories(county, period, unit_ids),
        "trend": trend,
        "burden": burden,
        "chart": chart,
    }


def dashboard_data(
    county: County, period: Period, unit_ids: set[int] | None, version: tuple | None = None
) -> dict:
    """Everything the dashboard shows: the cached figures, and alerts and overdue tasks read
    fresh."""
    data = dict(dashboard_figures(county, period, unit_ids, version))
    alerts = open_alerts(county, unit_ids)
    names = dict(Unit.objects.filter(county=county).values_list("pk", "name"))
    tasks = [
        {"task": t, "unit": names.get(t.unit_id, "")}
        for t in overdue_tasks(county, period.end)
        if _in_scope(t.unit_id, unit_ids)
    ]
    data.update(
        {
            "period": period,
            "alerts": alerts,
            "unfiled": list(alerts.filter(rule="UNFILED")[:20]),
            "unfiled_received": unfiled_received(county, unit_ids),
            "tasks": tasks,
        }
    )
    return data


def unfiled_received(county: County, unit_ids: set[int] | None) -> list[dict]:
    """For a unit user: the open UNFILED alerts (one per sender, outside their scope) naming
    their units as observation points, with how many of the lines each of them received; the
    county view has the alerts themselves."""
    if not unit_ids:
        return []
    wanted = {str(pk) for pk in unit_ids}
    found = []
    for alert in open_alerts(county, None).filter(rule="UNFILED"):
        points = (alert.figures or {}).get("points") or {}
        count = sum(n for pk, n in points.items() if pk in wanted)
        if count:
            found.append({"sender": alert.unit.name, "count": count, "link": alert.link})
    return found
