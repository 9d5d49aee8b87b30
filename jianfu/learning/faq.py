"""The criteria FAQ (常见问题) answered from the rule set itself.

Each entry is a question and one or more sample ledger lines. The answer is never written down:
`faq_answers(ruleset_data, entries)` classifies every sample with the pure rule engine, so the
answer names the deciding rule code and its reason and follows the county's own rule set. Pure:
no ORM (the default entries are YAML packaged with the app).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from jianfu.rules.data import RuleSetData
from jianfu.rules.engine import Decision, LineFacts, criteria_classify

FAQ_PATH = Path(__file__).with_name("faq.yaml")
KINDS = ("收文", "发文", "参会", "办会", "受检", "督查")
LEVELS = ("county", "department", "township", "higher", "unknown")
SAMPLE_FIELDS = (
    "kind",
    "title",
    "genre",
    "counterpart",
    "level",
    "meeting_form",
    "inspection_type",
    "materials",
)


@dataclass(frozen=True)
class FaqSample:
    kind: str
    title: str
    genre: str = ""
    counterpart: str = ""
    level: str = "unknown"
    meeting_form: str = ""
    inspection_type: str = ""
    materials: bool | None = None

    def facts(self) -> LineFacts:
        return LineFacts(
            kind=self.kind,
            title=self.title,
            genre=self.genre,
            originator_level=self.level,
            counterpart=self.counterpart,
            meeting_form=self.meeting_form,
            inspection_type=self.inspection_type,
            materials_requested=self.materials,
        )

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in SAMPLE_FIELDS}


@dataclass(frozen=True)
class FaqItem:
    key: str
    question: str
    samples: tuple[FaqSample, ...]
    note: str = ""
    entry_id: int | None = None  # a county's own entry (None for the packaged default)


@dataclass(frozen=True)
class FaqAnswer:
    sample: FaqSample
    decision: Decision


@dataclass
class FaqAnswered:
    item: FaqItem
    answers: list[FaqAnswer] = field(default_factory=list)

    @property
    def codes(self) -> list[str]:
        return [answer.decision.rule for answer in self.answers]


def sample_from_dict(data: dict[str, Any]) -> FaqSample:
    """A sample line from YAML or JSON; raises ValueError naming what is wrong."""
    kind = str(data.get("kind") or "").strip()
    title = str(data.get("title") or "").strip()
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    if not title:
        raise ValueError("a sample needs a title")
    level = str(data.get("level") or "unknown").strip()
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, got {level!r}")
    materials = data.get("materials")
    return FaqSample(
        kind=kind,
        title=title,
        genre=str(data.get("genre") or "").strip(),
        counterpart=str(data.get("counterpart") or "").strip(),
        level=level,
        meeting_form=str(data.get("meeting_form") or "").strip(),
        inspection_type=str(data.get("inspection_type") or "").strip(),
        materials=None if materials is None else bool(materials),
    )


def faq_items_from_yaml(text: str) -> list[FaqItem]:
    items = []
    for raw in yaml.safe_load(text) or []:
        items.append(
            FaqItem(
                key=str(raw["key"]),
                question=str(raw["question"]),
                samples=tuple(sample_from_dict(s) for s in raw["samples"]),
                note=str(raw.get("note") or ""),
            )
        )
    return items


@lru_cache(maxsize=1)
def default_faq() -> tuple[FaqItem, ...]:
    """The packaged FAQ (faq.yaml), read once per process."""
    return tuple(faq_items_from_yaml(FAQ_PATH.read_text(encoding="utf-8")))


def faq_answer(ruleset: RuleSetData, item: FaqItem) -> FaqAnswered:
    return FaqAnswered(
        item, [FaqAnswer(s, criteria_classify(ruleset, s.facts())) for s in item.samples]
    )


def faq_answers(ruleset: RuleSetData, items: list[FaqItem] | tuple[FaqItem, ...]) -> list:
    return [faq_answer(ruleset, item) for item in items]
