"""The FAQ is answered by the rule engine: each default question's samples get the expected
rule code from the default rule set, and a county's own rule set changes the answer."""

from __future__ import annotations

import pytest

from jianfu.learning.faq import default_faq, faq_answer, sample_from_dict
from jianfu.rules.data import default_ruleset_data

EXPECTED = {
    "training-meeting": ["M-IN-3", "M-OUT-2"],
    "study-meeting": ["M-IN-4", "M-OUT-1"],
    "brief": ["D-BR-1"],
    "inspection-notice": ["D-OUT-5"],
    "activity-notice": ["D-IN-4"],
    "forward-higher": ["D-IN-2", "O-UP-1"],
    "minutes": ["D-OUT-4"],
    "white-head": ["D-IN-3", "D-IN-3"],
    "video-meeting": ["M-IN-1", "M-IN-1"],
    "research-materials": ["I-IN-2", "I-OUT-1"],
    "unannounced": ["I-IN-3"],
    "emergency-meeting": ["M-EM-1"],
    "combined-meeting": ["M-CB-1"],
    "commendation": ["D-OUT-2", "D-OUT-1"],
    "higher-meeting": ["O-UP-1"],
    "township-document": ["O-TWP-1"],
    "audit-inspection": ["I-OUT-2", "I-OUT-2"],
}


def test_every_default_question_has_an_expectation():
    assert {item.key for item in default_faq()} == set(EXPECTED)


@pytest.mark.parametrize("item", default_faq(), ids=lambda item: item.key)
def test_default_answer_is_the_expected_code(item):
    answered = faq_answer(default_ruleset_data(), item)
    assert answered.codes == EXPECTED[item.key]
    for answer in answered.answers:
        # the reason a person reads names the deciding code
        assert answer.decision.rule in answer.decision.reason


def test_emergency_meeting_counts_without_quota():
    item = next(i for i in default_faq() if i.key == "emergency-meeting")
    decision = faq_answer(default_ruleset_data(), item).answers[0].decision
    assert decision.counted and not decision.quota_charged


@pytest.mark.parametrize(
    "data, message",
    [
        ({"kind": "来文", "title": "x"}, "kind"),
        ({"kind": "发文", "title": " "}, "title"),
        ({"kind": "发文", "title": "x", "level": "province"}, "level"),
    ],
)
def test_bad_samples_are_refused(data, message):
    with pytest.raises(ValueError, match=message):
        sample_from_dict(data)
