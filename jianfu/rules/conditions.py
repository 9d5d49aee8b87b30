"""The condition vocabulary of a rule set, compiled once and evaluated per ledger line.

A condition evaluates to None (does not hold) or to a list of evidence phrases in Chinese
(`标题含“表彰”`), which the engine puts into the decision's reason. Pure: no Django.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

Evidence = list[str] | None
MEMO_SIZE = 10_000  # texts remembered per word list
_UNSEEN = object()  # a text a word list has not searched yet


@dataclass(frozen=True)
class WordList:
    """Literal words or regular expressions; `find` names the leftmost hit in a text.

    Both kinds are compiled into one alternation, so that a lookup is a single scan of the text
    (longer literal words first, so that 明察暗访 is named rather than 暗访).
    """

    name: str
    items: tuple[str, ...]
    regex: bool = False
    compiled: re.Pattern[str] | None = field(default=None, compare=False, repr=False)
    # The hit found in each text already searched (titles recur across a ledger); bounded.
    _hits: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def build(cls, name: str, items: Sequence[str], regex: bool) -> WordList:
        if regex:
            source = "|".join(f"(?:{p})" for p in items)
        else:
            source = "|".join(re.escape(w) for w in sorted(set(items), key=len, reverse=True))
        return cls(name, tuple(items), regex, re.compile(source) if items else None)

    def forget(self) -> None:
        """Forget the texts searched so far (`RuleSetData.forget_lines`)."""
        self._hits.clear()

    def named(self, found: re.Match[str]) -> str:
        """What a match is called: the text matched, else (a pattern matching nothing) the
        list's name or the pattern."""
        return found.group(0) or self.name or found.re.pattern

    def hit(self, text: str) -> str | None:
        """`find`, remembering nothing: for texts searched once (facts.py remembers the facts)."""
        if not text or self.compiled is None:
            return None
        found = self.compiled.search(text)
        return None if found is None else self.named(found)

    def find(self, text: str) -> str | None:
        if not text or self.compiled is None:
            return None
        hits = self._hits
        remembered = text.__class__ is str
        if remembered:  # a miss is the rule for new titles: no KeyError raised and caught
            hit = hits.get(text, _UNSEEN)
            if hit is not _UNSEEN:
                return hit
        found = self.compiled.search(text)
        hit = None if found is None else self.named(found)
        if remembered:
            if len(hits) >= MEMO_SIZE:
                hits.clear()
            hits[text] = hit
        return hit


@dataclass
class LineContext:
    """What conditions look at: the line's normalised facts, prepared once by the engine."""

    kind: str
    direction: str
    level: str
    level_phrase: str
    title: str
    genre: str
    genre_phrase: str
    fields: tuple[
        tuple[str, str], ...
    ]  # (label, text) searched by text_has: 标题, 文种, 文号, 备注
    counterpart: str
    originator: str
    inspection_type: str
    meeting_form: str
    materials_requested: bool | None


Node = Callable[[LineContext], Evidence]


def _quote(word: str) -> str:
    return f"“{word}”"


def _title_has(words: WordList) -> Node:
    def node(ctx: LineContext) -> Evidence:
        hit = words.find(ctx.title)
        return [f"标题含{_quote(hit)}"] if hit else None

    return node


def _text_has(words: WordList) -> Node:
    def node(ctx: LineContext) -> Evidence:
        for label, text in ctx.fields:
            hit = words.find(text)
            if hit:
                return [f"{label}含{_quote(hit)}"]
        return None

    return node


def _named_has(words: WordList, attr: str, label: str) -> Node:
    def node(ctx: LineContext) -> Evidence:
        hit = words.find(getattr(ctx, attr))
        return [f"{label}含{_quote(hit)}"] if hit else None

    return node


def _negate(inner: Node) -> Node:
    def node(ctx: LineContext) -> Evidence:
        return [] if inner(ctx) is None else None

    return node


def _mention(words: WordList) -> Node:
    def node(ctx: LineContext) -> Evidence:
        hit = words.find(ctx.title)
        return [f"标题含{_quote(hit)}"] if hit else []

    return node


def _level(values: frozenset[str]) -> Node:
    def node(ctx: LineContext) -> Evidence:
        return [ctx.level_phrase] if ctx.level in values else None

    return node


