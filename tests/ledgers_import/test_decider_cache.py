"""The import's decider remembers decisions by what the rules read; it must decide every row
exactly as the line classifier does on its own (dates, 文号, durations varying)."""

from __future__ import annotations

import copy
import datetime as dt
import random

import pytest

from jianfu.core.text import normalize_doc_no, normalize_title
from jianfu.ledgers.classify import LineClassifier, LineInput
from jianfu.ledgers.services.import_decide import Decider
from jianfu.ledgers.workbook import LedgerRow
from jianfu.rules import table
from jianfu.rules.data import (
    default_rules_text,
    default_ruleset_data,
    ruleset_data_from_dict,
    ruleset_parse_yaml,
)
from jianfu.rules.engine import LineFacts, classify_as_written
from tests.rules.linegen import generate_lines

pytestmark = pytest.mark.django_db


def _rows(count: int) -> list[LedgerRow]:
    rng = random.Random(11)
    rows = []
    lines = generate_lines(default_ruleset_data(), count, seed=5)
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
    return rows


def test_decider_decides_like_the_classifier(units):
    unit = units["ny"]
    rows = _rows(1000)
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


def test_a_rule_set_too_complex_for_the_table_is_decided_as_written(units, monkeypatch):
    """A county's rule with a condition of more terms than the table holds: the decider decides
    those kinds as the conditions read, and every row as the engine does on its own."""
    raw = copy.deepcopy(ruleset_parse_yaml(default_rules_text()))
    pair = [{"title_has": "emergency_themes"}, {"genre_in": ["通知"]}]
    for rule in raw["rules"]:
        if rule["code"] == "M-IN-3":
            rule["when"] = {"all": [{"any": pair} for _ in range(3)]}  # 8 terms
    monkeypatch.setattr(table, "MAX_TERMS", 4)
    complex_rules = ruleset_data_from_dict(raw)
    monkeypatch.undo()
    reference = ruleset_data_from_dict(raw)
    assert complex_rules.table.chains["参会"] is None and reference.table.chains["参会"]
    monkeypatch.setattr(LineClassifier, "ruleset_for", lambda self, day: complex_rules)
    unit = units["ny"]
    rows = _rows(400)
    decider = Decider(unit)
    decided = [decider.decide(row) for row in rows]
    assert {row.kind for row in rows} >= {"参会", "收文"}
    names = {u.name: u for u in unit.county.units.all()}
    for row, got in zip(rows, decided, strict=True):
        level = got.originator_level
        facts = LineFacts(
            kind=row.kind,
            title=row.title,
            genre=row.genre,
            doc_no=row.doc_no,
            originator_level=level,
            counterpart=row.counterpart,
            unit_name=unit.name,
            meeting_form=row.meeting_form,
            inspection_type=row.inspection_type,
            materials_requested=row.materials_requested,
            remarks=row.remarks,
        )
        assert got.decision.as_dict() == classify_as_written(reference, facts).as_dict(), row
        resolved = names.get(row.counterpart)
        if resolved is not None:
            assert got.counterpart_unit_id == resolved.pk


def test_titles_the_rules_read_alike_share_one_decision_and_others_do_not(units):
    unit = units["ny"]

    def row(title: str, n: int) -> LedgerRow:
        return LedgerRow(
            sheet="收文", row=n, kind="收文", date=dt.date(2025, 5, 6), counterpart="县委办公室",
            doc_no="", doc_no_norm="", title=title, title_norm=normalize_title(title), genre="",
            meeting_form="", duration_minutes=None, inspection_type="", materials_requested=None,
            remarks="", extras={},
        )  # fmt: skip

    plain = ["关于做好秋粮收购工作的通知", "关于做好耕地保护工作的通知", "关于做好河长制工作的通知"]
    flood = ["关于做好防汛工作的紧急通知", "关于做好抗旱工作的紧急通知"]
    decider = Decider(unit)
    decided = [decider.decide(row(title, n)) for n, title in enumerate(plain + flood, start=3)]
    assert len({id(c) for c in decided[:3]}) == 1  # no word of any list: one decision
    assert len(decider.cache) == 3  # the plain titles, and each emergency theme its own
    assert decided[3].decision.rule == decided[4].decision.rule == "D-EM-1"
    assert "防汛" in decided[3].decision.reason and "抗旱" in decided[4].decision.reason
