"""Drill-down links: every figure points at the ledger lines (or filings) behind it."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse


def ledger_lines_url(
    *,
    unit_id: int | None = None,
    kind: str = "",
    start: date | None = None,
    end: date | None = None,
    counted: bool | None = None,
    rule: str = "",
) -> str:
    """The ledger line list with its filter bar set (jianfu/ledgers/selectors/entries.py)."""
    params: dict[str, str] = {}
    if unit_id:
        params["unit"] = str(unit_id)
    if kind:
        params["kind"] = kind
    if start:
        params["from"] = start.isoformat()
    if end:
        params["to"] = end.isoformat()
    if counted is not None:
        params["counted"] = "1" if counted else "0"
    if rule:
        params["rule"] = rule
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
