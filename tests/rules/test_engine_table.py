"""The rule table (table.py, facts.py) decides every line as the conditions read as written.

The engine decides a line from its parts' facts: the first term of the first rule whose bits the
line sets. `classify_as_written` evaluates the same conditions node by node (conditions.py).
These tests decide thousands of varied generated lines both ways, with the default rule set and
with rule sets whose conditions nest `not`, `any`, `all`, `_none` keys and `mention`, and compare
every field of every decision, reason included.
"""

from __future__ import annotations

import copy
from dataclasses import replace

import pytest

from jianfu.rules import table
from jianfu.rules.data import default_rules_text, ruleset_data_from_dict, ruleset_parse_yaml
from jianfu.rules.engine import LineFacts, classify_as_written, criteria_classify

from .linegen import generate_lines

# Conditions as a county might write them: negations of groups, `_none` keys under `not`, a
# `mention` inside `all`, the same word list in several rules.
NESTED = {
    "D-IN-4": {
        "level": ["county", "department"],
        "not": {"any": [{"title_has_none": "emergency_themes"}, {"genre_in": ["函"]}]},
        "any": [
            {"mention": ["通知"]},
            {"all": [{"text_has": "urgency_documents"}, {"not": {"mention": ["视频"]}}]},
        ],
    },
    "D-OUT-6": {
        "any": [
            {"all": [{"title_has": "internal_document_words"}, {"not": {"level": ["higher"]}}]},
            {"counterpart_has": "internal_recipients", "direction": "produced"},
        ]
    },
    "M-IN-3": {
        "level": ["county", "department"],
        "any": [
            {
                "title_has": "training_meeting_words",
                "meeting_form_in": ["视频", "现场"],
                "counterpart_has_none": "external_attendees",
            },
            {"not": {"all": [{"title_has_none": "study_meeting_words"}, {"mention": ["会"]}]}},
        ],
    },
    "I-OUT-1": {
        "not": {
            "not": {"any": [{"inspection_type_in": ["调研"]}, {"title_has": "research_words"}]}
        },
        "materials_requested_in": [False, None],
        "text_has_none": "materials_words",
        "all": [{"not": {"originator_has": ["暗访组"]}}, {"title_matches": [r"调研|座谈"]}],
    },
}


def _ruleset(conditions: dict | None = None):
    raw = ruleset_parse_yaml(default_rules_text())
    raw = copy.deepcopy(raw)
    for rule in raw["rules"]:
        if conditions and rule["code"] in conditions:
            rule["when"] = conditions[rule["code"]]
    return ruleset_data_from_dict(raw)


def _both_ways(conditions: dict | None, count: int, seed: int) -> int:
    """Decide generated lines through the table and as written; returns the rules reached."""
    ruleset, reference = _ruleset(conditions), _ruleset(conditions)
    lines = generate_lines(ruleset, count, seed=seed)
    reached = set()
    for line in lines:
        decided = criteria_classify(ruleset, line)
        assert decided.as_dict() == classify_as_written(reference, line).as_dict(), line
        reached.add(decided.rule)
    return len(reached)


def test_the_default_rules_decide_as_written():
    assert all(chain is not None for chain in _ruleset().table.chains.values())
    assert _both_ways(None, 6000, seed=11) >= 20


def test_nested_negations_and_mentions_decide_as_written():
    ruleset = _ruleset(NESTED)
    assert all(chain is not None for chain in ruleset.table.chains.values())
    assert _both_ways(NESTED, 6000, seed=12) >= 20


def test_a_negated_group_names_no_evidence():
    ruleset = _ruleset(NESTED)
    line = LineFacts(kind="收文", title="关于做好抗旱保苗工作的通知", originator_level="department")
    decided = criteria_classify(ruleset, line)
    assert decided == classify_as_written(_ruleset(NESTED), line)
    assert decided.rule == "D-IN-4"
    # the title has 抗旱 (under `not`: no evidence) and mentions 通知 (named)
    assert "标题含“通知”" in decided.reason and "抗旱" not in decided.reason


def test_one_word_list_in_several_rules_is_one_fact():
    ruleset = _ruleset()
    words = ruleset.lists["emergency_themes"]
    atoms = [atom for atom in ruleset.table.atoms if atom.words is words]
    assert len(atoms) == 1  # text_has emergency_themes: D-EM-1, M-EM-1, I-EM-1


def test_a_condition_too_complex_for_the_table_is_evaluated_as_written(monkeypatch):
    pair = [{"title_has": "emergency_themes"}, {"genre_in": ["通知"]}]
    wide = {"all": [{"any": pair} for _ in range(3)]}  # 2**3 terms
    monkeypatch.setattr(table, "MAX_TERMS", 4)
    ruleset = _ruleset({"D-IN-4": wide})
    assert ruleset.table.chains["收文"] is None and ruleset.table.chains["发文"] is None
    assert ruleset.table.chains["参会"] is not None  # D-IN-4 is a documents rule
    monkeypatch.undo()
    reference = _ruleset({"D-IN-4": wide})
    for line in generate_lines(ruleset, 1500, seed=13):
        assert criteria_classify(ruleset, line) == classify_as_written(reference, line)
    line = LineFacts(kind="收文", title="关于防汛工作的通知", originator_level="county")
    assert criteria_classify(ruleset, line).rule == "D-IN-4"


@pytest.mark.parametrize(
    ("remarks", "rule", "phrase"),
    [("", "I-OUT-1", ""), ("请提供台账", "I-IN-2", "备注含“台账”")],
)
def test_a_remark_sets_the_facts_the_title_lacks(remarks, rule, phrase):
    ruleset = _ruleset()
    base = LineFacts(kind="受检", title="安全生产工作调研", originator_level="department")
    decided = criteria_classify(ruleset, replace(base, remarks=remarks))
    assert decided.rule == rule and phrase in decided.reason
