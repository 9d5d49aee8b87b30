"""Cell values other than dates: text, durations, yes/no. Pure; never raise.

Durations (`parse_duration`) are returned in whole minutes. A bare number is in the header's
unit: hours unless the header says 分钟 ("时长（分钟）"). Words are read as clerks use them:
"2小时", "1.5h", "90分钟", "1小时30分", "半小时" (30), "一个半小时" (90), "两小时";
"半天" is 4 hours (240) and "1天"/"一天"/"全天" is a working day of 8 hours (480), matching the
spec limits' "half a day" and "one day" for meetings (rules L-M-2).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata

from jianfu.core.text import _BRACKETS as _CORE_BRACKET_TABLE

_CORE_BRACKETS = {chr(key): value for key, value in _CORE_BRACKET_TABLE.items()}
# Cells that mean "nothing here" in an optional column: read as empty.
PLACEHOLDERS: frozenset[str] = frozenset(
    {"无", "/", "\\", "-", "--", "—", "——", "－", "空", "暂无", "N/A", "n/a", "NA", "na"}
)

_MINUTES_PER_HOUR = 60
HALF_DAY_MINUTES = 240
DAY_MINUTES = 480
MAX_DURATION_MINUTES = 7 * 24 * 60

_CN_DIGITS = {
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}
_NUMBER = r"(\d+(?:\.\d+)?|[零一二两三四五六七八九十]{1,3})"
_HOURS_UNIT = r"(?:个?小时|个?钟头|h|hr|hrs|hour|hours|时)"
_MINUTES_UNIT = r"(?:分钟|分|min|mins|minute|minutes|')"
_DURATION_PLAIN = re.compile(r"(\d+(?:\.\d+)?)")
_DURATION_HOURS = re.compile(_NUMBER + r"\s*" + _HOURS_UNIT + r"(半)?")
_DURATION_HALF_HOURS = re.compile(_NUMBER + r"个半(?:小时|钟头)")
_DURATION_MINUTES = re.compile(_NUMBER + r"\s*" + _MINUTES_UNIT)
_DURATION_HM = re.compile(
    _NUMBER + r"\s*" + _HOURS_UNIT + r"\s*" + _NUMBER + r"\s*" + _MINUTES_UNIT
)
_DURATION_DAYS = re.compile(_NUMBER + r"\s*(?:个)?(?:天|日|工作日)")
_DURATION_WORDS = {
    "半小时": 30,
    "半个小时": 30,
    "半天": HALF_DAY_MINUTES,
    "半日": HALF_DAY_MINUTES,
    "全天": DAY_MINUTES,
    "一整天": DAY_MINUTES,
}

_TRUE = frozenset({"是", "有", "要求", "需要", "y", "yes", "true", "1", "√", "✓", "✔", "☑", "对"})
_FALSE = frozenset(
    {
        "否",
        "无",
        "不要求",
        "不需要",
        "n",
        "no",
        "false",
        "0",
        "×",
        "✗",
        "✘",
        "x",
        "☒",
        "没有",
        "未要求",
    }
)

DURATION_HINT = "请填写时长，如 2小时、1.5、90分钟 或 半天"
MATERIALS_HINT = "请填写 是 或 否（也可写 有/无、Y/N、√/×）"


def cell_text(value: object) -> str:
    """A cell as the text a person sees (stripped); "" for an empty cell."""
    if type(value) is str:
        return value.strip()
    if type(value) is float:
        return str(int(value)) if value.is_integer() else str(value)
    if type(value) is dt.datetime:
        if value.hour == value.minute == value.second == 0:
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if type(value) is bool:
        return "TRUE" if value else "FALSE"
    if value is None:
        return ""
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()


def _cn_number(text: str) -> float | None:
    if text[0].isdigit():
        return float(text)
    if text == "十":
        return 10.0
    if len(text) == 1:
        return float(_CN_DIGITS[text]) if text in _CN_DIGITS else None
    if text[0] == "十":  # 十五
        tail = _CN_DIGITS.get(text[1])
        return None if tail is None or len(text) > 2 else 10.0 + tail
    if len(text) == 2 and text[1] == "十":  # 二十
        head = _CN_DIGITS.get(text[0])
        return None if head is None else head * 10.0
    if len(text) == 3 and text[1] == "十":  # 二十五
        head, tail = _CN_DIGITS.get(text[0]), _CN_DIGITS.get(text[2])
        return None if head is None or tail is None else head * 10.0 + tail
    return None


def _minutes(amount: float | None, per_unit: float) -> int | str:
    if amount is None:
        return "无法识别的时长，" + DURATION_HINT
    total = amount * per_unit
    if not math.isfinite(total):
        return "无法识别的时长，" + DURATION_HINT
    if total > MAX_DURATION_MINUTES:
        return "时长不合理（超过一周），" + DURATION_HINT
    minutes = round(total)
    if minutes <= 0:
        return "时长应大于 0，" + DURATION_HINT
    return minutes


def parse_duration(value: object, header_in_minutes: bool) -> int | str | None:
    """Minutes from a duration cell: an int, None for an empty cell, or a Chinese message."""
    unit = 1 if header_in_minutes else _MINUTES_PER_HOUR
    kind = type(value)
    if kind is float or kind is int:
        return _minutes(float(value), unit)  # type: ignore[arg-type]
    if kind is not str:
        if isinstance(value, dt.time):  # 1:30 typed into a time-formatted cell
            return _minutes(value.hour * 60 + value.minute, 1)
        if isinstance(value, dt.timedelta):
            return _minutes(value.total_seconds() / 60, 1)
        return "无法识别的时长，" + DURATION_HINT
    text = value.strip()  # type: ignore[attr-defined]
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    text = text.replace(" ", "").lower()
    if not text or text in PLACEHOLDERS:
        return None
    if text in _DURATION_WORDS:
        return _DURATION_WORDS[text]
    match = _DURATION_PLAIN.fullmatch(text)
    if match:
        return _minutes(float(match[1]), unit)
    match = _DURATION_HM.fullmatch(text)
    if match:
        hours, minutes = _cn_number(match[1]), _cn_number(match[2])
        if hours is None or minutes is None:
            return "无法识别的时长，" + DURATION_HINT
        return _minutes(hours * 60 + minutes, 1)
    match = _DURATION_HOURS.fullmatch(text)
    if match:
        hours = _cn_number(match[1])
        return _minutes(None if hours is None else hours + (0.5 if match[2] else 0), 60)
    match = _DURATION_HALF_HOURS.fullmatch(text)
    if match:
        hours = _cn_number(match[1])
        return _minutes(None if hours is None else hours + 0.5, 60)
    match = _DURATION_MINUTES.fullmatch(text)
    if match:
        return _minutes(_cn_number(match[1]), 1)
    match = _DURATION_DAYS.fullmatch(text)
    if match:
        return _minutes(_cn_number(match[1]), DAY_MINUTES)
    return "无法识别的时长，" + DURATION_HINT


def parse_yes_no(value: object) -> bool | str | None:
    """是/否 and the ways clerks write it; None for an empty cell, a message when unreadable."""
    if type(value) is bool:
        return bool(value)
    text = cell_text(value)
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    text = text.replace(" ", "").lower()
    if not text or text in {"/", "-", "—", "——"}:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return "无法识别“" + cell_text(value) + "”，" + MATERIALS_HINT


# --- 文号 normalisation for the bulk path -----------------------------------------------------
# `jianfu.core.text.normalize_doc_no` is the definition; this gives the same result (a property
# test checks it on arbitrary text) about four times faster, which matters at 100,000 rows: it
# replaces only the bracket characters present instead of translating every character, and
# skips the two regular expressions when their targets cannot occur.
_NON_ASCII_BRACKETS = tuple(
    (key, target) for key, target in _CORE_BRACKETS.items() if not key.isascii()
)
_ASCII_BRACKETS = tuple(
    (key, target) for key, target in _CORE_BRACKETS.items() if key.isascii() and key != target
)
_SERIAL_ZEROS = re.compile(r"(?<=\])0+(?=\d)")
_ANY_SPACE = re.compile(r"\s+")


def doc_no_norm(text: str) -> str:
    """Exactly `normalize_doc_no(text)` for a str, faster."""
    if not text:
        return ""
    value = unicodedata.normalize("NFKC", text)
    if not value.isascii():
        for key, target in _NON_ASCII_BRACKETS:
            if key in value:
                value = value.replace(key, target)
    for key, target in _ASCII_BRACKETS:
        if key in value:
            value = value.replace(key, target)
    if " " in value or not value.isprintable():
        value = _ANY_SPACE.sub("", value)
    if "]0" in value:
        value = _SERIAL_ZEROS.sub("", value)
    return value
