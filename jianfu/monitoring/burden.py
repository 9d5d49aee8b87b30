"""Burden in hours (pure): what a received ledger line costs a township in cadre-hours.

In the spirit of the Standard Cost Model and US paperwork-burden hours: time = quantity × price.
Defaults (editable per county by the coordinator, `BurdenModel`):

- 收文 a document: reading, chars / 1000 × 8 min when the length is known, else 30 min; plus
  30 min handling (登记、传阅、落实).
- 参会 a meeting: (duration, default 120 min, + 60 min travel for an on-site meeting)
  × attendees (1) × level weight (主要负责同志 2, 分管负责同志 1.5, 工作人员 1).
- 受检 an inspection: days (1) × hours per day accompanying (4) × staff (2), plus 6 h of
  materials per item asked for (one item when the line only says materials were requested).

Lines that are not received (发文, 办会, 督查) cost the township nothing here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

PRINCIPAL, DEPUTY, STAFF = "主要负责同志", "分管负责同志", "工作人员"
ONSITE_FORMS = frozenset({"", "现场", "现场会", "会议室"})


@dataclass(frozen=True)
class BurdenParams:
    minutes_per_kchar: float = 8.0
    minutes_per_document: float = 30.0
    handling_minutes_per_document: float = 30.0
    default_meeting_minutes: int = 120
    attendees_per_meeting: int = 1
    level_weights: dict[str, float] = field(
        default_factory=lambda: {PRINCIPAL: 2.0, DEPUTY: 1.5, STAFF: 1.0}
    )
    travel_minutes_onsite: int = 60
    inspection_days: float = 1.0
    inspection_hours_per_day: float = 4.0
    inspection_staff: int = 2
    materials_hours_per_item: float = 6.0

    @classmethod
    def from_model(cls, model) -> BurdenParams:
        """From a `BurdenModel` row (or anything with its attribute names)."""

        def f(value: Decimal | float) -> float:
            return float(value)

        return cls(
            minutes_per_kchar=f(model.minutes_per_kchar),
            minutes_per_document=f(model.minutes_per_document),
            handling_minutes_per_document=f(model.handling_minutes_per_document),
            default_meeting_minutes=int(model.default_meeting_minutes),
            attendees_per_meeting=int(model.attendees_per_meeting),
            level_weights={
                PRINCIPAL: f(model.level_weight_principal),
                DEPUTY: f(model.level_weight_deputy),
                STAFF: f(model.level_weight_staff),
            },
            travel_minutes_onsite=int(model.travel_minutes_onsite),
            inspection_days=f(model.inspection_days),
            inspection_hours_per_day=f(model.inspection_hours_per_day),
            inspection_staff=int(model.inspection_staff),
            materials_hours_per_item=f(model.materials_hours_per_item),
        )


@dataclass(frozen=True)
class ReceivedLine:
    """The facts of one received line the model reads (all optional but the kind)."""

    kind: str  # 收文 / 参会 / 受检
    chars: int | None = None
    duration_minutes: int | None = None
    meeting_form: str = ""
    attendees: int | None = None
    level: str = ""  # the attendees' level; unknown → 工作人员
    days: float | None = None
    materials_items: int | None = None
    materials_requested: bool | None = None


def document_hours(p: BurdenParams, chars: int | None) -> float:
    reading = chars / 1000 * p.minutes_per_kchar if chars else p.minutes_per_document
    return (reading + p.handling_minutes_per_document) / 60


def meeting_hours(
    p: BurdenParams,
    duration_minutes: int | None,
    form: str = "",
    attendees: int | None = None,
    level: str = "",
) -> float:
    minutes = duration_minutes if duration_minutes else p.default_meeting_minutes
    if form.strip() in ONSITE_FORMS:
        minutes += p.travel_minutes_onsite
    people = attendees if attendees else p.attendees_per_meeting
    weight = p.level_weights.get(level, p.level_weights.get(STAFF, 1.0))
    return minutes / 60 * people * weight


def inspection_hours(
    p: BurdenParams,
    days: float | None = None,
    materials_items: int | None = None,
    materials_requested: bool | None = None,
) -> float:
    on_site = (days if days else p.inspection_days) * p.inspection_hours_per_day
    items = materials_items if materials_items is not None else (1 if materials_requested else 0)
    return on_site * p.inspection_staff + items * p.materials_hours_per_item


def line_hours(p: BurdenParams, line: ReceivedLine) -> float:
    """Cadre-hours of one received line (0 for lines a township produced)."""
    if line.kind == "收文":
        return document_hours(p, line.chars)
    if line.kind == "参会":
        return meeting_hours(
            p, line.duration_minutes, line.meeting_form, line.attendees, line.level
        )
    if line.kind == "受检":
        return inspection_hours(p, line.days, line.materials_items, line.materials_requested)
    return 0.0


def group_hours(p: BurdenParams, kind: str, groups: list[dict]) -> float:
    """Hours of a GROUP BY group of received lines of one kind.

    Each group dict: `n` lines, and for meetings `minutes_sum` (of lines with a duration) and
    `with_minutes`, `onsite` (lines on site); for inspections `materials` (lines asking for
    materials). The aggregate equals the sum of `line_hours` over the lines (tested).
    """
    total = 0.0
    for g in groups:
        n = g["n"]
        if kind == "收文":
            total += n * document_hours(p, None)
        elif kind == "参会":
            weight = p.level_weights.get(STAFF, 1.0)
            minutes = g.get("minutes_sum") or 0
            minutes += (n - g.get("with_minutes", 0)) * p.default_meeting_minutes
            minutes += g.get("onsite", 0) * p.travel_minutes_onsite
            total += minutes / 60 * p.attendees_per_meeting * weight
        elif kind == "受检":
            total += n * p.inspection_days * p.inspection_hours_per_day * p.inspection_staff
            total += g.get("materials", 0) * p.materials_hours_per_item
    return total
