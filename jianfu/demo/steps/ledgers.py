"""Demo step "ledgers": this year's daily ledgers (日常工作台账) up to the demo's today for every
unit of the demo county, and last year's produced lines of the county units in full (to compare
with: 只减不增, PACE, the cut; see ledger_previous.py).

County units record what they produce (发文, 办会, 督查); every township, a data observation point,
records what reaches it (收文, 参会, 受检) the way clerks write it: the sender under its full name,
short name or alias, the 文号 in whatever brackets and digits, the date a day or three later,
the title now and then shortened. Some items are recorded by townships only (their producer
never filed them: unfiled in reconciliation), some sender lines never reach one township
(unreceived). Higher levels' items are recorded and never counted; townships' own documents to
their villages are recorded and never counted.

All lines are decided by one `LineClassifier` and inserted in bulk (`RowInserter`); the step
does nothing when the county already holds demo ledger lines.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import connection
from django.utils import timezone

from jianfu.core.audit import AuditEntry
from jianfu.ledgers.classify import LineClassifier, LineInput
from jianfu.ledgers.models import LedgerEntry, Source
from jianfu.ledgers.services.entries import entry_fields
from jianfu.ledgers.services.rollup import rollup_refresh_span
from jianfu.org.models import Unit

from ..context import DemoContext
from ..data import UNITS
from ..ledger_data import HIGHER_SENDERS
from ..ledger_items import Item, Planner
from ..ledger_own import year_items
from ..ledger_previous import pick_previous, previous_year_items

RECEIVED_KIND = {"发文": "收文", "办会": "参会", "督查": "受检"}
BATCH_SIZE = 2000
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
BRACKETS = (("〔", "〕"), ("[", "]"), ("（", "）"), ("(", ")"), ("【", "】"))
BRACKET_WEIGHTS = (55, 15, 15, 10, 5)


def unit_spellings() -> dict[str, tuple[str, ...]]:
    """How clerks write each unit as a counterpart: full name first, then short names and
    aliases, and the county-prefixed full name (青河县农业农村局)."""
    out: dict[str, tuple[str, ...]] = {}
    for spec in UNITS:
        names = [spec.name]
        if spec.short_name:
            names.append(spec.short_name)
        names.extend(spec.aliases)
        if spec.name.startswith("县") and spec.kind != "higher":
            names.append("青河" + spec.name)
        out[spec.code] = tuple(dict.fromkeys(names))
    for code, names, _prefix in HIGHER_SENDERS:
        out[code] = names
    return out


@dataclass(frozen=True)
class Habits:
    miss_rate: float
    brackets: tuple[str, str]
    full_width: float
    fills_details: float


class Writer:
    """Turns items into the ledger lines of their producer and their receivers."""

    def __init__(self, rng: random.Random, year: int, townships: list[str]):
        self.rng = rng
        self.last_day = date(year, 12, 31)
        self.spellings = unit_spellings()
        # every township's clerk has habits: how carelessly they file (share of items never
        # recorded), the brackets and digits they type, how often they fill the meeting columns,
        # and how they usually write each sender
        self.habits = {
            code: Habits(
                miss_rate=rng.uniform(0.01, 0.04),
                brackets=rng.choices(BRACKETS, BRACKET_WEIGHTS)[0],
                full_width=rng.choice((0.0, 0.0, 0.3)),
                fills_details=rng.uniform(0.5, 1.0),
            )
            for code in townships
        }
        self.usual_name: dict[tuple[str, str], str] = {}

    def spelled(self, town: str, code: str) -> str:
        names = self.spellings.get(code) or (code,)
        key = (town, code)
        if key not in self.usual_name:
            usual = names[0] if len(names) == 1 or self.rng.random() < 0.5 else None
            self.usual_name[key] = usual or self.rng.choice(names[1:])
        if self.rng.random() < 0.1:
            return self.rng.choice(names)  # now and then written another way
        return self.usual_name[key]

    def doc_no(self, town: str, doc_no: str) -> str:
        if not doc_no or self.rng.random() < 0.08:
            return ""  # the clerk left the 文号 out
        habits = self.habits[town]
        left, right = habits.brackets
        if self.rng.random() < 0.1:
            left, right = self.rng.choice(BRACKETS)
        written = doc_no.replace("〔", left).replace("〕", right)
        if habits.full_width and self.rng.random() < habits.full_width:
            written = written.translate(FULL_WIDTH)
        return written

    def title(self, title: str) -> str:
        roll = self.rng.random()
        if roll < 0.05 and title.startswith("关于"):
            return title[2:]
        if roll < 0.08 and "《" in title:
            return title.replace("《", "“").replace("》", "”")
        if roll < 0.1 and title.endswith("的通知"):
            return title[:-3] + "通知"
        return title

    def received_day(self, item: Item) -> date:
        if item.kind == "发文":
            offset = self.rng.choices((0, 1, 2, 3), (40, 35, 15, 10))[0]
        else:
            offset = self.rng.randint(0, item.spread) if item.spread else 0
        return min(item.day + timedelta(days=offset), self.last_day)

    def produced(self, item: Item) -> LineInput:
        return LineInput(
            kind=item.kind,
            date=item.day,
            title=item.title,
            counterpart=item.addressed,
            doc_no=item.doc_no,
            meeting_form=item.meeting_form,
            duration_minutes=item.duration,
            inspection_type=item.inspection_type,
            materials_requested=item.materials,
            remarks=item.remarks,
        )

    def received(self, town: str, item: Item) -> LineInput:
        details = self.rng.random() < self.habits[town].fills_details
        return LineInput(
            kind=RECEIVED_KIND[item.kind],
            date=self.received_day(item),
            title=self.title(item.title),
            counterpart=self.spelled(town, item.producer),
            doc_no=self.doc_no(town, item.doc_no),
            meeting_form=item.meeting_form if details else "",
            duration_minutes=item.duration if details else None,
            inspection_type=item.inspection_type if details else "",
            materials_requested=item.materials,
            remarks=item.remarks,
        )

    def lines(self, items: list[Item]) -> Iterator[tuple[str, LineInput]]:
        for item in items:
            if item.filed:
                yield item.producer, self.produced(item)
            for town in item.recipients:
                if self.rng.random() >= self.habits[town].miss_rate:
                    yield town, self.received(town, item)


def demo_ledger_rows(
    units: dict[str, Unit],
    classifier: LineClassifier,
    rng: random.Random,
    year: int,
    until: date | None = None,
) -> list[dict[str, Any]]:
    """The year's ledger lines as column values (`entry_fields`), decided, without duplicates;
    only the lines dated up to `until` (the demo's today) when it is given."""
    planner = Planner(rng, year)
    writer = Writer(rng, year, planner.townships)
    last = until or date(year, 12, 31)
    return _decided_rows(units, classifier, writer.lines(year_items(planner)), last)


def previous_year_rows(
    units: dict[str, Unit],
    classifier: LineClassifier,
    rng: random.Random,
    this_year: list[dict[str, Any]],
    today: date,
) -> list[dict[str, Any]]:
    """Last year's lines of the county units' produced items (ledger_previous.py), in full, at a
    pace set against this year's counted lines up to `today`."""
    year = today.year - 1
    code_of = {unit.pk: code for code, unit in units.items()}
    counts = Counter(
        (code_of.get(row["unit_id"], ""), row["kind"])
        for row in this_year
        if row["counted"] and row["kind"] in RECEIVED_KIND
    )
    try:
        same_day = today.replace(year=year)
    except ValueError:  # 29 February
        same_day = today.replace(year=year, day=28)
    planner = Planner(rng, year)
    writer = Writer(rng, year, planner.townships)
    lines = ((item.producer, writer.produced(item)) for item in previous_year_items(planner))
    candidates = _decided_rows(units, classifier, lines, date(year, 12, 31))
    return pick_previous(candidates, code_of, dict(counts), same_day, rng)


def _decided_rows(
    units: dict[str, Unit],
    classifier: LineClassifier,
    lines: Iterable[tuple[str, LineInput]],
    last: date,
) -> list[dict[str, Any]]:
    seen: set[str] = set()
    rows = []
    for code, line in lines:
        unit = units.get(code)
        if unit is None or line.date > last:
            continue
        fields = entry_fields(unit, line, classifier.classify(unit, line))
        key = fields["line_key"]  # unit, kind, date, 文号, title (ledgers/linekey.py)
        if key in seen:
            continue  # the unique ledger line (DESIGN.md 5.3)
        seen.add(key)
        rows.append(fields)
    return rows


class RowInserter:
    """Inserts `entry_fields` rows in chunks: one prepared INSERT and `executemany` per chunk.

    Not `bulk_create`: on SQLite Django caps a statement at 999 parameters (31 ledger lines) and
    prepares every value through the field machinery — 0.5–0.9 ms a line, most of the demo's
    build time (the import pipeline measured the same, see services/import_insert.py). The
    columns come from the model (a field added later gets its default); a line that is already
    in the ledger (the unique line) is skipped by ON CONFLICT DO NOTHING (SQLite ≥ 3.24,
    PostgreSQL).
    """

    def __init__(self, sample: dict[str, Any], **given: Any):
        fields = [f for f in LedgerEntry._meta.concrete_fields if not f.primary_key]
        now = timezone.now()
        given = {"created_at": now, "updated_at": now, **given}
        self.varying = [f.attname for f in fields if f.attname in sample]
        static = [f for f in fields if f.attname not in sample]
        self.static = tuple(
            f.get_db_prep_save(
                given[f.attname] if f.attname in given else f.get_default(), connection
            )
            for f in static
        )
        self.adapt_date = connection.ops.adapt_datefield_value
        quote = connection.ops.quote_name
        columns = ", ".join(
            quote(f.column)
            for f in [*(LedgerEntry._meta.get_field(n) for n in self.varying), *static]
        )
        marks = ", ".join(["%s"] * (len(self.varying) + len(static)))
        table = quote(LedgerEntry._meta.db_table)
        self.sql = f"INSERT INTO {table} ({columns}) VALUES ({marks}) ON CONFLICT DO NOTHING"  # noqa: S608

    def insert(self, rows: list[dict[str, Any]]) -> None:
        names, static = self.varying, self.static
        day = names.index("date")
        for start in range(0, len(rows), BATCH_SIZE):
            chunk = []
            for row in rows[start : start + BATCH_SIZE]:
                values = [row[name] for name in names]
                values[day] = self.adapt_date(values[day])
                chunk.append((*values, *static))
            with connection.cursor() as cursor:
                cursor.executemany(self.sql, chunk)


def ledgers_ensure(ctx: DemoContext) -> None:
    county = ctx.require_county()
    demo_lines = LedgerEntry.objects.filter(county=county, source=Source.DEMO)
    if demo_lines.exists():
        return
    classifier = LineClassifier(county)
    rows = demo_ledger_rows(ctx.units, classifier, ctx.rng("ledgers"), ctx.year, ctx.today)
    if not rows:
        return
    previous = previous_year_rows(
        ctx.units, classifier, ctx.rng("ledgers:previous"), rows, ctx.today
    )
    rows += previous
    RowInserter(rows[0], source=str(Source.DEMO), created_by="demo").insert(rows)
    stored = demo_lines.count()  # lines a user had already entered were skipped
    rollup_refresh_span(county.pk)  # the monthly rollup (ADR 0006)
    ctx.count("ledgers", stored)
    ctx.add_audit(
        AuditEntry(
            action="import",
            object_type="ledgers.ledgerentry",
            object_repr=f"演示台账 {ctx.previous_year}–{ctx.year} 年",
            after={
                "source": str(Source.DEMO),
                "year": ctx.year,
                "until": ctx.today.isoformat(),
                "previous_year_entries": len(previous),
                "entries": stored,
                "units": len({row["unit_id"] for row in rows}),
                "by_kind": dict(sorted(Counter(row["kind"] for row in rows).items())),
                "counted": sum(row["counted"] for row in rows),
            },
            county_id=county.pk,
        )
    )