def _direction(value: str) -> Node:
    def node(ctx: LineContext) -> Evidence:
        return [] if ctx.direction == value else None

    return node


def _genre_in(values: frozenset[str]) -> Node:
    def node(ctx: LineContext) -> Evidence:
        return [ctx.genre_phrase] if ctx.genre and ctx.genre in values else None

    return node


def _field_in(attr: str, label: str, values: frozenset[str]) -> Node:
    def node(ctx: LineContext) -> Evidence:
        value = getattr(ctx, attr)
        for wanted in values:
            if value and wanted in value:
                return [f"{label}为{_quote(value)}"]
        return None

    return node


def _materials(values: tuple[bool | None, ...]) -> Node:
    def node(ctx: LineContext) -> Evidence:
        if ctx.materials_requested not in values:
            return None
        if ctx.materials_requested is True:
            return ["要求提供材料"]
        if ctx.materials_requested is False:
            return ["未要求提供材料"]
        return []

    return node


def _all(children: list[Node]) -> Node:
    def node(ctx: LineContext) -> Evidence:
        evidence: list[str] = []
        for child in children:
            found = child(ctx)
            if found is None:
                return None
            evidence.extend(found)
        return evidence

    return node


def _any(children: list[Node]) -> Node:
    def node(ctx: LineContext) -> Evidence:
        for child in children:
            found = child(ctx)
            if found is not None:
                return found
        return None

    return node


_FIELD_KEYS = {
    "inspection_type_in": ("inspection_type", "检查类型"),
    "meeting_form_in": ("meeting_form", "会议形式"),
}
_NAMED_KEYS = {
    "counterpart_has": ("counterpart", "对方单位"),
    "counterpart_has_none": ("counterpart", "对方单位"),
    "originator_has": ("originator", "发起单位"),
}


class ConditionCompiler:
    """Turns a `when` mapping into a node, resolving list names against the rule set's lists."""

    def __init__(
        self, keywords: Mapping[str, Sequence[str]], patterns: Mapping[str, Sequence[str]]
    ):
        self.lists: dict[str, WordList] = {}
        for name, words in keywords.items():
            self.lists[name] = WordList.build(name, words, regex=False)
        for name, items in patterns.items():
            self.lists[name] = WordList.build(name, items, regex=True)
        # The word lists searched in every text field (text_has, text_matches), in compile order:
        # the only way a condition reads the 文号 and the remarks.
        self.text_lists: list[WordList] = []
        self.inline: list[WordList] = []  # the lists written out in a condition, unnamed

    def words(self, value: Any, regex: bool) -> WordList:
        if isinstance(value, str):
            return self.lists[value]
        items = tuple(str(v) for v in value)
        for built in self.inline:  # the same list written out twice is one list
            if built.items == items and built.regex == regex:
                return built
        built = WordList.build("", items, regex=regex)
        self.inline.append(built)
        return built

    def compile(self, cond: Mapping[str, Any]) -> Node:
        children = [self._leaf(key, value) for key, value in cond.items()]
        return children[0] if len(children) == 1 else _all(children)

    def _leaf(self, key: str, value: Any) -> Node:
        if key == "all":
            return _all([self.compile(c) for c in value])
        if key == "any":
            return _any([self.compile(c) for c in value])
        if key == "not":
            return _negate(self.compile(value))
        if key == "level":
            return _level(frozenset(value))
        if key == "direction":
            return _direction(value)
        if key == "genre_in":
            return _genre_in(frozenset(value))
        if key in _FIELD_KEYS:
            attr, label = _FIELD_KEYS[key]
            return _field_in(attr, label, frozenset(value))
        if key == "materials_requested_in":
            return _materials(tuple(value))
        if key == "mention":
            return _mention(self.words(value, regex=False))
        if key in ("title_matches", "text_matches"):
            words = self.words(value, regex=True)
            return _title_has(words) if key == "title_matches" else self._text_has(words)
        words = self.words(value, regex=False)
        if key in _NAMED_KEYS:
            attr, label = _NAMED_KEYS[key]
            node = _named_has(words, attr, label)
            return _negate(node) if key.endswith("_none") else node
        node = _title_has(words) if key.startswith("title") else self._text_has(words)
        return _negate(node) if key.endswith("_none") else node

    def _text_has(self, words: WordList) -> Node:
        self.text_lists.append(words)
        return _text_has(words)
