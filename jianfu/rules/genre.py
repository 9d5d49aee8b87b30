"""Reading a title: its genre (文种), whether it is a brief, and whether a name is higher-level.

Exposed for other apps (ledger import, filings, reconciliation). Every function takes an optional
rule set and uses the packaged default when none is given. Pure: no Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jianfu.core.text import compact_text, normalize_doc_no

from .data import RuleSetData, default_ruleset_data

__all__ = [
    "GenreReading",
    "detect_genre",
    "is_brief",
    "ledger_direction",
    "looks_higher_level",
    "normalize_doc_no",
    "read_genre",
    "read_genre_compact",
]

# Only these brackets become ( ) for stripping trailing notes; 《》 stay, they quote a title.
_TRAILING_BRACKETS = str.maketrans(
    {"〔": "[", "〕": "]", "【": "[", "】": "]", "［": "[", "］": "]"}
)
_ANY_TRAILING_BRACKET = re.compile("[〔〕【】［］]")  # translating costs more than looking
_EDGE_PUNCT = "。.;；,，、:：!！?？ \"'“”‘’《》<>「」『』"


@dataclass(frozen=True)
class GenreReading:
    genre: str  # "" when none could be read
    source: str  # field | title | brief | none
    phrase: str  # the evidence in Chinese, e.g. 标题以“通知”结尾

    def __bool__(self) -> bool:
        return bool(self.genre)


def _ruleset(ruleset: RuleSetData | None) -> RuleSetData:
    return ruleset if ruleset is not None else default_ruleset_data()


def _title_core(rs: RuleSetData, text: str) -> str:
    """The compacted title without trailing notes (（试行）（第3期）（文号）) and punctuation."""
    core = text.translate(_TRAILING_BRACKETS) if _ANY_TRAILING_BRACKET.search(text) else text
    trailing = rs.genre_trailing_any
    for _ in range(6):
        before = core
        core = core.strip(_EDGE_PUNCT)
        if trailing is not None:
            core = trailing.sub("", core)
        if core == before:
            break
    return core


def _brief_hit(rs: RuleSetData, text: str) -> tuple[str, str] | None:
    word = rs.brief_words.hit(text)
    issue = rs.brief_issue.hit(text) if word else None
    return (word, issue) if word and issue else None


def _ending(rs: RuleSetData, word: str, value: str) -> GenreReading:
    """The reading of a title that ends with a genre word: one per word (immutable), shared."""
    endings = rs.memo.get("genre_ending")
    if endings is None:
        endings = rs.memo["genre_ending"] = {}
    found = endings.get(word)
    if found is None:
        found = endings[word] = GenreReading(value, "title", f"标题以“{word}”结尾")
    return found


def read_genre_compact(rs: RuleSetData, title: str, genre: str = "") -> GenreReading:
    """`read_genre` for a title and genre already passed through `compact_text`."""
    if genre:
        value = rs.genre_aliases.get(genre, genre)
        return GenreReading(value, "field", f"文种为“{genre}”")
    core = _title_core(rs, title)
    for length in rs.genre_lengths:
        word = core[-length:]
        if len(word) == length and word in rs.genre_set:
            value = rs.genre_aliases.get(word, word)
            if value == rs.brief_genre:
                hit = _brief_hit(rs, title)
                phrase = f"标题含“{hit[0]}”和期号“{hit[1]}”" if hit else f"标题以“{word}”结尾"
                return GenreReading(value, "brief", phrase)
            return _ending(rs, word, value)
    hit = _brief_hit(rs, title)
    if hit:
        return GenreReading(rs.brief_genre, "brief", f"标题含“{hit[0]}”和期号“{hit[1]}”")
    return GenreReading("", "none", "")


def read_genre(
    title: str | None, genre: str | None = None, ruleset: RuleSetData | None = None
) -> GenreReading:
    """The genre of an item with the evidence: the genre field where given, else the title.

    The genre word at the end of the title wins (`关于印发《…培训方案》的通知` is 通知); the longest
    word is preferred (复函 over 函); aliases map spellings to one genre (会议纪要 → 纪要). A title
    whose end is no genre word but that holds a brief word and an issue number (第N期) is a brief.
    """
    return read_genre_compact(_ruleset(ruleset), compact_text(title), compact_text(genre))


def detect_genre(
    title: str | None, genre: str | None = None, ruleset: RuleSetData | None = None
) -> str:
    """The genre (通知, 决定, 简报 …) of an item, or "" when none can be read."""
    return read_genre(title, genre, ruleset).genre


def is_brief(
    title: str | None, genre: str | None = None, ruleset: RuleSetData | None = None
) -> bool:
    rs = _ruleset(ruleset)
    return read_genre(title, genre, rs).genre == rs.brief_genre


def ledger_direction(kind: str, ruleset: RuleSetData | None = None) -> str:
    """`received` for 收文 / 参会 / 受检, `produced` for 发文 / 办会 / 督查."""
    rs = _ruleset(ruleset)
    try:
        return rs.kinds[kind].direction
    except KeyError:
        raise ValueError(f"unknown ledger kind {kind!r}") from None


def looks_higher_level(name: str | None, ruleset: RuleSetData | None = None) -> bool:
    """Whether a unit name reads as higher-level (省委、市委办公室、中共XX市委)."""
    text = compact_text(name)
    if not text:
        return False
    return any(p.search(text) for p in _ruleset(ruleset).higher_name_patterns)
