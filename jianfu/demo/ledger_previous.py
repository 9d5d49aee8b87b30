"""Last year's items for comparison: what the county units PRODUCED the whole previous year (发文,
办会, 督查 of county-level units and departments; the townships' received lines are not made, to
keep the demo fast), from the same generators as this year.

Most units were busier last year than this year's pace (the county shows its cut, 15–35 %);
`GROWTH_UNITS` were quieter, so this year they run above last year's pace (PACE alerts, 只减不增).
The generators make `HEADROOM` times a normal year; each unit keeps the share its pace asks for.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date
from typing import Any

from .data import COUNTY_UNITS, DEPARTMENTS
from .ledger_data import day_weights
from .ledger_items import Item, Planner, number_items
from .ledger_own import internal_items, statutory_items
from .ledger_templates import SCALE, county_year_items

# units that produce more this year than last (ratio last year / this year below 1)
GROWTH_UNITS = ("QH-NY", "QH-YJ", "QH-ZJ")
HEADROOM = 2.5
PRODUCERS = frozenset(spec.code for spec in COUNTY_UNITS + DEPARTMENTS)
PaceKey = tuple[str, str]  # (unit code, 发文 / 办会 / 督查)


def last_year_ratio(rng: random.Random) -> dict[str, float]:
    """Each county unit's last-year count by the same day relative to this year's."""
    ratios = {}
    for code in sorted(PRODUCERS):
        ratio = rng.uniform(1.2, 1.4)
        if code in GROWTH_UNITS:
            ratio = rng.uniform(0.7, 0.8)
        ratios[code] = ratio
    return ratios


def previous_year_items(p: Planner) -> list[Item]:
    """Candidate items of the county units for `p.year` (the previous year): `HEADROOM` times a
    normal year of what they send, and their own meetings and documents, numbered in date order.
    `pick_previous` keeps the share the pace asks for."""
    sent = [
        item
        for item in county_year_items(p, scale=SCALE * HEADROOM)
        if item.producer in PRODUCERS and item.filed
    ]
    own = [item for item in statutory_items(p) + internal_items(p) if item.producer in PRODUCERS]
    items = sent + own
    number_items(items, p.year)
    return items


def pick_previous(
    rows: list[dict[str, Any]],
    code_of: dict[int, str],
    this_year: dict[PaceKey, int],
    same_day: date,
    rng: random.Random,
) -> list[dict[str, Any]]:
    """Last year's lines from the candidates (`entry_fields` rows): per unit and kind, this
    year's counted lines up to today (`this_year`) times the unit's ratio up to `same_day`
    (today a year ago), and after it as many as the rest of the calendar asks for. Lines that
    count nothing are kept at a normal year's share."""
    ratios = last_year_ratio(rng)
    weights = day_weights(same_day.year)
    before = sum(w for d, w in weights if d <= same_day)
    rest = sum(w for d, w in weights if d > same_day) / max(before, 1e-9)
    pools: dict[tuple[PaceKey, bool], list[dict[str, Any]]] = defaultdict(list)
    kept = []
    for row in rows:
        code = code_of.get(row["unit_id"], "")
        if row["counted"]:
            pools[(code, row["kind"]), row["date"] <= same_day].append(row)
        elif rng.random() < 1 / HEADROOM:
            kept.append(row)
    for key, n in sorted(this_year.items()):
        if key[0] not in ratios:
            continue
        wanted = n * ratios[key[0]]
        for early, count in ((True, round(wanted)), (False, round(wanted * rest))):
            pool = pools.get((key, early), [])
            kept += rng.sample(pool, min(count, len(pool)))
    return kept
