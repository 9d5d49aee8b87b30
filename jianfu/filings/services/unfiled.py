"""Unfiled items (不予认可): what observation points recorded as received from a county unit that
matches no approved filing.

Approved filings are senders for reconciliation: `filing_sent_lines` turns them into the pure
matcher's `SentLine`s (source "filing", their reg_no and verification code as `codes`), and
`FilingsConfig.ready()` registers it with `jianfu.ledgers.reconcile.sources`, so `jianfu reconcile`
sees them too. A township line whose remarks or 文号 carries a valid code or reg_no matches that
filing first; otherwise the 文号, then the title within the date window (matcher.py).

`filings_unfiled` runs the matcher with approved filings as the only senders: a counted received
line (one that burdens the township: 计入统计) from a county unit (counterpart resolved to a 县级
or 部门 unit) that matches none is unfiled. It stays counted in the sender's statistics all the
same (its ledger decision is not touched). Lines the criteria do not count (commendations,
minutes, a higher level's items) need no filing and are never listed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from jianfu.core.text import normalize_doc_no, normalize_title
from jianfu.ledgers.models import RECEIVED_KINDS, LedgerEntry
from jianfu.ledgers.reconcile.matcher import ReceivedLine, SentLine, match_lines
from jianfu.org.access import visible_units
from jianfu.org.models import County, DataScope, Role, Unit, UnitKind

from ..models import APPROVED_STATUSES, Filing, ItemKind
from .codes import codes_in_text

SENT_KIND = {ItemKind.DOCUMENT: "发文", ItemKind.MEETING: "办会", ItemKind.INSPECTION: "督查"}
SENDER_KINDS = (UnitKind.COUNTY, UnitKind.DEPARTMENT)
MARGIN = timedelta(days=31)  # lines just outside the period still match (matching windows)


def filing_sent_lines(
    county: County,
    date_from: date | None = None,
    date_to: date | None = None,
    sender_ids: set[int] | None = None,
) -> list[SentLine]:
    """Approved (and archived) filings of county units as sent lines for the matcher."""
    qs = Filing.objects.filter(
        county=county,
        status__in=APPROVED_STATUSES,
        deleted_at__isnull=True,
        unit__kind__in=SENDER_KINDS,
    )
    if sender_ids is not None:
        qs = qs.filter(unit_id__in=sender_ids)
    if date_from is not None:
        qs = qs.filter(date__gte=date_from - MARGIN)
    if date_to is not None:
        qs = qs.filter(date__lte=date_to + MARGIN)
    rows = qs.values_list(
        "pk", "unit_id", "kind", "date", "doc_no", "title", "title_norm", "reg_no", "verify_code"
    ).order_by()
    return [
        SentLine(
            pk,
            unit_id,
            SENT_KIND[kind],
            day,
            normalize_doc_no(doc_no),
            title_norm or normalize_title(title),
            title,
            frozenset(),
            "filing",
            frozenset(code for code in (reg_no, verify_code) if code),
        )
        for pk, unit_id, kind, day, doc_no, title, title_norm, reg_no, verify_code in rows
    ]


def received_codes(text: str) -> set[str]:
    return codes_in_text(text)


@dataclass
class UnfiledLine:
    id: int
    point_id: int
    point: str
    sender_id: int
    kind: str
    date: date
    counterpart: str
    title: str
    counted: bool


@dataclass
class SenderUnfiled:
    unit_id: int
    name: str
    lines: list[UnfiledLine] = field(default_factory=list)
    by_kind: Counter = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return len(self.lines)


@dataclass
class UnfiledReport:
    date_from: date | None
    date_to: date | None
    senders: list[SenderUnfiled]
    matched: int  # received lines from county units that matched an approved filing

    @property
    def total(self) -> int:
        return sum(s.total for s in self.senders)


def filings_unfiled(
    county: County, date_from: date | None = None, date_to: date | None = None, *, user: Any = None
) -> UnfiledReport:
    """Per sender, the received lines of observation points that match no approved filing.
    With `user`, only lines the user's scope reaches (as receiver or as sender)."""
    units = {
        pk: (name, kind, point)
        for pk, name, kind, point in Unit.objects.filter(county=county).values_list(
            "pk", "name", "kind", "is_observation_point"
        )
    }
    points = [pk for pk, (_n, _k, point) in units.items() if point]
    senders = {pk for pk, (_n, kind, _p) in units.items() if kind in SENDER_KINDS}
    lines = LedgerEntry.objects.filter(
        county=county,
        unit_id__in=points,
        kind__in=RECEIVED_KINDS,
        counterpart_unit_id__in=senders,
        counted=True,
    )
    if date_from is not None:
        lines = lines.filter(date__gte=date_from)
    if date_to is not None:
        lines = lines.filter(date__lte=date_to)
    rows = list(
        lines.values_list(
            "pk",
            "unit_id",
            "kind",
            "date",
            "doc_no_norm",
            "title_norm",
            "counterpart_unit_id",
            "counterpart",
            "title",
            "remarks",
            "doc_no",
            "counted",
        ).order_by()
    )
    received = [
        ReceivedLine(
            row[0], row[1], row[2], row[3], row[4], row[5], row[6], units[row[6]][1], row[7],
            row[8], frozenset(codes_in_text(f"{row[9]} {row[10]}")),
        )
        for row in rows
    ]  # fmt: skip
    counted = {row[0]: row[-1] for row in rows}
    outcome = match_lines(filing_sent_lines(county, date_from, date_to), received)
    scope: set[int] | None = None
    if user is not None and not (user.scope == DataScope.COUNTY or user.role == Role.SYSADMIN):
        scope = set(visible_units(user).values_list("pk", flat=True))
    by_sender: dict[int, SenderUnfiled] = {}
    for line in outcome.unfiled:
        sender = line.counterpart_unit_id
        if sender is None:
            continue
        if scope is not None and line.unit_id not in scope and sender not in scope:
            continue
        group = by_sender.get(sender)
        if group is None:
            group = by_sender[sender] = SenderUnfiled(sender, units[sender][0])
        group.lines.append(
            UnfiledLine(
                line.id,
                line.unit_id,
                units[line.unit_id][0],
                sender,
                line.kind,
                line.date,
                line.counterpart,
                line.title,
                counted[line.id],
            )
        )
        group.by_kind[line.kind] += 1
    report = sorted(by_sender.values(), key=lambda s: (-s.total, s.name))
    return UnfiledReport(date_from, date_to, report, matched=len(outcome.matches))
