"""A rule set as plain, immutable data: what the engine reads, built from the parsed YAML.

`ruleset_data_from_dict(raw)` validates the document (see `schema.py`) and compiles its
conditions once, so that classifying a line costs a few substring checks. `default_ruleset_data()`
is the packaged default (`default_rules.yaml`). Pure: no Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from jianfu.core.text import compact_text

from .conditions import ConditionCompiler, Node, WordList
from .schema import KINDS, RuleSetInvalid, ruleset_validate
from .table import RuleTable, TermCompiler

DEFAULT_RULES_PATH = Path(__file__).with_name("default_rules.yaml")
TEXT_KEY_MEMO = 50_000


@dataclass(frozen=True)
class Rule:
    """One counting rule (O-*, D-*, M-*, I-*): when it applies and what it decides."""

    code: str
    section: str  # originator | documents | meetings | inspections
    stage: str  # originator | out | brief | emergency | combined | in
    text: str
    counted: bool
    quota_charged: bool
    category: str  # a category, or "{level}" for the originator level's category
    kinds: tuple[str, ...]
    reason: str
    when: dict = field(compare=False, repr=False)
    condition: Node = field(compare=False, repr=False)


@dataclass(frozen=True)
class Limit:
    """A spec limit (L-*) with its figures, e.g. {"max_chars": 5000}."""

    code: str
    section: str
    text: str
    params: dict
    source: str = ""


@dataclass(frozen=True)
class NegativeItem:
    """One item of the three negative lists (N-*); `condition` is set where a title check exists."""

    code: str
    list: str  # documents | meetings | inspections
    text: str
    check: str  # auto | reviewer
    how: str = ""
    params: dict = field(default_factory=dict)
    condition: Node | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class KindSpec:
    section: str
    direction: str  # received | produced
    counterpart: str  # the counterpart column's name on this kind of line


@dataclass(frozen=True)
class RuleSetData:
    name: str
    version: int
    effective_from: date
    description: str
    kinds: dict[str, KindSpec]
    level_labels: dict[str, str]
    level_categories: dict[str, str]
    unknown_level: str
    higher_name_patterns: tuple[re.Pattern[str], ...]
    order: tuple[str, ...]
    stage_labels: dict[str, str]
    section_labels: dict[str, str]
    genre_words: tuple[str, ...]  # longest first
    genre_aliases: dict[str, str]
    genre_trailing: tuple[re.Pattern[str], ...]
    brief_genre: str
    brief_words: WordList
    brief_issue: WordList
    lists: dict[str, WordList]
    rules: tuple[Rule, ...]
    fallback: dict[str, str]
    limits: tuple[Limit, ...]
    negative_lists: dict[str, str]
    negatives: tuple[NegativeItem, ...]
    raw: dict = field(compare=False, repr=False)
    # The word lists the rules search in every text field (text_has / text_matches): a 文号 or a
    # remark matters to a decision only through what these lists find in it (see `text_key`).
    text_lists: tuple[WordList, ...] = field(compare=False, repr=False, default=())
    # Every word list the conditions search, named or written out (see `forget_lines`).
    word_lists: tuple[WordList, ...] = field(compare=False, repr=False, default=())
    _by_kind: dict[str, tuple[Rule, ...]] = field(compare=False, repr=False, default_factory=dict)
    _genre_index: tuple = field(compare=False, repr=False, default=())
    genre_trailing_any: re.Pattern[str] | None = field(compare=False, repr=False, default=None)
    # The rules' conditions as a table of facts, by kind (table.py): how the engine decides.
    table: RuleTable = field(compare=False, repr=False, default_factory=RuleTable)
    # Decisions already made for identical facts (a document received by every township is one
    # title many times); bounded, cleared when full. The engine is pure, so this is only a cache.
    decision_cache: dict = field(compare=False, repr=False, default_factory=dict)
    # Pure per-text and per-decision results the engine reuses (see engine.py); bounded.
    memo: dict = field(compare=False, repr=False, default_factory=dict)

    @property
    def genre_set(self) -> frozenset[str]:
        return self._genre_index[0]

    @property
    def genre_lengths(self) -> tuple[int, ...]:
        """The lengths of the genre words, longest first (the longest suffix wins)."""
        return self._genre_index[1]

    def __post_init__(self) -> None:
        lengths = tuple(sorted({len(w) for w in self.genre_words}, reverse=True))
        object.__setattr__(self, "_genre_index", (frozenset(self.genre_words), lengths))
        trailing = "|".join(f"(?:{p.pattern})" for p in self.genre_trailing)
        object.__setattr__(self, "genre_trailing_any", re.compile(trailing) if trailing else None)
        stage_index = {stage: i for i, stage in enumerate(self.order)}
        for kind in KINDS:
            applicable = [r for r in self.rules if kind in r.kinds]
            applicable.sort(key=lambda r: stage_index[r.stage])  # stable: file order per stage
            self._by_kind[kind] = tuple(applicable)

    def text_key(self, text: str) -> tuple:
        """What the rules can see of a 文号 or a remark: the hit of each `text_lists` list.

        Two lines that differ only in such a field, with equal keys, get the same decision.
        """
        keys = self.memo.setdefault("text_key", {})
        found = keys.get(text)
        if found is None:
            compact = compact_text(text)
            found = tuple(words.find(compact) for words in self.text_lists)
            if len(keys) >= TEXT_KEY_MEMO:
                keys.clear()
            keys[text] = found
        return found

    def forget_lines(self) -> None:
        """Empty what the engine remembers of the lines it decided (decisions, compacted texts,
        word-list hits); the compiled rules stay. For measurements of lines never seen before."""
        self.decision_cache.clear()
        self.memo.clear()
        for words in self.word_lists:
            words.forget()

    def rules_for(self, kind: str) -> tuple[Rule, ...]:
        """The rules that apply to a ledger kind, in the order they are tried."""
        return self._by_kind[kind]

    def rule(self, code: str) -> Rule:
        for rule in self.rules:
            if rule.code == code:
                return rule
        raise KeyError(code)

    def limit(self, code: str) -> Limit:
        for limit in self.limits:
            if limit.code == code:
                return limit
        raise KeyError(code)

    def codes(self) -> list[str]:
        """Every code of the rule set: rules, limits and negative-list items."""
        return (
            [r.code for r in self.rules]
            + [limit.code for limit in self.limits]
            + [n.code for n in self.negatives]
        )

    def words(self, name: str) -> tuple[str, ...]:
        """A named word list (keywords or patterns), e.g. `trace_materials`."""
        return self.lists[name].items


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def ruleset_data_from_dict(raw: Any) -> RuleSetData:
    """Validate and compile a parsed rule set document. Raises `RuleSetInvalid`."""
    errors = ruleset_validate(raw)
    if errors:
        raise RuleSetInvalid(errors)
    compiler = ConditionCompiler(raw.get("keywords", {}), raw.get("patterns", {}))
    rules = tuple(
        Rule(
            code=r["code"],
            section=r["section"],
            stage=r["stage"],
            text=r["text"],
            counted=r["counted"],
            quota_charged=r["quota_charged"],
            category=r["category"],
            kinds=tuple(r["kinds"]),
            reason=r["reason"],
            when=r["when"],
            condition=compiler.compile(r["when"]),
        )
        for r in raw["rules"]
    )
    # the rules' text lists only: the negative items below are compiled after this point
    text_lists = tuple({id(w): w for w in compiler.text_lists}.values())
    limits = tuple(
        Limit(
            code=x["code"],
            section=x["section"],
            text=x["text"],
            params=dict(x.get("params") or {}),
            source=x.get("source", ""),
        )
        for x in raw.get("limits") or []
    )
    negatives = tuple(
        NegativeItem(
            code=x["code"],
            list=x["list"],
            text=x["text"],
            check=x["check"],
            how=x.get("how", ""),
            params=dict(x.get("params") or {}),
            condition=compiler.compile(x["when"]) if "when" in x else None,
        )
        for x in raw.get("negatives") or []
    )
    genres = raw["genres"]
    brief = raw["brief"]
    data = RuleSetData(
        name=raw["name"],
        version=int(raw.get("version") or 1),
        effective_from=_as_date(raw["effective_from"]),
        description=raw.get("description", ""),
        kinds={
            k: KindSpec(v["section"], v["direction"], v["counterpart"])
            for k, v in raw["kinds"].items()
        },
        level_labels={k: v["label"] for k, v in raw["levels"].items()},
        level_categories={k: v["category"] for k, v in raw["levels"].items()},
        unknown_level=raw["unknown_level"],
        higher_name_patterns=tuple(re.compile(p) for p in raw["higher_name_patterns"]),
        order=tuple(raw["order"]),
        stage_labels=dict(raw.get("stages") or {}),
        section_labels=dict(raw.get("sections") or {}),
        genre_words=tuple(sorted(set(genres["words"]), key=len, reverse=True)),
        genre_aliases=dict(genres.get("aliases") or {}),
        genre_trailing=tuple(re.compile(p) for p in genres.get("trailing_patterns") or []),
        brief_genre=brief["genre"],
        brief_words=compiler.lists[brief["words"]],
        brief_issue=compiler.lists[brief["issue"]],
        lists=compiler.lists,
        rules=rules,
        fallback=dict(raw["fallback"]),
        limits=limits,
        negative_lists=dict(raw.get("negative_lists") or {}),
        negatives=negatives,
        raw=raw,
        text_lists=text_lists,
        word_lists=(*compiler.lists.values(), *compiler.inline),
    )
    TermCompiler(compiler, data.table).add_rules(KINDS, data._by_kind)
    return data


def ruleset_parse_yaml(text: str) -> Any:
    """Parse YAML text; a syntax error becomes `RuleSetInvalid` naming the line."""
    from .schema import SchemaError

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第{mark.line + 1}行第{mark.column + 1}列" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise RuleSetInvalid([SchemaError(where, f"YAML 格式错误：{problem}")]) from exc


def default_rules_text() -> str:
    return DEFAULT_RULES_PATH.read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def default_ruleset_data() -> RuleSetData:
    """The packaged default rule set (默认规则集), compiled once per process."""
    return ruleset_data_from_dict(ruleset_parse_yaml(default_rules_text()))
