"""The parts of a ledger line the rule table reads (table.py), each remembered on its own.

A county's ledger lines recombine a few thousand titles, a few dozen counterparts and a handful of
meeting forms and inspection types: a line never seen before is usually made of parts that were.
Each part is normalised (`compact_text`) and its facts' bits computed once per rule set; a line's
facts are then the OR of its parts' bits. The memos live in `RuleSetData.memo`, bounded (cleared
when full) and emptied by `forget_lines`. Pure: no Django.
"""

from __future__ import annotations

import itertools
from typing import Any

from jianfu.core.text import compact_text

from .data import RuleSetData
from .genre import looks_higher_level, read_genre_compact
from .table import FIELDS, ORIGIN, Atom

LEVELS = ("higher", "county", "department", "township", "unknown")
_SIGNATURES = itertools.count(1)  # TitleFacts.sig: one process-wide sequence, never reused
CACHE_SIZE = 50_000


class TitleFacts:
    """The title and genre of a line (compacted), the genre read, the bits they set and the
    evidence phrases of the word lists found (`RuleTable.title_facts`).

    `sig` numbers what a decision can read of them (bits, genre, phrases): titles with equal
    `sig` are decided alike, whatever else their words. Numbers are never reused in a process.
    """

    __slots__ = ("bits", "genre", "genre_phrase", "genre_text", "hits", "sig", "title")

    def __init__(self, title: str, genre_text: str, genre: str, phrase: str, bits: int, hits: dict):
        self.title, self.genre_text, self.bits, self.hits = title, genre_text, bits, hits
        self.genre, self.genre_phrase, self.sig = genre, phrase, 0


class OriginFacts:
    """Who originated a line: the level the rules see and why, the names, the bits they set."""

    __slots__ = ("bits", "counterpart", "direction", "level", "level_phrase", "originator")

    def __init__(
        self, direction: str, level: str, phrase: str, counterpart: str, originator: str, bits: int
    ):
        self.direction, self.level, self.level_phrase = direction, level, phrase
        self.counterpart, self.originator, self.bits = counterpart, originator, bits


class FieldFacts:
    """A line's meeting form, inspection type and materials flag, and the bits they set."""

    __slots__ = ("bits", "inspection_type", "materials_requested", "meeting_form")

    def __init__(self, meeting_form: str, inspection_type: str, materials: bool | None, bits: int):
        self.meeting_form, self.inspection_type = meeting_form, inspection_type
        self.materials_requested, self.bits = materials, bits


def ruleset_memo(rs: RuleSetData, name: str) -> dict:
    """The rule set's memo `name` (in `RuleSetData.memo`), emptied when it holds CACHE_SIZE."""
    found = rs.memo.get(name)
    if found is None or len(found) >= CACHE_SIZE:
        found = rs.memo[name] = {}
    return found


def _remembered(rs: RuleSetData, name: str, key: tuple, build: Any, *args: object) -> Any:
    """`build(rs, *args)`, remembered in the memo `name` under `key`."""
    memo = ruleset_memo(rs, name)
    try:
        found = memo.get(key)
    except TypeError:  # an unhashable value passed by a caller: work it out, remember nothing
        return build(rs, *args)
    if found is None:
        found = memo[key] = build(rs, *args)
    return found


def compact(rs: RuleSetData, text: object) -> str:
    """`compact_text`, remembered per text (the same titles and names recur line after line)."""
    if text.__class__ is not str:
        return compact_text(text)  # type: ignore[arg-type]
    memo = ruleset_memo(rs, "compact")
    found = memo.get(text)
    if found is None:
        found = memo[text] = compact_text(text)
    return found


def _holds(atom: Atom, value: object) -> bool:
    """Whether an origin or field atom holds for the part value it reads, as the condition
    nodes of conditions.py test it (the title's atoms: `RuleTable.title_facts`)."""
    op = atom.op
    if op in ("counterpart", "originator"):
        return bool(atom.words.find(value))  # type: ignore[union-attr, arg-type]
    if op in ("level", "materials"):
        return value in atom.values
    if op == "direction":
        return value == atom.values
    return bool(value) and any(wanted in value for wanted in atom.values)  # type: ignore[operator]


def title_facts(rs: RuleSetData, kind: str, title: object, genre: object) -> TitleFacts:
    return _remembered(rs, "title", (kind, title, genre), _title, kind, title, genre)


