"""Running the item checks (DESIGN.md 5.8) against the database: gathering the `CheckContext`
(quota balance, plans, earlier filings and ledger lines) for the pure `item_checks`.

What the checks compare an item with (`PastItem`s):
- the unit's own filings (any status but rejected / withdrawn, not deleted) and its produced
  ledger lines (发文 / 办会 / 督查) from 1 January of the previous year up to 7 days after the
  item — last year's documents (N-D-05), recent deployments (N-D-03, N-M-02, N-I-09), plan links
  (N-I-06), comprehensive items of the year (L-M-4, L-I-2);
- other units' submitted or approved filings and produced ledger lines: meetings within 7 days
  either side (N-M-03), inspections in the same quarter (N-I-02) and comprehensive items of the
  year from units of the same system (N-M-07).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import Q

from jianfu.ledgers.models import LedgerEntry
from jianfu.org.models import County, Unit
from jianfu.rules.item_checks import (
    CheckContext,
    ItemFacts,
    PastItem,
    PlanRef,
    QuotaInfo,
    code_texts,
    item_checks,
)
from jianfu.rules.selectors import ruleset_effective_data

from ..models import Filing, GrowthExplanation, ItemKind, PlanItem, Status
from ..selectors.quotas import (
    ITEM_KIND,
    counted_documents,
    has_ledger_year,
    quota_balance,
)
from .item_input import ItemInvalid, facts_from_fields, item_fields

LIVE_STATUSES = (Status.DRAFT, Status.PENDING, Status.RETURNED, Status.APPROVED, Status.ARCHIVED)
SHARED_STATUSES = (Status.PENDING, Status.APPROVED, Status.ARCHIVED)


def _quarter_start(day: date) -> date:
    return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def _filing_item(f: Filing, unit: Unit) -> PastItem:
    audience = (
        tuple(str(a.get("unit", "")) for a in f.attendees or [])
        if f.kind == ItemKind.MEETING
        else tuple(f.targets or ())
    )
    who = "本单位" if f.unit_id == unit.pk else f.unit.name
    return PastItem(
        kind=f.kind,
        title=f.title,
        date=f.date,
        label=f"{who}{f.date.isoformat()}《{f.title}》（报备事项#{f.pk}，{f.get_status_display()}）",
        same_unit=f.unit_id == unit.pk,
        system=f.unit.system,
        counted=True,
        audience=audience,
        plan_item=f.plan_item.code if f.plan_item_id else "",
        comprehensive=f.comprehensive,
    )


def _line_item(e: LedgerEntry, unit: Unit) -> PastItem:
    who = "本单位" if e.unit_id == unit.pk else e.unit.name
    return PastItem(
        kind=ITEM_KIND[e.kind],
        title=e.title,
        date=e.date,
        label=f"{who}{e.date.isoformat()}《{e.title}》（台账{e.kind}）",
        same_unit=e.unit_id == unit.pk,
        system=e.unit.system,
        counted=e.counted,
        audience=(e.counterpart,) if e.counterpart else (),
    )


def _earlier(unit: Unit, facts: ItemFacts, exclude: int | None) -> tuple[PastItem, ...]:
    day = facts.date
    start = date(day.year - 1, 1, 1)
    end = day + timedelta(days=7)
    week = (day - timedelta(days=7), end)
    quarter = (_quarter_start(day), _quarter_start(day) + timedelta(days=92))
    year = (date(day.year, 1, 1), date(day.year, 12, 31))
    filings = (
        Filing.objects.filter(county_id=unit.county_id, deleted_at__isnull=True)
        .filter(
            Q(unit=unit, status__in=LIVE_STATUSES, date__range=(start, end))
            | Q(unit=unit, status__in=LIVE_STATUSES, plan_item__isnull=False)
            | Q(
                status__in=SHARED_STATUSES,
                kind=facts.kind,
                date__range={"meeting": week, "inspection": quarter}.get(facts.kind, year),
            )
            | Q(status__in=SHARED_STATUSES, comprehensive=True, date__range=year)
        )
        .select_related("unit", "plan_item")
        .order_by("-date", "-id")
    )
    if exclude:
        filings = filings.exclude(pk=exclude)
    items = [_filing_item(f, unit) for f in filings[:2000]]
    ledger_kind = {"document": "发文", "meeting": "办会", "inspection": "督查"}[facts.kind]
    lines = (
        LedgerEntry.objects.filter(county_id=unit.county_id, kind__in=list(ITEM_KIND))
        .filter(
            Q(unit=unit, date__range=(start, end))
            | Q(
                kind=ledger_kind,
                date__range={"meeting": week, "inspection": quarter}.get(facts.kind, (end, end)),
            )
        )
        .select_related("unit")
        .order_by("-date", "-id")
    )
    items += [_line_item(e, unit) for e in lines[:3000]]
    return tuple(items)


def check_context(unit: Unit, facts: ItemFacts, exclude: int | None = None) -> CheckContext:
    """Everything the checks need about the unit, its year and its neighbours, as plain data."""
    year = facts.date.year
    balance = quota_balance(unit, year, facts.kind)
    plans = PlanItem.objects.filter(county_id=unit.county_id, unit=unit, year=year)
    last_known = has_ledger_year(unit, year - 1)
    return CheckContext(
        unit_kind=unit.kind,
        unit_system=unit.system,
        quota=QuotaInfo(balance.amount, balance.adjustments, balance.used, balance.remaining)
        if balance.is_set
        else None,
        plans=tuple(PlanRef(p.code, p.kind, p.title, p.approved, p.comprehensive) for p in plans),
        earlier=_earlier(unit, facts, exclude),
        last_year_documents=counted_documents(unit.county, year - 1, [unit.pk]).get(unit.pk, 0)
        if last_known
        else None,
        this_year_documents=counted_documents(unit.county, year, [unit.pk]).get(unit.pk, 0),
        growth_explained=GrowthExplanation.objects.filter(
            unit=unit, year=year, kind=ItemKind.DOCUMENT
        ).exists(),
    )


def run_checks(unit: Unit, facts: ItemFacts, exclude: int | None = None) -> list[dict]:
    rs = ruleset_effective_data(unit.county, facts.date)
    return [c.as_dict() for c in item_checks(rs, facts, check_context(unit, facts, exclude))]


def filing_facts(filing: Filing) -> ItemFacts:
    values = {f.attname: getattr(filing, f.attname) for f in Filing._meta.concrete_fields}
    plan = filing.plan_item.code if filing.plan_item_id else ""
    return facts_from_fields(values, filing.unit.name, plan)


def filing_checks_run(filing: Filing) -> list[dict]:
    """Run every automatic check on a stored item and store the results in `filing.checks`."""
    checks = run_checks(filing.unit, filing_facts(filing), exclude=filing.pk)
    Filing.objects.filter(pk=filing.pk).update(checks=checks)
    filing.checks = checks
    return checks


def resolve_unit(county: County, code: Any) -> Unit:
    unit = (
        Unit.objects.filter(county=county, code=code).first()
        if isinstance(code, str) and code and "\x00" not in code
        else None
    )
    if unit is None:
        raise ItemInvalid([("unit", f"本县没有编码为“{str(code)[:32]}”的单位")])
    return unit


def item_check(data: dict, county: County, unit: Unit | None = None) -> dict:
    """Check one item without storing anything: {"title", "checks": [{code, result, reason}]}.

    `unit` defaults to the item's "unit" code; raises `ItemInvalid` naming the bad fields.
    """
    fields = item_fields(data)
    if unit is None:
        unit = resolve_unit(county, data.get("unit"))
    facts = facts_from_fields(fields, unit.name)
    return {"title": fields["title"], "checks": run_checks(unit, facts)}


def check_texts(county: County) -> dict[str, str]:
    """Each code's rule text, for the hover on the check table."""
    return code_texts(ruleset_effective_data(county))


def declare_codes(checks: list[dict]) -> list[str]:
    return [c["code"] for c in checks if c.get("result") == "declare"]


__all__ = [
    "check_context",
    "check_texts",
    "filing_checks_run",
    "filing_facts",
    "item_check",
    "resolve_unit",
    "run_checks",
]
