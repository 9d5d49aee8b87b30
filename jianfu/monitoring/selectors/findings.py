"""What the alert scan finds (reads only): one function per rule family, each returning
`Finding`s that cite the rule code with a readable Chinese reason and the figures behind it.

The service `alerts_scan` upserts them (jianfu/monitoring/services/alerts.py).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q

from jianfu.filings.models import APPROVED_STATUSES, Filing, Status
from jianfu.ledgers.models import Kind, LedgerEntry
from jianfu.ledgers.reconcile.service import reconcile_run
from jianfu.ledgers.selectors.rollup import grouped
from jianfu.ledgers.selectors.stats import COUNTY_PRODUCER_KINDS, PRODUCED_SECTIONS
from jianfu.org.models import County
from jianfu.supervision.selectors import tasks_overdue

from .. import links
from ..pace import (
    EvasionFigures,
    above_pace,
    evasion,
    project_year_end,
    quota_level,
    same_day_last_year,
    use_percent,
)
from .figures import SECTIONS, quotas_for_year, used_to_date

SECTION_LABEL = {"documents": "发文", "meetings": "会议", "inspections": "督查检查考核"}
SECTION_KIND = {section: kind for kind, section in PRODUCED_SECTIONS.items()}
EVASION_DAYS = 90
INFORMAL_PREFIXES = ("D-BR-", "D-OUT-")
WHITE_HEAD_RULE = "D-IN-3"


@dataclass(frozen=True)
class Finding:
    unit_id: int
    rule: str
    key: str
    message: str
    figures: dict[str, Any] = field(default_factory=dict)
    link: str = ""


def _names(county: County) -> dict[int, str]:
    return dict(county.units.values_list("pk", "name"))


def quota_findings(county: County, today: date) -> list[Finding]:
    """QUOTA-80 / QUOTA-100: quota-charged lines this year against the quota (adjustments in)."""
    names = _names(county)
    quotas = quotas_for_year(county, today.year)
    used = used_to_date(county, today)
    found = []
    for unit_id, quota in quotas.items():
        for section in SECTIONS:
            amount, spent = quota[section], used.get(unit_id, {}).get(section, 0)
            level = quota_level(spent, amount)
            if not level:
                continue
            threshold = "100%" if level == "QUOTA-100" else "80%"
            found.append(
                Finding(
                    unit_id=unit_id,
                    rule=level,
                    key=f"QUOTA:{unit_id}:{today.year}:{section}",
                    message=(
                        f"{names.get(unit_id, '')}{today.year}年{SECTION_LABEL[section]}数额已用"
                        f"{use_percent(spent, amount)}%（已用 {spent} 件，数额 {amount} 件），"
                        f"达到 {threshold} 预警线"
                    ),
                    figures={"section": section, "used": spent, "quota": amount},
                    link=_year_to_date_link(unit_id, section, today),
                )
            )
    return found


def _year_to_date_link(unit_id: int, section: str, today: date) -> str:
    """The unit's counted lines of a section from 1 January to `today`."""
    return links.ledger_lines_url(
        unit_id=unit_id,
        kind=SECTION_KIND[section],
        start=date(today.year, 1, 1),
        end=today,
        counted=True,
    )


def pace_rows(county: County, today: date) -> dict[tuple[int, str], dict[str, int]]:
    """(unit id, section) → this year to date, last year to the same day, last year in full.
    County units' counted produced lines; one GROUP BY."""
    this_start = date(today.year, 1, 1)
    last_start, last_end = date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    last_same = same_day_last_year(today)
    where = Q(counted=True, kind__in=list(PRODUCED_SECTIONS), unit__kind__in=COUNTY_PRODUCER_KINDS)
    dims = ("unit_id", "kind")
    parts = {  # three periods, each mostly whole months of the rollup (ADR 0006)
        "this": grouped(county.pk, this_start, today, dims, where),
        "last_to_date": grouped(county.pk, last_start, last_same, dims, where),
        "last_year": grouped(county.pk, last_start, last_end, dims, where),
    }
    result: dict[tuple[int, str], dict[str, int]] = {}
    for name, counts in parts.items():
        for (unit_id, kind), (n,) in counts.items():
            figures = result.setdefault(
                (unit_id, PRODUCED_SECTIONS[kind]), {"this": 0, "last_to_date": 0, "last_year": 0}
            )
            figures[name] += n
    return result


