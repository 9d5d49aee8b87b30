"""What preview and commit share: the rows' line keys, the cached decider, the ledger's keys."""

from __future__ import annotations

import functools
from datetime import date
from typing import TypeVar

from jianfu.org.models import Unit
from jianfu.rules.data import RuleSetData
from jianfu.rules.engine import decide_parts
from jianfu.rules.facts import TitleFacts, field_facts, origin_facts, text_facts, title_facts

from ..classify import Classified, LineClassifier
from ..linekey import DOC_NO_MAX, TITLE_MAX, unit_line_key
from ..models import LedgerEntry
from ..workbook import LedgerRow

T = TypeVar("T")


def row_keys(unit: Unit, rows: list[LedgerRow]) -> list[str]:
    """Each row's line key (linekey.py), as the unique constraint stores it."""
    key = unit_line_key(unit.pk)
    return [key(row.kind, row.date, row.doc_no_norm, row.title_norm) for row in rows]


class Decider:
    """One classifier per call, with decisions cached by what the rules read of a line.

    Identical lines recur, and so do lines that differ only in facts no rule reads (the date
    within one rule set's term, a 文号 in which no `text_has` word occurs, the duration).
    """

    def __init__(self, unit: Unit) -> None:
        self.unit = unit
        self.classifier = classifier = LineClassifier(unit.county)
        # Counterpart names and dates recur on almost every line: resolve each once.
        classifier.resolve = functools.lru_cache(maxsize=None)(classifier.resolve)  # type: ignore[method-assign]
        classifier.ruleset_for = functools.lru_cache(maxsize=None)(classifier.ruleset_for)  # type: ignore[method-assign]
        self.cache: dict[tuple, Classified] = {}
        # Lines with different titles mostly share a decision: one Classified per distinct
        # (counterpart unit, level, decision), so that the writer builds the decision's columns
        # once for all of them (the Classified kept here keeps its decision, and its id, alive).
        self._shared: dict[tuple, Classified] = {}
        # (rule set, kind, counterpart) → (counterpart unit, level, the origin's facts)
        self._origins: dict[tuple, tuple] = {}
        # (rule set, kind, title, genre) → (what the row's key holds of them, their facts)
        self._titles: dict[tuple, tuple[object, TitleFacts | None]] = {}
        # date → (rule set in force, its id, its texts' numbers); what a rule set's `text_has`
        # lists find in a 文号 or a remark, numbered (`_text`)
        self._by_date: dict[object, tuple[RuleSetData, int, dict[str, int]]] = {}
        self._texts: dict[int, dict[str, int]] = {}
        self._hits: dict[tuple, int] = {}

    def decide(self, row: LedgerRow) -> Classified:
        found_rs = self._by_date.get(row.date)
        if found_rs is None:
            ruleset = self.classifier.ruleset_for(row.date)
            texts = self._texts.setdefault(id(ruleset), {})
            found_rs = self._by_date[row.date] = (ruleset, id(ruleset), texts)
        ruleset, ruleset_id, texts = found_rs
        doc_no = texts.get(row.doc_no)
        if doc_no is None:
            doc_no = self._text(ruleset, texts, row.doc_no)
        remarks = texts.get(row.remarks)
        if remarks is None:
            remarks = self._text(ruleset, texts, row.remarks)
        kind = row.kind
        title = self._titles.get((ruleset_id, kind, row.title, row.genre))
        if title is None:
            title = self._title(ruleset, row)
        key = (
            ruleset_id,  # the date matters only through the rule set in force on it
            kind,
            title[0],  # what the rules read of the title and genre
            row.counterpart,
            doc_no,
            row.meeting_form,
            row.inspection_type,
            row.materials_requested,
            remarks,
        )  # what the decision can depend on (engine.decision_key; the duration is read by none)
        found = self.cache.get(key)
        if found is None:
            found = self.cache[key] = self._classify(ruleset, row, title[1])
        return found

    def _title(self, ruleset: RuleSetData, row: LedgerRow) -> tuple[object, TitleFacts | None]:
        """The title's facts, and what of them the row's key holds: their `sig` (titles read
        alike share decisions), or the title itself for a kind the table cannot hold."""
        facts: TitleFacts | None = None
        read: object = (row.title, row.genre)
        if ruleset.table.chains[row.kind] is not None:
            facts = title_facts(ruleset, row.kind, row.title, row.genre)
            read = facts.sig
        found = self._titles[(id(ruleset), row.kind, row.title, row.genre)] = (read, facts)
        return found

    def _text(self, ruleset: RuleSetData, texts: dict[str, int], text: str) -> int:
        """A number for what the rule set's `text_has` lists find in a 文号 or a remark: equal
        for texts in which they find the same words (usually none)."""
        seen = (id(ruleset), ruleset.text_key(text))
        found = texts[text] = self._hits.setdefault(seen, len(self._hits))
        return found

    def _classify(
        self, ruleset: RuleSetData, row: LedgerRow, title: TitleFacts | None
    ) -> Classified:
        """`LineClassifier.classify` for a row read as it is (classify.LineLike), from its parts:
        the title, the counterpart and the fields recur far more than the lines they make."""
        kind = row.kind
        if title is None:  # a rule set the table cannot hold for this kind (`_title`)
            return self.classifier.classify(self.unit, row)
        who = self._origins.get((id(ruleset), kind, row.counterpart))
        if who is None:
            counterpart_id, level = self.classifier.originator(self.unit, kind, row.counterpart)
            origin = origin_facts(ruleset, kind, level, row.counterpart, self.unit.name)
            who = self._origins[(id(ruleset), kind, row.counterpart)] = (
                counterpart_id,
                level,
                origin,
            )
        counterpart_id, level, origin = who
        decision = decide_parts(
            ruleset,
            kind,
            title,
            origin,
            field_facts(ruleset, kind, row.meeting_form, row.inspection_type,
                        row.materials_requested),
            text_facts(ruleset, kind, row.doc_no),
            text_facts(ruleset, kind, row.remarks),
        )  # fmt: skip
        shared = (counterpart_id, level, id(decision))
        found = self._shared.get(shared)
        if found is None:
            found = self._shared[shared] = Classified(counterpart_id, level, decision)
        return found