def _title(rs: RuleSetData, kind: str, title: object, genre: object) -> TitleFacts:
    # the title compacted without a memo of its own: its facts are remembered (`title_facts`)
    title_c, genre_c = compact_text(title), compact(rs, genre)  # type: ignore[arg-type]
    reading = read_genre_compact(rs, title_c, genre_c)
    bits, hits = rs.table.title_facts(kind, title_c, genre_c, reading.genre)
    facts = TitleFacts(title_c, genre_c, reading.genre, reading.phrase, bits, hits)
    sigs = ruleset_memo(rs, "title_sig")
    read = (bits, reading.genre, reading.phrase, *hits.items())
    sig = sigs.get(read)
    if sig is None:
        sig = sigs[read] = next(_SIGNATURES)
    facts.sig = sig
    return facts


def origin_facts(
    rs: RuleSetData, kind: str, level: object, counterpart: object, unit_name: object
) -> OriginFacts:
    """Raises ValueError for a kind that is not one of 收文 发文 参会 办会 受检 督查."""
    key = (kind, level, counterpart, unit_name)
    return _remembered(rs, "origin", key, _origin, kind, level, counterpart, unit_name)


def _origin(
    rs: RuleSetData, kind: str, level: object, counterpart: object, unit_name: object
) -> OriginFacts:
    spec = rs.kinds.get(kind)
    if spec is None:
        raise ValueError(f"unknown ledger kind {kind!r}; expected one of {list(rs.kinds)}")
    received = spec.direction == "received"
    counterpart_c = compact(rs, counterpart)
    originator = counterpart_c if received else compact(rs, unit_name)
    resolved, phrase = resolve_level(rs, level, received, originator, spec.counterpart)
    values = {
        "level": resolved,
        "direction": spec.direction,
        "counterpart": counterpart_c,
        "originator": originator,
    }
    bits = 0
    for atom in rs.table.by_source[kind][ORIGIN]:
        if _holds(atom, values[atom.op]):
            bits |= atom.bit
    return OriginFacts(spec.direction, resolved, phrase, counterpart_c, originator, bits)


def resolve_level(
    rs: RuleSetData, level: object, received: bool, name: str, role: str
) -> tuple[str, str]:
    """The level the rules see, and the phrase that explains it (`name` is compacted)."""
    level = level if level in LEVELS else "unknown"
    if received:
        subject = f"{role}“{name}”" if name else role
    else:
        subject = f"本单位“{name}”" if name else "本单位"
    if level != "unknown":
        return level, f"{subject}属{rs.level_labels[level]}"  # type: ignore[index]
    if name and looks_higher_level(name, rs):
        return "higher", f"{subject}名称显示为{rs.level_labels['higher']}"
    fallback = rs.unknown_level
    label = rs.level_labels[fallback]
    if received and not name:
        return fallback, f"{role}未填写，按{label}处理"
    return fallback, f"{subject}未对应到本县单位，按{label}处理"


def field_facts(
    rs: RuleSetData, kind: str, meeting_form: object, inspection_type: object, materials: object
) -> FieldFacts:
    key = (kind, meeting_form, inspection_type, materials)
    return _remembered(rs, "fields", key, _fields, kind, meeting_form, inspection_type, materials)


def _fields(
    rs: RuleSetData, kind: str, meeting_form: object, inspection_type: object, materials: object
) -> FieldFacts:
    facts = FieldFacts(compact(rs, meeting_form), compact(rs, inspection_type), materials, 0)  # type: ignore[arg-type]
    bits = 0
    for atom in rs.table.by_source[kind][FIELDS]:
        value = facts.materials_requested if atom.op == "materials" else getattr(facts, atom.attr)
        if _holds(atom, value):
            bits |= atom.bit
    facts.bits = bits
    return facts


def text_facts(rs: RuleSetData, kind: str, text: object) -> tuple[str, int]:
    """A 文号 or a remark, compacted, and the bits of the `text_has` facts found in it."""
    if not text:
        return "", 0
    return _remembered(rs, "text", (kind, text), _text, kind, text)


def _text(rs: RuleSetData, kind: str, text: object) -> tuple[str, int]:
    text_c = compact_text(text)  # type: ignore[arg-type]
    return text_c, rs.table.text_bits(kind, text_c)
