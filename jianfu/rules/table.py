"""A rule set's conditions compiled into a table of facts: how the engine decides a line.

Every leaf of a condition (`level: [county]`, `title_has: personnel_words`, `genre_in: [通知]` …)
is an `Atom`: one fact of a line, true or false, with one bit. The facts come from four parts of
the line, each remembered on its own (facts.py): the title with its genre, the originator (kind,
level, counterpart), the fields (meeting form, inspection type, materials) and the texts (文号,
remarks). A line's facts are the OR of its parts' bits — a few dictionary lookups for a line whose
title, counterpart and fields were seen before, even when the combination is new.

Each rule's condition becomes a disjunction of terms (bits that must be set, bits that must be
clear, the atoms whose evidence it names, in the condition's order), so that deciding a line is
finding the first term of the first rule its bits satisfy — remembered per (kind, bits), of which
a rule set has few. The first satisfied term names the same evidence as evaluating the condition
from left to right (`conditions.py`, which still decides the negative lists, and every line of a
kind that has a rule whose condition would need more than `MAX_TERMS` terms). Pure: no Django.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .conditions import ConditionCompiler, WordList

MAX_TERMS = 256  # a rule's condition with more terms is evaluated as written (conditions.py)

# The part of a line each kind of atom reads; `text` atoms read the title part (标题, 文种) and the
# text part (文号, 备注): their bit is set by either.
TITLE, ORIGIN, FIELDS = "title", "origin", "fields"
_SOURCE = {
    "level": ORIGIN,
    "direction": ORIGIN,
    "counterpart": ORIGIN,
    "originator": ORIGIN,
    "genre": TITLE,
    "title": TITLE,
    "text": TITLE,
    "field": FIELDS,
    "materials": FIELDS,
}
_FIELD_KEYS = {
    "inspection_type_in": ("inspection_type", "检查类型"),
    "meeting_form_in": ("meeting_form", "会议形式"),
}
_NAMED_KEYS = {"counterpart_has": "counterpart", "originator_has": "originator"}
_NAMED_LABELS = {"counterpart": "对方单位", "originator": "发起单位"}
_MATERIALS_EVIDENCE = {True: "要求提供材料", False: "未要求提供材料"}

# A term: the bits that must be set, the bits that must be clear, the atoms it names as evidence.
Term = tuple[int, int, tuple["Atom", ...]]


class TooComplex(Exception):
    """A condition whose terms would pass MAX_TERMS."""


@dataclass(frozen=True, eq=False)
class Atom:
    """One fact a condition tests; `bit` is 0 for a `mention`, which always holds."""

    bit: int
    op: str  # level direction counterpart originator genre title text field materials mention
    values: Any = None  # a frozenset of values, a tuple (materials), or a direction
    words: WordList | None = None
    attr: str = ""  # the field a `field` atom reads
    label: str = ""

    def evidence(self, title, origin, fields, texts) -> list[str]:  # type: ignore[no-untyped-def]
        """The phrases naming what made the atom hold for a line with these parts (the title,
        origin and field facts of facts.py, and the compacted 文号 and remarks)."""
        op = self.op
        if op == "level":
            return [origin.level_phrase]
        if op == "genre":
            return [title.genre_phrase]
        if op in ("title", "mention", "text"):
            phrase = title.hits.get(self)  # found when the title part's facts were worked out
            if phrase is not None:
                return [phrase]
            if op == "text":
                for label, text in (("文号", texts[0]), ("备注", texts[1])):
                    hit = self.words.hit(text)  # type: ignore[union-attr]
                    if hit:
                        return [f"{label}含“{hit}”"]
            return []
        if op in _NAMED_LABELS:
            hit = self.words.hit(getattr(origin, op))  # type: ignore[union-attr]
            return [f"{self.label}含“{hit}”"]
        if op == "field":
            return [f"{self.label}为“{getattr(fields, self.attr)}”"]
        if op == "materials":
            phrase = _MATERIALS_EVIDENCE.get(fields.materials_requested)
            return [phrase] if phrase else []
        return []  # direction


def _and(parts: list[list[Term]]) -> list[Term]:
    terms: list[Term] = [(0, 0, ())]
    for part in parts:
        terms = [
            (must | more, clear | less, named + also)
            for must, clear, named in terms
            for more, less, also in part
            if not (must | more) & (clear | less)  # a contradiction never holds
        ]
        if len(terms) > MAX_TERMS:
            raise TooComplex
    return terms


def _or(parts: list[list[Term]]) -> list[Term]:
    terms = [term for part in parts for term in part]
    if len(terms) > MAX_TERMS:
        raise TooComplex
    return terms


@dataclass
class RuleTable:
    """The atoms of a rule set's rules, by the part of a line they read and by kind, and each
    kind's rules as terms (None for a kind with a rule evaluated as written)."""

    atoms: list[Atom] = field(default_factory=list)
    chains: dict[str, tuple | None] = field(default_factory=dict)
    # kind → source → the atoms the kind's rules read from that part of a line
    by_source: dict[str, dict[str, tuple[Atom, ...]]] = field(default_factory=dict)
    # kind → (atom, its list's search, also in the genre field) for the word-list atoms of the
    # title part (mentions too), and (genres, bit) for each `genre_in` atom: what `title_facts`
    # tries
    _searches: dict[str, tuple] = field(default_factory=dict)
    _genres: dict[str, tuple] = field(default_factory=dict)

    def title_facts(
        self, kind: str, title: str, genre_text: str, genre: str
    ) -> tuple[int, dict[Atom, str]]:
        """The bits of the kind's title-part atoms that hold for a compacted title, genre field
        and genre read, and the evidence phrase of each word-list atom found (标题含“…” or
        文种含“…”, the first field that has one, as `Atom.evidence` names it).

        A list's pattern is searched directly (`WordList.hit`): the facts are remembered, not
        the searches."""
        bits = 0
        hits: dict[Atom, str] = {}
        for atom, search, in_genre in self._searches[kind]:
            found = search(title) if title else None
            if found is not None:
                hits[atom] = f"标题含“{atom.words.named(found)}”"  # type: ignore[union-attr]
                bits |= atom.bit
            elif in_genre and genre_text:
                found = search(genre_text)
                if found is not None:
                    hits[atom] = f"文种含“{atom.words.named(found)}”"  # type: ignore[union-attr]
                    bits |= atom.bit
        if genre:
            for genres, bit in self._genres[kind]:
                if genre in genres:
                    bits |= bit
        return bits, hits

    def text_bits(self, kind: str, text: str) -> int:
        """The bits of the kind's `text_has` atoms whose lists match a compacted 文号 or remark."""
        bits = 0
        if text:
            for atom, search, in_genre in self._searches[kind]:
                if in_genre and search(text):
                    bits |= atom.bit
        return bits

    def first(self, kind: str, bits: int, memo: dict) -> tuple[Any, tuple[Atom, ...]] | None:
        """The first rule of the kind whose condition holds for a line with these bits, with
        the atoms its evidence names; None when none holds. Remembered per (kind, bits)."""
        key = (kind, bits)
        found = memo.get(key, memo)
        if found is not memo:
            return found
        found = None
        for rule, terms in self.chains[kind]:  # type: ignore[union-attr]
            for must, clear, named in terms:
                if bits & must == must and not bits & clear:
                    found = (rule, named)
                    break
            if found is not None:
                break
        memo[key] = found
        return found