def existing_keys(unit: Unit, rows: list[LedgerRow]) -> set[str]:
    """The line keys of the unit's ledger in the rows' date range (see `keys_between`)."""
    if not rows:
        return set()
    first = last = rows[0].date
    for row in rows:
        day = row.date
        if day < first:
            first = day
        elif day > last:
            last = day
    return keys_between(unit, first, last)


def keys_between(unit: Unit, first: date, last: date) -> set[str]:
    """The line keys of the unit's ledger from `first` to `last`: one query, answered from the
    unique index (unit, date, line_key) alone."""
    found = LedgerEntry.objects.filter(
        unit_id=unit.pk, date__gte=first, date__lte=last
    ).values_list("line_key", flat=True)
    return set(found)


def split_new(
    unit: Unit, rows: list[LedgerRow], existing: set[str]
) -> tuple[list[tuple[str | None, LedgerRow, None]], int]:
    """The rows that are new — the first of their line in the file, and not in the ledger — each
    as (line key, row, None): the decision's place, filled by the caller or left to the writer;
    and how many rows are duplicates.

    Within the file a line is recognised by the facts its key hashes (kind, date, 文号, title,
    cut as the columns store them); against the ledger by its key (`existing`). When the ledger
    holds no line in the rows' date range (a first import), no key is computed here: the key is
    then None, and the writer computes it as it stores the row (the same function, linekey.py).
    """
    key = unit_line_key(unit.pk) if existing else None
    seen: set[tuple] = set()
    fresh: list[tuple[str | None, LedgerRow, None]] = []
    for row in rows:
        doc_no_norm, title_norm = row.doc_no_norm, row.title_norm
        if len(doc_no_norm) > DOC_NO_MAX:
            doc_no_norm = doc_no_norm[:DOC_NO_MAX]
        if len(title_norm) > TITLE_MAX:
            title_norm = title_norm[:TITLE_MAX]
        identity = (row.kind, row.date, doc_no_norm, title_norm)
        if identity in seen:
            continue
        seen.add(identity)
        if key is None:
            fresh.append((None, row, None))
            continue
        line = key(row.kind, row.date, doc_no_norm, title_norm)
        if line not in existing:
            fresh.append((line, row, None))
    return fresh, len(rows) - len(fresh)


def with_keys(
    unit: Unit, lines: list[tuple[str | None, LedgerRow, T]]
) -> list[tuple[str, LedgerRow, T]]:
    """`lines` with every missing key computed."""
    key = unit_line_key(unit.pk)
    return [
        (
            line if line is not None else key(row.kind, row.date, row.doc_no_norm, row.title_norm),
            row,
            decision,
        )
        for line, row, decision in lines
    ]
