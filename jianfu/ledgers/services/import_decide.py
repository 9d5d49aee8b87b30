"""What preview and commit share: a line's ledger key, the cached decider, the ledger's keys."""

from __future__ import annotations

import functools
from typing import Any

from jianfu.org.models import Unit

from ..classify import Classified, LineClassifier, LineInput
from ..models import LedgerEntry
from ..workbook import LedgerRow

Key = tuple[str, Any, str, str]


def line_key(row: LedgerRow) -> Key:
    """The ledger's identity of a line, exactly as the unique constraint stores it."""
    return (row.kind, row.date, row.doc_no_norm[:128], row.title_norm[:500])


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

    def decide(self, row: LedgerRow) -> Classified:
        ruleset = self.classifier.ruleset_for(row.date)
        key = (
            id(ruleset),  # the date matters only through the rule set in force on it
            row.kind,
            row.title,
            row.counterpart,
            ruleset.text_key(row.doc_no),
            row.genre,
            row.meeting_form,
            row.inspection_type,
            row.materials_requested,
            ruleset.text_key(row.remarks),
        )  # what the decision can depend on (engine.decision_key; the duration is read by none)
        found = self.cache.get(key)
        if found is None:
            line = LineInput(
                row.kind,
                row.date,
                row.title,
                row.counterpart,
                row.doc_no,
                row.genre,
                row.meeting_form,
                row.duration_minutes,
                row.inspection_type,
                row.materials_requested,
                row.remarks,
            )
            found = self.cache[key] = self.classifier.classify(self.unit, line)
        return found


def existing_keys(unit: Unit, rows: list[LedgerRow]) -> set[Key]:
    """The unit's ledger lines in the file's date range, as keys: one query."""
    if not rows:
        return set()
    dates = [row.date for row in rows]
    found = LedgerEntry.objects.filter(
        unit_id=unit.pk, date__gte=min(dates), date__lte=max(dates)
    ).values_list("kind", "date", "doc_no_norm", "title_norm")
    return set(found)


def split_new(rows: list[LedgerRow], existing: set[Key]) -> tuple[list[LedgerRow], int]:
    """The rows that are new (first of their key in the file, absent from the ledger)."""
    seen = set(existing)
    fresh = []
    for row in rows:
        key = line_key(row)
        if key not in seen:
            seen.add(key)
            fresh.append(row)
    return fresh, len(rows) - len(fresh)
