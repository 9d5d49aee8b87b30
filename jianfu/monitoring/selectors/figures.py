"""The monitoring figures: ONE definition used by the dashboard, the reports and the API.

`report_figures(county, start, end)` is DESIGN.md 5.6 minus `kind` and `period`:

- `documents` / `meetings` / `inspections`: counted 发文 / 办会 / 督查 lines of county units
  (kind county or department) dated in the period — the sender's line, each item once however
  many townships received it (receivers' lines never enter). Emergency lines are included.
- `briefs`: their 发文 lines of category 简报 (D-BR-*; a separate tally, not counted).
- `emergency`: their counted lines of category 应急 (counted, no quota).
- `quota`: the unit's quota for the year of `end`, adjustments (统筹调配) included; 0 when none set.
- `used`: quota-charged lines from 1 January of that year to `end`.
- `reminders`: reminders in the period in 人次 (one per recipient; see `reminders_count`).
- `alerts`: alerts seen in the period (first seen on or before `end`, last seen on or after
  `start`), each with its rule code and Chinese reason.

Queries: one GROUP BY for the period, one for the year-to-date use, one for quotas, one for
reminders, one for alerts, one for the units — never per unit.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q, Sum

from jianfu.filings.models import Quota
from jianfu.filings.selectors.quotas import quota_used
from jianfu.ledgers.selectors.stats import (
    COUNTY_PRODUCER_KINDS,
    county_statistics,
)
from jianfu.org.models import County, Unit

from ..models import Alert
from .reminders import reminders_count

SECTIONS = ("documents", "meetings", "inspections")
QUOTA_SECTION = {"document": "documents", "meeting": "meetings", "inspection": "inspections"}
SECTION_QUOTA_KIND = {value: key for key, value in QUOTA_SECTION.items()}


def _county_id(county: County | int) -> int:
    return county if isinstance(county, int) else county.pk


def quotas_for_year(county: County | int, year: int) -> dict[int, dict[str, int]]:
    """unit id → {section: quota incl. adjustments}. One query.

    (Kept here in one place; `jianfu.filings.services.quotas.quota_balance` answers the same
    question for one unit and kind.)
    """
    rows = (
        Quota.objects.filter(county_id=_county_id(county), year=year)
        .values("unit_id", "kind", "amount")
        .annotate(delta=Sum("adjustments__delta"))
    )
    result: dict[int, dict[str, int]] = {}
    for row in rows:
        section = QUOTA_SECTION.get(row["kind"])
        if section:
            figures = result.setdefault(row["unit_id"], dict.fromkeys(SECTIONS, 0))
            figures[section] = max(0, row["amount"] + (row["delta"] or 0))
    return result


def used_to_date(county: County | int, end: date) -> dict[int, dict[str, int]]:
    """unit id → {section: quota used from 1 January to `end`}: THE definition,
    `jianfu.filings.selectors.quotas.quota_used` (charged ledger lines plus approved filings
    not yet in the ledger), which the quota page and the filing check read too."""
    return {
        unit_id: {QUOTA_SECTION[kind]: n for kind, n in kinds.items()}
        for unit_id, kinds in quota_used(county, end.year, end).items()
    }


def alerts_in_period(county: County | int, start: date, end: date) -> list[Alert]:
    return list(
        Alert.objects.filter(
            county_id=_county_id(county), first_seen__lte=end, last_seen__gte=start
        )
        .select_related("unit")
        .order_by("unit__code", "rule", "key")
    )


def report_figures(county: County | int, start: date, end: date) -> dict:
    """The period's figures (DESIGN.md 5.6 without kind and period); see the module docstring."""
    county_id = _county_id(county)
    produced = county_statistics(county_id, start, end)
    by_code = {row["unit"]: row for row in produced["units"]}
    quotas = quotas_for_year(county_id, end.year)
    used = used_to_date(county_id, end)
    reminders = reminders_count(county_id, start, end)
    producers = Unit.objects.filter(county_id=county_id).filter(
        Q(kind__in=COUNTY_PRODUCER_KINDS) | Q(pk__in=list(reminders)) | Q(pk__in=list(quotas))
    )
    units = []
    for unit in producers.order_by("code").only("pk", "code", "name", "kind", "is_active"):
        row = by_code.get(unit.code)
        if row is None and not unit.is_active:
            continue
        units.append(
            {
                "unit": unit.code,
                "name": unit.name,
                "documents": row["documents"] if row else 0,
                "meetings": row["meetings"] if row else 0,
                "inspections": row["inspections"] if row else 0,
                "briefs": row["briefs"] if row else 0,
                "emergency": row["emergency"] if row else 0,
                "quota": quotas.get(unit.pk, dict.fromkeys(SECTIONS, 0)),
                "used": used.get(unit.pk, dict.fromkeys(SECTIONS, 0)),
                "reminders": reminders.get(unit.pk, 0),
            }
        )
    totals = dict(produced["totals"])
    totals["reminders"] = sum(reminders.values())
    return {
        "totals": totals,
        "units": units,
        "alerts": [
            {"unit": a.unit.code, "rule": a.rule, "message": a.message}
            for a in alerts_in_period(county_id, start, end)
        ],
    }
