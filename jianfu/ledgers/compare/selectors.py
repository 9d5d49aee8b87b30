"""Reads for comparisons: a result's lines by outcome, a unit's history, the county overview."""

from __future__ import annotations

from datetime import date

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _

from jianfu.org.models import KIND_ORDER, County, Unit, UnitKind

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


def accuracy_overview(
    county: County | int,
    limit: int | None = None,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
) -> list[HandLedger]:
    """Every unit's comparison of its latest period (of several for that period, the last
    uploaded), worst accuracy first (units never rated last). With `date_from` / `date_to`,
    only comparisons whose period overlaps those dates count."""
    ledgers = _compared(county, date_from, date_to)
    newest = ledgers.filter(unit_id=OuterRef("unit_id")).order_by("-date_to", "-id").values("id")
    queryset = (
        ledgers.filter(id=Subquery(newest[:1]))
        .select_related("unit")
        .order_by(F("accuracy").asc(nulls_last=True), "unit__code")
    )
    return list(queryset[:limit] if limit else queryset)


def units_not_compared(
    county: County | int, date_from: date | None = None, date_to: date | None = None
) -> list[Unit]:
    """The county's own active units (higher-level bodies keep no ledger here) without a
    comparison in the period: whom the county office still has to ask for one."""
    county_id = county if isinstance(county, int) else county.pk
    compared = _compared(county_id, date_from, date_to).values("unit_id")
    units = Unit.objects.filter(county_id=county_id, is_active=True).exclude(kind=UnitKind.HIGHER)
    return list(units.exclude(id__in=compared).order_by(KIND_ORDER, "code"))


def _compared(
    county: County | int, date_from: date | None, date_to: date | None
) -> QuerySet[HandLedger]:
    county_id = county if isinstance(county, int) else county.pk
    ledgers = HandLedger.objects.filter(county_id=county_id)
    if date_from is not None:
        ledgers = ledgers.filter(date_to__gte=date_from)
    if date_to is not None:
        ledgers = ledgers.filter(date_from__lte=date_to)
    return ledgers


def method_label(method: str) -> str:
    return {"doc_no": _("文号相同"), "title": _("标题相近")}.get(method, "")
