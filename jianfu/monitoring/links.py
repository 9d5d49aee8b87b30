"""Drill-down links: every figure points at the ledger lines (or filings) behind it.

The ledger line list (jianfu/ledgers/selectors/entries.py `EntryFilters`) reads these
parameters; a figure's link names every condition of the figure's query, so that the list shows
exactly the lines counted (same period, kinds, unit kinds, category, counted / quota-charged)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse

# the kinds a county unit produces (发文 / 办会 / 督查) and a township receives
PRODUCED = ("发文", "办会", "督查")
RECEIVED = ("收文", "参会", "受检")
# the county's producers: county-level offices and departments (ledgers.selectors.stats)
COUNTY_PRODUCERS = ("county", "department")
BRIEF_CATEGORY = "简报"
EMERGENCY_CATEGORY = "应急"


def _joined(value: str | int | Iterable | None) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, str | int):
        return str(value)
    return ",".join(str(v) for v in value)


def ledger_lines_url(
    *,
    unit_id: int | Iterable[int] | None = None,
    kind: str | Iterable[str] = "",
    start: date | None = None,
    end: date | None = None,
    counted: bool | None = None,
    rule: str = "",
    category: str | None = None,
    unit_kinds: Iterable[str] = (),
    quota_charged: bool | None = None,
    counterpart_unit: int | str | Iterable | None = None,
) -> str:
    """The ledger line list with its filter bar set. `category=""` means the lines without a
    category (`none`); `counterpart_unit=0` the lines whose counterpart was not recognised."""
    params: dict[str, str] = {}
    if unit_id:
        params["unit"] = _joined(unit_id)
    if kind:
        params["kind"] = _joined(kind)
    if start:
        params["from"] = start.isoformat()
    if end:
        params["to"] = end.isoformat()
    if counted is not None:
        params["counted"] = "1" if counted else "0"
    if quota_charged is not None:
        params["quota_charged"] = "1" if quota_charged else "0"
    if rule:
        params["rule"] = rule
    if category is not None:
        params["category"] = category or "none"
    if unit_kinds:
        params["unit_kind"] = _joined(unit_kinds)
    if counterpart_unit is not None:
        values = [counterpart_unit] if isinstance(counterpart_unit, int | str) else counterpart_unit
        params["counterpart_unit"] = ",".join(str(v or "none") for v in values)
    return f"{reverse('ledgers:index')}?{urlencode(params)}"


def reconcile_url(start: date, end: date) -> str:
    return f"{reverse('ledgers:reconcile')}?{urlencode({'from': start, 'to': end})}"


def filing_url(pk: int) -> str:
    """A filing's page once the filings part names it `filings:detail`; else the filings list."""
    for name, args in (("filings:detail", [pk]), ("filings:index", [])):
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    return ""


def supervision_url() -> str:
    try:
        return reverse("supervision:index")
    except NoReverseMatch:
        return ""
