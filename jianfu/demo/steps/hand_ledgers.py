"""Demo step "hand_ledgers": four units upload the statistics ledger they made by hand for the
second quarter, each with typical mistakes, and the comparison service lines it up against the
derived one (the comparison records its own audit entry). A unit that already has a comparison
for the quarter is left alone."""

from __future__ import annotations

from datetime import date

from jianfu.ledgers.compare.service import hand_ledger_compare
from jianfu.ledgers.models import LedgerEntry
from jianfu.ledgers.models_compare import HandLedger

from ..context import DemoContext
from ..hand_ledgers import HandLine, Mistakes, hand_ledger_workbook

# (unit code, the mistakes its clerk makes)
HAND_LEDGER_UNITS: tuple[tuple[str, Mistakes], ...] = (
    (
        "QH-HK",
        Mistakes(
            counted_commendation=2,
            counted_minutes=2,
            counted_training_class=1,
            missed_white_head=3,
            missed_video_meeting=2,
            other_brackets=6,
            seed="hand:QH-HK",
        ),
    ),
    (
        "QH-CG",
        Mistakes(
            counted_commendation=1,
            counted_minutes=1,
            missed_white_head=1,
            other_brackets=3,
            seed="hand:QH-CG",
        ),
    ),
    (
        "QH-LL",
        Mistakes(
            counted_commendation=4,
            counted_minutes=3,
            counted_training_class=2,
            missed_white_head=5,
            missed_video_meeting=4,
            other_brackets=10,
            seed="hand:QH-LL",
        ),
    ),
    ("QH-NY", Mistakes(counted_minutes=1, missed_white_head=2, other_brackets=2, seed="hand:NY")),
)

LINE_FIELDS = (
    "kind",
    "date",
    "counterpart",
    "doc_no",
    "title",
    "counted",
    "rule",
    "meeting_form",
    "category",
)


def quarter(year: int) -> tuple[date, date]:
    """The period the demo's hand-made ledgers cover: the second quarter."""
    return date(year, 4, 1), date(year, 6, 30)


def hand_ledger_make(
    ctx: DemoContext, unit, date_from: date, date_to: date, mistakes: Mistakes, filename: str
) -> bool:
    """The unit's hand-made statistics ledger for the period, with `mistakes`, compared with
    the derived one; False when it exists already or the unit has no line then."""
    if HandLedger.objects.filter(unit=unit, date_from=date_from, date_to=date_to).exists():
        return False
    values = LedgerEntry.objects.filter(
        unit=unit, date__gte=date_from, date__lte=date_to
    ).values_list(*LINE_FIELDS)
    lines = [HandLine(*row) for row in values]
    if not lines:
        return False
    hand_ledger_compare(
        actor=ctx.actor,
        unit=unit,
        data=hand_ledger_workbook(unit, lines, mistakes),
        filename=filename,
        date_from=date_from,
        date_to=date_to,
    )
    return True


def hand_ledgers_ensure(ctx: DemoContext) -> None:
    date_from, date_to = quarter(ctx.year)
    created = 0
    for code, mistakes in HAND_LEDGER_UNITS:
        unit = ctx.units.get(code)
        if unit is None:
            continue
        filename = f"{unit.name}{ctx.year}年第二季度统计台账.xlsx"
        created += hand_ledger_make(ctx, unit, date_from, date_to, mistakes, filename)
    ctx.count("hand_ledgers", created)
