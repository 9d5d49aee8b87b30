"""What preview and commit share: the rows' line keys, the cached decider, the ledger's keys."""

from __future__ import annotations

import functools
from datetime import date
from typing import TypeVar

from jianfu.org.models import Unit
from jianfu.rules.data import RuleSetData

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
        # date → (rule set in force, its id, what its word lists find in an empty text)
        self._by_date: dict[object, tuple[RuleSetData, int, tuple]] = {}

    def decide(self, row: LedgerRow) -> Classified:
        found_rs = self._by_date.get(row.date)
        if found_rs is None:
            ruleset = self.classifier.ruleset_for(row.date)
            found_rs = self._by_date[row.date] = (ruleset, id(ruleset), ruleset.text_key(""))
        ruleset, ruleset_id, nothing = found_rs
        doc_no, remarks = row.doc_no, row.remarks
        key = (
            ruleset_id,  # the date matters only through the rule set in force on it
            row.kind,
            row.title,
            row.counterpart,
            ruleset.text_key(doc_no) if doc_no else nothing,
            row.genre,
            row.meeting_form,
            row.inspection_type,
            row.materials_requested,
            ruleset.text_key(remarks) if remarks else nothing,
        )  # what the decision can depend on (engine.decision_key; the duration is read by none)
        found = self.cache.get(key)
        if found is None:  # the row is read as it is (classify.LineLike): no copy per line
            found = self.classifier.classify(self.unit, row)
            shared = (found.counterpart_unit_id, found.originator_level, id(found.decision))
            found = self.cache[key] = self._shared.setdefault(shared, found)
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
