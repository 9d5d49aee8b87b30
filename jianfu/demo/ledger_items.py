"""The demo year's items: what county units send townships (documents, meetings, inspections),
what higher levels send, and what units produce for themselves. Each item knows who produced it,
which townships it reaches and whether the producer filed it in its own ledger.

Titles are built from templates of the genres a county really uses (see `ledger_templates.py`);
the numbers in 文号 and in 简报（第N期） are given in date order once the year is planned.
"""

from __future__ import annotations

import bisect
import itertools
import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from .data import DEPARTMENTS, TOWNSHIPS
from .ledger_data import (
    COUNTY_TOPICS,
    DEFAULT_PRODUCER_WEIGHT,
    DEPT_TOPICS,
    DOC_PREFIX,
    PRODUCER_WEIGHT,
    SYSTEM_TOPICS,
    day_weights,
)

COUNTY_PRODUCERS = ("QH-XW", "QH-XWB", "QH-ZF", "QH-ZFB")
ISSUED, HELD, INSPECTING = "发文", "办会", "督查"  # what producers record
SYSTEM_OF = {spec.code: spec.system for spec in DEPARTMENTS}
TOWN_NAME = {spec.code: spec.name for spec in TOWNSHIPS}


@dataclass
class Item:
    """One document, meeting or inspection as its producer would record it."""

    producer: str  # demo unit code
    kind: str  # 发文 / 办会 / 督查
    day: date
    title: str
    addressed: str = ""  # the producer line's counterpart: 各乡镇（街道）, named townships …
    recipients: tuple[str, ...] = ()  # township codes the item reaches
    doc_prefix: str = ""  # 文号 given in date order when set
    doc_no: str = ""
    serial: str = ""  # a counter name: `{n}` in the title is numbered in date order
    meeting_form: str = ""
    duration: int | None = None
    inspection_type: str = ""
    materials: bool | None = None
    remarks: str = ""
    filed: bool = True  # False: the producer never recorded it (shows as unfiled)
    spread: int = 0  # days over which receivers record it after `day`


class Planner:
    """Dates, producers, topics and recipients drawn from one deterministic generator."""

    def __init__(self, rng: random.Random, year: int):
        self.rng = rng
        self.year = year
        self._days = day_weights(year)
        self._month_cache: dict[tuple[int, ...], tuple[list[date], list[float]]] = {}
        departments = [spec.code for spec in DEPARTMENTS]
        producers = list(COUNTY_PRODUCERS) + departments
        self.producers = producers
        self.producer_cum = list(
            itertools.accumulate(PRODUCER_WEIGHT.get(p, DEFAULT_PRODUCER_WEIGHT) for p in producers)
        )
        self.townships = [spec.code for spec in TOWNSHIPS]

    def day(self, months: tuple[int, ...] = ()) -> date:
        key = tuple(sorted(months))
        if key not in self._month_cache:
            chosen = [(d, w) for d, w in self._days if not key or d.month in key]
            days = [d for d, _ in chosen]
            self._month_cache[key] = (days, list(itertools.accumulate(w for _, w in chosen)))
        days, cum = self._month_cache[key]
        return days[bisect.bisect_left(cum, self.rng.random() * cum[-1])]

    def producer(self, pool: tuple[str, ...] | None = None) -> str:
        if pool:
            return self.rng.choice(pool)
        point = self.rng.random() * self.producer_cum[-1]
        return self.producers[bisect.bisect_left(self.producer_cum, point)]

    def topic(self, producer: str) -> tuple[str, tuple[int, ...]]:
        if producer in DEPT_TOPICS:
            return self.rng.choice(DEPT_TOPICS[producer])
        if producer in SYSTEM_OF:
            return self.rng.choice(SYSTEM_TOPICS[SYSTEM_OF[producer]])
        if self.rng.random() < 0.6:
            return self.rng.choice(COUNTY_TOPICS)
        return self.rng.choice(SYSTEM_TOPICS[self.rng.choice(list(SYSTEM_TOPICS))])

    def recipients(self, to_all: float, most: int = 6) -> tuple[tuple[str, ...], bool]:
        """All townships (with probability `to_all`) or a few named ones."""
        if self.rng.random() < to_all:
            return tuple(self.townships), True
        k = self.rng.randint(1, most)
        return tuple(self.rng.sample(self.townships, k)), False

    def named(self, codes: tuple[str, ...]) -> str:
        return "、".join(TOWN_NAME[c] for c in codes)

    def doc_prefix(self, producer: str, letter: bool = False) -> str:
        prefix = DOC_PREFIX.get(producer, "")
        return prefix[:-1] + "函" if letter and prefix.endswith("发") else prefix


def number_items(items: list[Item], year: int) -> None:
    """Give 文号 and 期号 in date order, one counter per prefix and per serial."""
    counters: dict[str, int] = defaultdict(int)
    for item in sorted(items, key=lambda i: (i.day, i.producer, i.title)):
        if item.doc_prefix:
            counters[item.doc_prefix] += 1
            item.doc_no = f"{item.doc_prefix}〔{year}〕{counters[item.doc_prefix]}号"
        if item.serial:
            key = f"{item.producer}:{item.serial}"
            counters[key] += 1
            item.title = item.title.replace("{n}", str(counters[key]))
