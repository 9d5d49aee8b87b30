"""The import's decider remembers decisions by what the rules read; it must decide every row
exactly as the line classifier does on its own (dates, 文号, durations varying)."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from jianfu.core.text import normalize_doc_no, normalize_title
from jianfu.ledgers.classify import LineClassifier, LineInput
from jianfu.ledgers.services.import_decide import Decider
from jianfu.ledgers.workbook import LedgerRow
from jianfu.rules.data import default_ruleset_data
from tests.rules.linegen import generate_lines

pytestmark = pytest.mark.django_db


def test_decider_decides_like_the_classifier(units):
    unit = units["ny"]
    rng = random.Random(11)
    rows = []
    lines = generate_lines(default_ruleset_data(), 1000, seed=5)
    # each line three times: another date, its own 文号, a plain 文号 (农发〔2025〕N号)
    variants = [
        (line, doc_no)
        for line in lines
        for doc_no in (line.doc_no, f"农发〔2025〕{rng.randrange(1, 300)}号", "")
    ]
    for i, (line, doc_no) in enumerate(variants):
        day = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(365))
        rows.append(
            LedgerRow(
                sheet=line.kind,
                row=i + 3,
                kind=line.kind,
                date=day,
                counterpart=line.counterpart,
                doc_no=doc_no,
                doc_no_norm=normalize_doc_no(doc_no),
                title=line.title or "无题",
                title_norm=normalize_title(line.title or "无题"),
                genre=line.genre,
                meeting_form=line.meeting_form,
                duration_minutes=line.duration_minutes,
                inspection_type=line.inspection_type,
                materials_requested=line.materials_requested,
                remarks=line.remarks,
                extras={},
            )
        )
    decider = Decider(unit)
    decided = [decider.decide(row) for row in rows * 2]
    assert len(decider.cache) < len(rows)  # rows that differ only in unread facts share one
    classifier = LineClassifier(unit.county)
    for row, got in zip(rows * 2, decided, strict=True):
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
        expected = classifier.classify(unit, line)
        assert got.counterpart_unit_id == expected.counterpart_unit_id
        assert got.originator_level == expected.originator_level
        assert got.decision.as_dict() == expected.decision.as_dict(), row
    assert {c.counterpart_unit_id for c in decided} - {None}  # some names resolved
