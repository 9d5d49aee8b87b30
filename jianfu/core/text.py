"""Pure text normalisation shared by every part: widths, 文号, titles, unit names."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_SPACES = re.compile(r"\s+")
_BRACKETS = str.maketrans({
    "〔": "[", "〕": "]", "［": "[", "］": "]", "(": "[", ")": "]", "（": "[", "）": "]",
    "【": "[", "】": "]", "{": "[", "}": "]", "｛": "[", "｝": "]", "〖": "[", "〗": "]",
    "<": "[", ">": "]", "《": "[", "》": "]",
})
# Punctuation that clerks type in either width inside titles; dropped for comparison.
_TITLE_PUNCT = re.compile(
    r"[\s\"'“”‘’《》〈〉<>「」『』（）()\[\]【】〔〕,，.。、:：;；!！?？·—\-_]+"
)


# Within `remembered_halfwidth`, each text's NFKC form, worked out once (see there).
_HALFWIDTH: ContextVar[dict[str, str] | None] = ContextVar("jianfu_halfwidth", default=None)


# What NFKC makes of full-width ASCII and the ideographic space: the most of it in a Chinese text.
_FULLWIDTH = {chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)} | {"\u3000": " "}
_ANY_FULLWIDTH = re.compile("[\uff01-\uff5e\u3000]")


def _nfkc(text: str) -> str:
    """`unicodedata.normalize("NFKC", text)`, quicker for the usual Chinese title: NFKC is
    applied only when the text with its full-width ASCII mapped (as NFKC maps it) is still not
    normalised; both ways have one compatibility decomposition, so one NFKC form."""
    if unicodedata.is_normalized("NFKC", text):
        return text
    half = text  # a title holds a few of them: replaced one by one, quicker than `translate`
    for char in set(_ANY_FULLWIDTH.findall(text)):
        half = half.replace(char, _FULLWIDTH[char])
    if unicodedata.is_normalized("NFKC", half):
        return half
    return unicodedata.normalize("NFKC", half)


def to_halfwidth(text: str) -> str:
    """Full-width ASCII (digits, letters, punctuation, the ideographic space) to half-width: the
    text's NFKC form (circled digits, compatibility ideographs … too)."""
    memo = _HALFWIDTH.get()
    if memo is None:
        return _nfkc(text)
    found = memo.get(text)
    if found is None:
        found = memo[text] = _nfkc(text)
    return found


@contextmanager
def remembered_halfwidth() -> Iterator[None]:
    """Within the block (this thread or task only), `to_halfwidth` remembers each text's form.

    A ledger import normalises every title, 文号 and name more than once: for the line key
    (`normalize_title`, `normalize_doc_no`), and for the rules (`compact_text`). NFKC costs
    about 2 us per title, and titles seldom recur in a ledger; the memo ends with the block.
    """
    token = _HALFWIDTH.set({})
    try:
        yield
    finally:
        _HALFWIDTH.reset(token)


def collapse_spaces(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def normalize_doc_no(text: str | None) -> str:
    """A 文号 in canonical form: one bracket style, half-width digits, no spaces.

    `县委办发〔2025〕12号`, `县委办发[2025]12号` and `县委办发（２０２５）１２号` are one 文号:
    `县委办发[2025]12号`. Leading zeros of the serial number are dropped (`012号` = `12号`).
    """
    if not text:
        return ""
    value = to_halfwidth(str(text)).translate(_BRACKETS)
    value = _SPACES.sub("", value)
    value = re.sub(r"(?<=\])0+(?=\d)", "", value)
    return value


def normalize_title(text: str | None) -> str:
    """A title for comparison: half-width, no spaces or punctuation, lower-case Latin."""
    if not text:
        return ""
    return _TITLE_PUNCT.sub("", to_halfwidth(str(text))).lower()


def normalize_unit_name(text: str | None, county_name: str = "") -> str:
    """A unit name for lookup: `中共青河县委办公室` and `青河县委办公室` become `县委办公室`.

    The party prefix 中共 and the county's own name (without its 县 suffix) are dropped, so that the
    full, the short and the county-prefixed spellings of one unit meet.
    """
    if not text:
        return ""
    value = _SPACES.sub("", to_halfwidth(str(text)))
    value = value.translate(_BRACKETS).replace("[", "").replace("]", "")
    if value.startswith("中国共产党"):
        value = value[len("中国共产党"):]
    if value.startswith("中共"):
        value = value[2:]
    stem = county_name[:-1] if county_name.endswith(("县", "市", "区", "旗")) else county_name
    if stem and value.startswith(stem) and len(value) > len(stem):
        value = value[len(stem):]
    return value


def compact_text(text: str | None) -> str:
    """Text for keyword matching: half-width, no whitespace, punctuation and case kept."""
    if not text:
        return ""
    return _SPACES.sub("", to_halfwidth(str(text)))
