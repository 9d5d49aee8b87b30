"""Shared helpers of the rule tests: classify one line with the packaged default rule set."""

from __future__ import annotations

from jianfu.rules.data import default_ruleset_data
from jianfu.rules.engine import Decision, LineFacts, criteria_classify

# Every code of domain/rules-default.md, hard-coded: the shared docs may be absent in CI.
EXPECTED_RULE_CODES = (
    ["O-UP-1", "O-TWP-1"]
    + [f"D-IN-{i}" for i in range(1, 5)]
    + ["D-BR-1"]
    + [f"D-OUT-{i}" for i in range(1, 7)]
    + ["D-EM-1"]
    + [f"M-IN-{i}" for i in range(1, 5)]
    + [f"M-OUT-{i}" for i in range(1, 5)]
    + ["M-EM-1", "M-CB-1"]
    + [f"I-IN-{i}" for i in range(1, 4)]
    + [f"I-OUT-{i}" for i in range(1, 4)]
    + ["I-EM-1"]
)
EXPECTED_LIMIT_CODES = (
    [f"L-D-{i}" for i in range(1, 4)]
    + [f"L-M-{i}" for i in range(1, 5)]
    + [f"L-I-{i}" for i in range(1, 4)]
)
EXPECTED_NEGATIVE_CODES = (
    [f"N-D-{i:02d}" for i in range(1, 11)]
    + [f"N-M-{i:02d}" for i in range(1, 9)]
    + [f"N-I-{i:02d}" for i in range(1, 11)]
)
ALL_EXPECTED_CODES = EXPECTED_RULE_CODES + EXPECTED_LIMIT_CODES + EXPECTED_NEGATIVE_CODES


def decide(kind: str, title: str, level: str = "county", **facts) -> Decision:
    return criteria_classify(
        default_ruleset_data(), LineFacts(kind=kind, title=title, originator_level=level, **facts)
    )