class TermCompiler:
    """Turns `when` mappings into terms over shared atoms (one atom per distinct fact)."""

    def __init__(self, conditions: ConditionCompiler, table: RuleTable):
        self.conditions = conditions  # resolves list names and builds written-out lists
        self.table = table
        self._atoms: dict[tuple, Atom] = {}

    def atom(self, op: str, **spec: Any) -> Atom:
        words = spec.get("words")
        key = (op, id(words), spec.get("values"), spec.get("attr", ""))
        found = self._atoms.get(key)
        if found is None:
            bit = 0 if op == "mention" else 1 << len(self.table.atoms)
            found = self._atoms[key] = Atom(bit, op, **spec)
            if bit:
                self.table.atoms.append(found)
        return found

    def terms(self, cond: Mapping[str, Any], holds: bool = True, quiet: bool = False) -> list:
        """The terms of `cond` (of its negation when not `holds`); `quiet` under a negation,
        whose evidence is none (conditions.py `_negate`)."""
        parts = [self._leaf(key, value, holds, quiet) for key, value in cond.items()]
        return _and(parts) if holds else _or(parts)

    def _leaf(self, key: str, value: Any, holds: bool, quiet: bool) -> list[Term]:
        if key in ("all", "any"):
            parts = [self.terms(c, holds, quiet) for c in value]
            return _and(parts) if (key == "all") == holds else _or(parts)
        if key == "not":
            return self.terms(value, not holds, True)
        if key == "mention":  # always holds; names the word when the title has one
            atom = self.atom("mention", words=self._words(value, regex=False))
            return [(0, 0, () if quiet else (atom,))] if holds else []
        if key.endswith("_none"):
            return self._leaf(key[: -len("_none")], value, not holds, True)
        atom = self._fact(key, value)
        if not holds:
            return [(0, atom.bit, ())]
        return [(atom.bit, 0, () if quiet else (atom,))]

    def _fact(self, key: str, value: Any) -> Atom:
        if key == "level":
            return self.atom("level", values=frozenset(value))
        if key == "direction":
            return self.atom("direction", values=value)
        if key == "genre_in":
            return self.atom("genre", values=frozenset(value))
        if key in _FIELD_KEYS:
            attr, label = _FIELD_KEYS[key]
            return self.atom("field", values=frozenset(value), attr=attr, label=label)
        if key == "materials_requested_in":
            return self.atom("materials", values=tuple(value))
        if key in ("title_matches", "text_matches"):
            words = self._words(value, regex=True)
            return self.atom("title" if key == "title_matches" else "text", words=words)
        words = self._words(value, regex=False)
        if key in _NAMED_KEYS:
            op = _NAMED_KEYS[key]
            return self.atom(op, words=words, label=_NAMED_LABELS[op])
        return self.atom("title" if key == "title_has" else "text", words=words)

    def _words(self, value: Any, regex: bool) -> WordList:
        return self.conditions.words(value, regex)

    def add_rules(self, kinds: Sequence[str], rules_for: Mapping[str, Sequence[Any]]) -> None:
        """Compile each kind's rules, in the order they are tried, into its chain."""
        compiled: dict[int, list[Term] | None] = {}
        table = self.table
        for kind in kinds:
            chain = []
            read = 0  # the bits of the atoms the kind's rules read
            for rule in rules_for[kind]:
                if id(rule) not in compiled:
                    try:
                        compiled[id(rule)] = self.terms(rule.when)
                    except TooComplex:
                        compiled[id(rule)] = None
                terms = compiled[id(rule)]
                chain.append((rule, terms))
                for must, clear, _named in terms or ():
                    read |= must | clear
            complete = all(terms is not None for _rule, terms in chain)
            table.chains[kind] = tuple(chain) if complete else None
            sources = {
                source: tuple(a for a in table.atoms if a.bit & read and _SOURCE[a.op] == source)
                for source in (TITLE, ORIGIN, FIELDS)
            }
            table.by_source[kind] = sources
            mentions = dict.fromkeys(
                atom
                for _rule, terms in chain
                for _must, _clear, named in terms or ()
                for atom in named
                if atom.op == "mention"
            )
            table._searches[kind] = tuple(
                (a, a.words.compiled.search, a.op == "text")  # type: ignore[union-attr]
                for a in (*sources[TITLE], *mentions)
                if a.op in ("title", "text", "mention") and a.words.compiled is not None  # type: ignore[union-attr]
            )
            table._genres[kind] = tuple(
                (a.values, a.bit) for a in sources[TITLE] if a.op == "genre"
            )
