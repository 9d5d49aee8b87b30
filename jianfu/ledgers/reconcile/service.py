"""Reconciliation on the database: load the lines with `values_list` (no model instances),
resolve recipients to observation points, run the pure matcher, shape the DESIGN.md 5.5 answer.

Read-only: nothing is stored, so there is no audit record; it is a selector in all but name.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Q

from jianfu.org.models import County, Unit, UnitAlias, UnitKind

from ..models import PRODUCED_KINDS, RECEIVED_KINDS, LedgerEntry
from .matcher import (
    DEFAULT_CONFIG,
    MatchConfig,
    ReceivedLine,
    SentLine,
    match_lines,
)
from .recipients import PointDirectory
from .sources import codes_in, extra_sent_lines

SENDER_KINDS = (UnitKind.COUNTY, UnitKind.DEPARTMENT)


@dataclass(frozen=True)
class UnitInfo:
    id: int
    code: str
    name: str
    kind: str
    is_point: bool


@dataclass(frozen=True)
class MatchRow:
    sender_unit_id: int
    sender_id: int
    receiver_unit_id: int
    receiver_id: int
    method: str
    score: float
    kind: str
    title: str
    date: date


@dataclass(frozen=True)
class UnfiledRow:
    unit_id: int  # the observation point
    id: int
    kind: str
    date: date
    counterpart: str
    counterpart_unit_id: int | None
    title: str


@dataclass(frozen=True)
class UnreceivedRow:
    unit_id: int  # the observation point that never recorded it
    id: int  # the sender's line
    sender_unit_id: int
    kind: str
    date: date
    title: str


@dataclass
class ReconcileResult:
    county: County
    date_from: date | None
    date_to: date | None
    units: dict[int, UnitInfo]
    matches: list[MatchRow] = field(default_factory=list)
    unfiled: list[UnfiledRow] = field(default_factory=list)
    unreceived: list[UnreceivedRow] = field(default_factory=list)
    sent_count: Counter = field(default_factory=Counter)  # sender unit → lines in the period
    repeated: int = 0

    def code(self, unit_id: int | None) -> str:
        info = self.units.get(unit_id) if unit_id is not None else None
        return info.code if info else ""

    def name(self, unit_id: int | None) -> str:
        info = self.units.get(unit_id) if unit_id is not None else None
        return info.name if info else ""

    def as_dict(self) -> dict[str, Any]:
        """Exactly DESIGN.md 5.5; ids are LedgerEntry ids (those `ledger_export` prints)."""
        return {
            "matches": [
                {
                    "sender": {"unit": self.code(m.sender_unit_id), "id": m.sender_id},
                    "receiver": {"unit": self.code(m.receiver_unit_id), "id": m.receiver_id},
                    "method": m.method,
                    "score": m.score,
                }
                for m in self.matches
            ],
            "unfiled": [
                {
                    "unit": self.code(u.unit_id),
                    "id": u.id,
                    "counterpart": u.counterpart,
                    "title": u.title,
                }
                for u in self.unfiled
            ],
            "unreceived": [
                {"unit": self.code(u.unit_id), "id": u.id, "title": u.title}
                for u in self.unreceived
            ],
        }

    def sender_summary(self) -> list[dict[str, Any]]:
        """Per sender unit: sent, received at observation points, unfiled, unreceived."""
        received = Counter(m.sender_unit_id for m in self.matches)
        unfiled = Counter(u.counterpart_unit_id for u in self.unfiled)
        unreceived = Counter(u.sender_unit_id for u in self.unreceived)
        ids = set(self.sent_count) | set(received) | set(unfiled) | set(unreceived)
        rows = [
            {
                "unit": self.units[uid],
                "sent": self.sent_count.get(uid, 0),
                "received": received.get(uid, 0),
                "unfiled": unfiled.get(uid, 0),
                "unreceived": unreceived.get(uid, 0),
            }
            for uid in ids
            if uid in self.units
        ]
        rows.sort(key=lambda r: (-r["unfiled"], -r["unreceived"], r["unit"].code))
        return rows


def _within(day: date, start: date | None, end: date | None) -> bool:
    return (start is None or day >= start) and (end is None or day <= end)


def reconcile_run(
    county: County,
    date_from: date | None = None,
    date_to: date | None = None,
    *,
    point_ids: set[int] | None = None,
    sender_ids: set[int] | None = None,
    config: MatchConfig = DEFAULT_CONFIG,
) -> ReconcileResult:
    """Match the county units' 发文/办会/督查 lines against the observation points' received lines.

    `point_ids` limits the receiving side to those observation points, `sender_ids` the sending
    side to those county units (received lines naming another sender are then left out; those
    naming none stay, as they may be theirs). Lines are reported when their own date lies in the
    period; lines just outside it are loaded too (by the matching window) so that a document sent
    on the 31st and registered on the 2nd still matches.
    """
    units = {
        pk: UnitInfo(pk, code, name, kind, is_point)
        for pk, code, name, kind, is_point in Unit.objects.filter(county=county).values_list(
            "pk", "code", "name", "kind", "is_observation_point"
        )
    }
    points = {pk for pk, info in units.items() if info.is_point}
    if point_ids is not None:
        points &= set(point_ids)
    senders = {pk for pk, info in units.items() if info.kind in SENDER_KINDS}
    if sender_ids is not None:
        senders &= set(sender_ids)
    names: dict[int, list[str]] = {pk: [units[pk].name] for pk in units if units[pk].is_point}
    for pk, short in Unit.objects.filter(county=county, is_observation_point=True).values_list(
        "pk", "short_name"
    ):
        if short:
            names[pk].append(short)
    for pk, alias in UnitAlias.objects.filter(
        county=county, unit__is_observation_point=True
    ).values_list("unit_id", "name"):
        names[pk].append(alias)
    directory = PointDirectory((pk, names[pk]) for pk in points)  # only the points in scope

    before = min(config.doc_window[0], config.event_window[0])
    after = max(config.doc_window[1], config.event_window[1])
    sent_q = Q(county=county, kind__in=PRODUCED_KINDS, unit_id__in=senders)
    received_q = Q(county=county, kind__in=RECEIVED_KINDS, unit_id__in=points)
    if sender_ids is not None:
        received_q &= Q(counterpart_unit_id__in=senders) | Q(counterpart_unit__isnull=True)
    if date_from is not None:
        sent_q &= Q(date__gte=date_from - timedelta(days=after))
        received_q &= Q(date__gte=date_from + timedelta(days=before))
    if date_to is not None:
        sent_q &= Q(date__lte=date_to - timedelta(days=before))
        received_q &= Q(date__lte=date_to + timedelta(days=after))

    sent = [
        SentLine(pk, unit_id, kind, day, doc_no, title_norm, title,
                 directory.points_for(counterpart, counterpart_unit_id))
        for pk, unit_id, kind, day, doc_no, title_norm, title, counterpart, counterpart_unit_id
        in LedgerEntry.objects.filter(sent_q).values_list(
            "pk", "unit_id", "kind", "date", "doc_no_norm", "title_norm", "title",
            "counterpart", "counterpart_unit_id",
        ).order_by()
    ]  # fmt: skip
    sent.extend(extra_sent_lines(county, date_from, date_to, sender_ids))  # approved filings
    received = [
        ReceivedLine(pk, unit_id, kind, day, doc_no, title_norm, cp_id,
                     units[cp_id].kind if cp_id in units else "unknown", counterpart, title,
                     codes_in(f"{remarks} {raw_no}") if remarks or raw_no else frozenset())
        for pk, unit_id, kind, day, doc_no, title_norm, cp_id, counterpart, title, remarks, raw_no
        in LedgerEntry.objects.filter(received_q).values_list(
            "pk", "unit_id", "kind", "date", "doc_no_norm", "title_norm", "counterpart_unit_id",
            "counterpart", "title", "remarks", "doc_no",
        ).order_by()
    ]  # fmt: skip
    outcome = match_lines(sent, received, config)

    result = ReconcileResult(county, date_from, date_to, units, repeated=len(outcome.repeated))
    for line in sent:
        if line.source == "ledger" and _within(line.date, date_from, date_to):
            result.sent_count[line.unit_id] += 1
    for m in outcome.matches:
        if _within(m.sent.date, date_from, date_to) or _within(m.received.date, date_from, date_to):
            result.matches.append(
                MatchRow(m.sent.unit_id, m.sent.id, m.received.unit_id, m.received.id,
                         m.method, m.score, m.received.kind, m.received.title, m.received.date)
            )  # fmt: skip
    result.unfiled = [
        UnfiledRow(r.unit_id, r.id, r.kind, r.date, r.counterpart, r.counterpart_unit_id, r.title)
        for r in outcome.unfiled
        if _within(r.date, date_from, date_to)
    ]
    result.unreceived = [
        UnreceivedRow(point, s.id, s.unit_id, s.kind, s.date, s.title)
        for s, point in outcome.unreceived
        if _within(s.date, date_from, date_to)
    ]
    return result