def pace_findings(county: County, today: date) -> list[Finding]:
    """PACE: a county unit above last year's count by the same day (只减不增, L-D-3)."""
    names = _names(county)
    found = []
    for (unit_id, section), f in sorted(pace_rows(county, today).items()):
        if not f["last_year"] or not above_pace(f["this"], f["last_to_date"]):
            continue  # no ledger last year (a unit new to Jianfu) is no pace to compare with
        projected = project_year_end(f["this"], today)
        found.append(
            Finding(
                unit_id=unit_id,
                rule="PACE",
                key=f"PACE:{unit_id}:{today.year}:{section}",
                message=(
                    f"{names.get(unit_id, '')}今年以来{SECTION_LABEL[section]} {f['this']} 件，"
                    f"高于去年同期 {f['last_to_date']} 件；按当前进度预计全年 {projected} 件"
                    f"（去年全年 {f['last_year']} 件），不符合“只减不增”（L-D-3）"
                ),
                figures={**f, "section": section, "projected": projected},
                link=_year_to_date_link(unit_id, section, today),
            )
        )
    return found


def unfiled_findings(county: County, today: date) -> list[Finding]:
    """UNFILED: what observation points received from a county unit this year with no matching
    filing or sender line (reconciliation, DESIGN.md 5.5) — one alert per sender."""
    start = date(today.year, 1, 1)
    result = reconcile_run(county, start, today)
    by_sender: dict[int, list] = defaultdict(list)
    for row in result.unfiled:
        # the sender when the counterpart resolved to a unit, else the observation point
        by_sender[row.counterpart_unit_id or row.unit_id].append(row)
    found = []
    for unit_id, rows in sorted(by_sender.items()):
        points = sorted({result.name(r.unit_id) for r in rows})
        example = rows[0].title
        found.append(
            Finding(
                unit_id=unit_id,
                rule="UNFILED",
                key=f"UNFILED:{unit_id}:{today.year}",
                message=(
                    f"{'、'.join(points[:3])}{'等' if len(points) > 3 else ''}观测点今年收到"
                    f"{result.name(unit_id)}的 {len(rows)} 件事项没有报备或发文记录"
                    f"（未报备，不予认可），如《{example}》"
                ),
                figures={
                    "lines": [r.id for r in rows[:50]],
                    "count": len(rows),
                    # per observation point (unit id → lines): what each township's page shows
                    "points": dict(Counter(str(r.unit_id) for r in rows)),
                },
                link=links.reconcile_url(start, today),
            )
        )
    return found


def _year_filings(county: County, today: date):
    return Filing.objects.filter(
        county=county,
        date__gte=date(today.year, 1, 1),
        date__lte=today,
        deleted_at__isnull=True,
        status__in=list(APPROVED_STATUSES),
    ).select_related("unit")


def filing_findings(county: County, today: date) -> list[Finding]:
    """L-M-2 (archived meetings over their limit or approved duration), N-* negative-list hits
    on approved filings' checks, L-I-1 inspections outside the plan without a one-off approval."""
    found = []
    for filing in _year_filings(county, today).only(
        "pk",
        "unit",
        "title",
        "kind",
        "status",
        "checks",
        "differences",
        "plan_item",
        "one_off",
        "date",
    ):
        name = filing.unit.name
        hits: dict[str, str] = {}
        if filing.status == Status.ARCHIVED:
            for diff in filing.differences or []:
                if isinstance(diff, dict) and diff.get("code") == "L-M-2":
                    hits["L-M-2"] = str(diff.get("reason", ""))
        for check in filing.checks or []:
            if not isinstance(check, dict) or check.get("result") != "fail":
                continue
            code = str(check.get("code", ""))
            if code.startswith("N-") or code == "L-I-1":
                hits.setdefault(code, str(check.get("reason", "")))
        if filing.kind == "inspection" and filing.plan_item_id is None and not filing.one_off:
            hits.setdefault("L-I-1", "未列入年度督检考计划，也无一事一报审批")
        for code, reason in sorted(hits.items()):
            what = {
                "L-M-2": "会议超出规定或批准时长",
                "L-I-1": "督检考事项不在年度计划内",
            }.get(code, "触及负面清单")
            found.append(
                Finding(
                    unit_id=filing.unit_id,
                    rule=code,
                    key=f"{code}:filing:{filing.pk}",
                    message=f"{name}《{filing.title}》{what}（{code}）：{reason}".rstrip("："),
                    figures={"filing": filing.pk, "date": filing.date.isoformat()},
                    link=links.filing_url(filing.pk),
                )
            )
    return found


