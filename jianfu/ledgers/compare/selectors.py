"""Reads for comparisons: a result's lines by outcome, a unit's history, the county overview."""

from __future__ import annotations

from django.db.models import F, Max, QuerySet
from django.utils.translation import gettext as _

from jianfu.org.models import County

from ..models_compare import HandLedger, HandLedgerLine, Outcome

# The order the lists are shown in: what needs fixing first.
OUTCOME_ORDER = (
    Outcome.MISSED,
    Outcome.WRONG,
    Outcome.NOT_IN_DAILY,
    Outcome.AGREED,
    Outcome.DUPLICATE,
)
TRAINING_CLASS_SIZE = 18  # the county's 统计口径培训提升班 takes the 18 weakest units


def hand_ledger_lines(ledger: HandLedger) -> dict[str, list[HandLedgerLine]]:
    """The result's lines grouped by outcome (every outcome present, maybe empty)."""
    grouped: dict[str, list[HandLedgerLine]] = {outcome.value: [] for outcome in OUTCOME_ORDER}
    for line in HandLedgerLine.objects.filter(hand_ledger=ledger).order_by("date", "id"):
        grouped[line.outcome].append(line)
    return grouped


def hand_ledgers_of(queryset: QuerySet[HandLedger]) -> QuerySet[HandLedger]:
    return queryset.select_related("unit").order_by("-id")


def accuracy_overview(county: County | int, limit: int | None = None) -> list[HandLedger]:
    """Every unit's latest comparison, worst accuracy first (units never rated last)."""
    county_id = county if isinstance(county, int) else county.pk
    latest = (
        HandLedger.objects.filter(county_id=county_id)
        .order_by()
        .values("unit_id")
        .annotate(last=Max("id"))
        .values("last")
    )
    queryset = (
        HandLedger.objects.filter(id__in=latest)
        .select_related("unit")
        .order_by(F("accuracy").asc(nulls_last=True), "unit__code")
    )
    return list(queryset[:limit] if limit else queryset)


def method_label(method: str) -> str:
    return {"doc_no": _("文号相同"), "title": _("标题相近")}.get(method, "")
