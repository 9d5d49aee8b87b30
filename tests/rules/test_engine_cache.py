"""The engine's caches change nothing: cached, remembered and fresh decisions are equal.

`criteria_classify` remembers decisions by what the rules read of a line (`decision_key`): the
文号 and the remarks only through what the `text_has` word lists find in them. These tests decide
thousands of varied generated lines both ways and compare every field of every decision.
"""

from __future__ import annotations

import random
from dataclasses import replace

from jianfu.rules import engine
from jianfu.rules.data import (
    default_rules_text,
    default_ruleset_data,
    ruleset_data_from_dict,
    ruleset_parse_yaml,
)
from jianfu.rules.engine import LineFacts, criteria_classify, decision_key

from .linegen import generate_lines


def _fresh():
    return ruleset_data_from_dict(ruleset_parse_yaml(default_rules_text()))


def test_cached_decisions_equal_fresh_ones_for_varied_lines():
    lines = generate_lines(default_ruleset_data(), 4000)
    cached_rs, fresh_rs = _fresh(), _fresh()
    order = list(range(len(lines))) * 2  # every line decided twice: the second from the cache
    random.Random(7).shuffle(order)
    cached = {}
    for i in order:
        decision = criteria_classify(cached_rs, lines[i])
        assert cached.setdefault(i, decision) == decision
    for i, line in enumerate(lines):
        expected = engine._classify(_fresh() if i % 400 == 0 else fresh_rs, line)
        assert cached[i].as_dict() == expected.as_dict(), line
    assert len({d.rule for d in cached.values()}) >= 20  # the lines reach many rules


def test_doc_no_enters_the_key_only_through_text_has_hits():
    rs = _fresh()
    base = LineFacts(kind="收文", title="关于做好防汛工作的通知", originator_level="county")
    plain_a = replace(base, doc_no="县委办发〔2025〕12号")
    plain_b = replace(base, doc_no="县委办发[2025]207号")
    urgent = replace(base, doc_no="明电〔2025〕3号")
    assert decision_key(rs, plain_a) == decision_key(rs, plain_b)
    assert decision_key(rs, urgent) != decision_key(rs, plain_a)
    assert criteria_classify(rs, plain_a) == criteria_classify(rs, plain_b)
    assert criteria_classify(rs, urgent).rule == "D-EM-1"
    assert "文号含“明电”" in criteria_classify(rs, urgent).reason
    assert criteria_classify(rs, plain_a).rule != "D-EM-1"


def test_remarks_with_a_text_has_word_are_not_served_from_the_cache_of_plain_ones():
    rs = _fresh()
    base = LineFacts(kind="受检", title="安全生产工作调研", originator_level="department")
    plain = criteria_classify(rs, replace(base, remarks="已完成整改"))
    found = engine._classify(_fresh(), replace(base, remarks="要求提供台账资料"))
    assert criteria_classify(rs, replace(base, remarks="要求提供台账资料")) == found
    assert criteria_classify(rs, replace(base, remarks="按时完成")) == plain
    assert (plain.rule, found.rule) == ("I-OUT-1", "I-IN-2")
    assert "备注含“台账”" in found.reason


def test_unhashable_facts_are_decided_without_the_cache():
    rs = _fresh()
    line = LineFacts(kind="收文", title="关于做好秋粮收购工作的通知", originator_level=["county"])  # type: ignore[arg-type]
    decision = criteria_classify(rs, line)
    assert decision == engine._classify(_fresh(), line)
    assert decision.level == rs.unknown_level


def test_forget_lines_empties_every_cache_and_changes_no_decision():
    """`forget_lines` (for measurements of lines never seen): the decisions, the compacted texts
    and every word list's hits, named or written out in a condition, are forgotten; the same
    lines are then decided as before."""
    ruleset = _fresh()
    lines = generate_lines(ruleset, 600)
    first = [criteria_classify(ruleset, line).as_dict() for line in lines]
    searched = [words for words in ruleset.word_lists if words._hits]
    assert ruleset.decision_cache and ruleset.memo and searched
    assert any(not words.name for words in ruleset.word_lists)  # lists written out inline
    ruleset.forget_lines()
    assert not ruleset.decision_cache and not ruleset.memo
    assert not any(words._hits for words in ruleset.word_lists)
    assert [criteria_classify(ruleset, line).as_dict() for line in lines] == first
