"""Test data for the statistics ledger and the comparison: real lines through the classifier,
hand-made ledgers as clerks write them."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import Workbook

from jianfu.ledgers.classify import LineClassifier, LineInput
from jianfu.ledgers.models import LedgerEntry, Source
from jianfu.ledgers.services.entries import entry_fields
from jianfu.ledgers.services.rollup import rollup_refresh_lines


def add_lines(unit, specs: list[dict]) -> list[LedgerEntry]:
    """Classify and store lines of the unit's daily ledger (what an import would store)."""
    classifier = LineClassifier(unit.county)
    entries = []
    for spec in specs:
        line = LineInput(**spec)
        entries.append(
            LedgerEntry(
                **entry_fields(unit, line, classifier.classify(unit, line)),
                source=Source.IMPORT,
                created_by="test",
            )
        )
    LedgerEntry.objects.bulk_create(entries)
    rollup_refresh_lines((e.county_id, e.unit_id, e.date) for e in entries)  # as services do
    return list(LedgerEntry.objects.filter(unit=unit).order_by("id"))


def hand_workbook(sheets: dict[str, list[list]], title: str = "") -> bytes:
    """A hand-made statistics ledger: one sheet per kind, a title row, a 序号 column."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        if title:
            sheet.append([title])
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


D = date