def overdue_tasks(county: County, today: date) -> list:
    """Overdue rectification tasks from the supervision part (限期整改 past the deadline)."""
    return list(tasks_overdue(county, today))


def _get(task: Any, name: str) -> Any:
    return task.get(name) if isinstance(task, dict) else getattr(task, name, None)


def task_findings(county: County, today: date) -> list[Finding]:
    """TASK-OVERDUE: rectification tasks past their deadline (限期整改)."""
    names = _names(county)
    found = []
    for task in overdue_tasks(county, today):
        unit_id, title, deadline = (
            _get(task, "unit_id"),
            _get(task, "title"),
            _get(task, "deadline"),
        )
        if not unit_id:
            continue
        subject = _get(task, "task_id") or _get(task, "id") or title
        found.append(
            Finding(
                unit_id=unit_id,
                rule="TASK-OVERDUE",
                key=f"TASK-OVERDUE:{unit_id}:{subject}"[:160],
                message=f"{names.get(unit_id, '')}整改任务“{title}”已超过期限 {deadline}，尚未完成",
                figures={"deadline": str(deadline)},
                link=links.supervision_url(),
            )
        )
    return found


def evasion_rows(county: County, today: date) -> dict[int, EvasionFigures]:
    """unit id → formal counted documents and 白头 / 便函 / briefs (D-IN-3, D-BR-*, D-OUT-*),
    in the last 90 days against the 90 days before. One GROUP BY."""
    now_start = today - timedelta(days=EVASION_DAYS - 1)
    before_start = now_start - timedelta(days=EVASION_DAYS)
    informal = Q(rule=WHITE_HEAD_RULE) | Q(rule__startswith="D-BR-") | Q(rule__startswith="D-OUT-")
    formal = Q(counted=True) & ~Q(rule=WHITE_HEAD_RULE)
    rows = (
        LedgerEntry.objects.filter(
            county=county,
            kind=Kind.ISSUED_DOC,
            date__gte=before_start,
            date__lte=today,
            unit__kind__in=COUNTY_PRODUCER_KINDS,
        )
        .order_by()
        .values("unit_id")
        .annotate(
            formal_before=Count("id", filter=formal & Q(date__lt=now_start)),
            formal_now=Count("id", filter=formal & Q(date__gte=now_start)),
            informal_before=Count("id", filter=informal & Q(date__lt=now_start)),
            informal_now=Count("id", filter=informal & Q(date__gte=now_start)),
        )
    )
    return {
        row["unit_id"]: EvasionFigures(
            row["formal_before"], row["formal_now"], row["informal_before"], row["informal_now"]
        )
        for row in rows
    }


def evasion_findings(county: County, today: date) -> list[Finding]:
    """EVASION: formal documents fall while 白头 / 便函 / briefs rise (红头变白头、正式改便笺)."""
    names = _names(county)
    quarter = (today.month - 1) // 3 + 1
    found = []
    for unit_id, f in sorted(evasion_rows(county, today).items()):
        if not evasion(f):
            continue
        found.append(
            Finding(
                unit_id=unit_id,
                rule="EVASION",
                key=f"EVASION:{unit_id}:{today.year}Q{quarter}",
                message=(
                    f"{names.get(unit_id, '')}近 {EVASION_DAYS} 天正式发文 {f.formal_now} 件"
                    f"（前 {EVASION_DAYS} 天 {f.formal_before} 件），而白头文件、便函、简报等"
                    f" {f.informal_now} 件（前 {EVASION_DAYS} 天 {f.informal_before} 件），"
                    f"疑似以“红头变白头、正式改便笺”规避统计（D-IN-3）"
                ),
                figures={
                    "formal_before": f.formal_before,
                    "formal_now": f.formal_now,
                    "informal_before": f.informal_before,
                    "informal_now": f.informal_now,
                },
                link=links.ledger_lines_url(
                    unit_id=unit_id,
                    kind=Kind.ISSUED_DOC,
                    start=today - timedelta(days=2 * EVASION_DAYS - 1),
                    end=today,
                ),
            )
        )
    return found


FINDERS = (
    quota_findings,
    pace_findings,
    unfiled_findings,
    filing_findings,
    task_findings,
    evasion_findings,
)


def all_findings(county: County, today: date) -> list[Finding]:
    found: list[Finding] = []
    for finder in FINDERS:
        found.extend(finder(county, today))
    return found
