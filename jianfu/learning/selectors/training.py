"""Reads for trainings: the proposed participants of the criteria-training class (the units
whose dual-ledger comparison shows the worst accuracy, with their main mistakes) and, after the
training, whether their accuracy improved."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Q

from jianfu.ledgers.compare.selectors import TRAINING_CLASS_SIZE, accuracy_overview
from jianfu.ledgers.models_compare import HandLedger, HandLedgerLine, Outcome
from jianfu.org.access import restrict
from jianfu.org.models import Unit

from ..models import Invitation, Training

MISTAKE_OUTCOMES = (Outcome.MISSED, Outcome.WRONG)
SAME_WITHIN = 0.001  # accuracy changes below 0.1 percentage point count as no change


@dataclass
class Proposed:
    unit: Unit
    ledger: HandLedger
    mistakes: list[tuple[str, str, int]] = field(default_factory=list)  # (outcome label, rule, n)

    @property
    def accuracy(self) -> float | None:
        return self.ledger.accuracy


def _mistakes(ledger_ids: list[int]) -> dict[int, list[tuple[str, str, int]]]:
    rows = (
        HandLedgerLine.objects.filter(hand_ledger_id__in=ledger_ids, outcome__in=MISTAKE_OUTCOMES)
        .order_by()
        .values("hand_ledger_id", "outcome", "rule")
        .annotate(n=Count("id"))
    )
    grouped: dict[int, list[tuple[str, str, int]]] = {}
    for row in rows:
        label = str(Outcome(row["outcome"]).label)
        grouped.setdefault(row["hand_ledger_id"], []).append((label, row["rule"] or "—", row["n"]))
    for items in grouped.values():
        items.sort(key=lambda item: (-item[2], item[0], item[1]))
    return grouped


def training_proposal(county_id: int, size: int = TRAINING_CLASS_SIZE) -> list[Proposed]:
    """The units to invite to the criteria-training class: the latest comparison of each unit,
    worst accuracy first, units already fully accurate (or never rated) left out; each with its
    three most frequent mistakes (outcome and the rule the criteria apply)."""
    rated = [
        h
        for h in accuracy_overview(county_id)
        if h.accuracy is not None and h.accuracy < 1 and h.unit.is_active
    ][:size]
    mistakes = _mistakes([h.pk for h in rated])
    return [Proposed(h.unit, h, mistakes.get(h.pk, [])[:3]) for h in rated]


@dataclass(frozen=True)
class Effect:
    invitation: Invitation
    before: HandLedger | None
    after: HandLedger | None

    @property
    def change(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        if self.before.accuracy is None or self.after.accuracy is None:
            return None
        return self.after.accuracy - self.before.accuracy

    @property
    def verdict(self) -> str:
        """improved / same / worse (a change under 0.1 percentage point is the same), or "" when
        there is no comparison on one side."""
        change = self.change
        if change is None:
            return ""
        if abs(change) < SAME_WITHIN:
            return "same"
        return "improved" if change > 0 else "worse"

    @property
    def improved(self) -> bool | None:
        return None if not self.verdict else self.verdict == "improved"

    @property
    def change_percent(self) -> str:
        change = self.change
        return "—" if change is None else f"{change * 100:+.1f}"


def _latest(unit_ids: list[int], condition: Q) -> dict[int, HandLedger]:
    found: dict[int, HandLedger] = {}
    for ledger in HandLedger.objects.filter(condition, unit_id__in=unit_ids).order_by(
        "unit_id", "-date_to", "-id"
    ):
        found.setdefault(ledger.unit_id, ledger)
    return found


def training_effect(training: Training, user: Any) -> list[Effect]:
    """Per invited unit (of those the user may see): the latest comparison whose period ended
    on or before the training date, and the latest whose period began on or after it."""
    invitations = list(
        restrict(training.invitations.all(), user).select_related("unit").order_by("unit__code")
    )
    seen: dict[int, Invitation] = {}
    for invitation in invitations:
        seen.setdefault(invitation.unit_id, invitation)
    unit_ids = list(seen)
    before = _latest(unit_ids, Q(date_to__lte=training.date))
    after = _latest(unit_ids, Q(date_from__gte=training.date))
    return [Effect(inv, before.get(uid), after.get(uid)) for uid, inv in seen.items()]


def trainings_upcoming(county_id: int, today: date, limit: int = 5) -> list[Training]:
    return list(
        Training.objects.filter(county_id=county_id, date__gte=today).order_by("date", "id")[:limit]
    )
