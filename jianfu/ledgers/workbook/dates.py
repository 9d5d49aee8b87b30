"""Reading a ledger date from whatever a clerk typed or Excel stored. Pure; never raises.

Accepted: Excel dates (calamine gives `date` or `datetime`), Excel serial numbers (a date cell
formatted as a number), 2025-08-07, 2025/8/7, 2025.8.7, 2025年8月7日 (also 7号), 20250807, each
with full-width digits too, and 二〇二五年八月七日 in Chinese numerals; a time after the date
is ignored ("2025-08-07 09:30", "2025年8月7日上午"), and so is anything after a date that is
not a digit, so that a span "2025年8月7日-9日" reads as its first day. "8月7日" (八月七日)
needs a year from the sheet's title or name (`year_hint`). Dates must lie in
MIN_YEAR..MAX_YEAR: a ledger line from 1925 or 2205 is a typing mistake, not a fact.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata

MIN_YEAR = 2000
MAX_YEAR = 2099

_EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 = 1900-01-01 (valid for serials ≥ 61)
_SERIAL_MIN = (dt.date(MIN_YEAR, 1, 1) - _EXCEL_EPOCH).days
_SERIAL_MAX = (dt.date(MAX_YEAR, 12, 31) - _EXCEL_EPOCH).days

# The tail after the day must not continue the number ("2025-8-071", "2025.8.7.5"); a full stop
# after it may end the date ("2025.03.05.").
_FULL = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?(?!\d|[./]\d)")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})(?!\d|[./]\d)")
_MONTH_DAY = re.compile(r"(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?(?!\d|[./]\d)")
# Dates in Chinese numerals, as official documents write them: 二〇二五年八月七日, 八月七日.
_CN_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0}
_CN_NUMBER = "[一二三四五六七八九十]{1,3}"
_CN_FULL = re.compile(
    rf"([〇○零一二三四五六七八九]{{4}})\s*年\s*({_CN_NUMBER})\s*月\s*({_CN_NUMBER})"
)
_CN_MONTH_DAY = re.compile(rf"({_CN_NUMBER})\s*月\s*({_CN_NUMBER})\s*[日号]")
_YEAR_IN_TEXT = re.compile(r"(?<!\d)(20\d{2})(?!\d)")

FORMAT_HINT = "请填写为 2025-08-07、2025/8/7 或 2025年8月7日 这样的日期"


def _checked(year: int, month: int, day: int) -> dt.date | str:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return f"年份 {year} 不在 {MIN_YEAR}—{MAX_YEAR} 之间，请检查是否输错"
    try:
        return dt.date(year, month, day)
    except ValueError:
        return f"日期不存在（{year}年{month}月{day}日），请改为实际日期"


def _from_number(value: float) -> dt.date | str:
    if not math.isfinite(value):
        return "不是日期，" + FORMAT_HINT
    whole = int(value)
    if 10_000_000 <= whole <= 99_999_999 and value == whole:  # 20250807 typed as a number
        return _checked(whole // 10_000, whole // 100 % 100, whole % 100)
    if _SERIAL_MIN <= whole <= _SERIAL_MAX:
        return _EXCEL_EPOCH + dt.timedelta(days=whole)  # the fraction is the time of day
    return "数字不是日期（也不是 Excel 日期序号），" + FORMAT_HINT


def parse_date_text(text: str, year_hint: int | None = None) -> dt.date | str:
    """A date from text, or a Chinese message saying why not and how to fix it."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    text = text.strip()
    if not text:
        return "缺少日期，" + FORMAT_HINT
    match = _FULL.match(text)
    if match:
        return _checked(int(match[1]), int(match[2]), int(match[3]))
    match = _COMPACT.match(text)
    if match:
        return _checked(int(match[1]), int(match[2]), int(match[3]))
    match = _MONTH_DAY.match(text)
    if match:
        return _in_year(year_hint, int(match[1]), int(match[2]))
    match = _CN_FULL.match(text)
    if match:
        year = int("".join(str(_CN_DIGIT[c]) for c in match[1]))
        month, day = _cn_number(match[2]), _cn_number(match[3])
        if month and day:
            return _checked(year, month, day)
    match = _CN_MONTH_DAY.match(text)
    if match:
        month, day = _cn_number(match[1]), _cn_number(match[2])
        if month and day:
            return _in_year(year_hint, month, day)
    return "无法识别的日期，" + FORMAT_HINT


def _in_year(year_hint: int | None, month: int, day: int) -> dt.date | str:
    if year_hint is None:
        return "日期缺少年份，且无法从表格标题推断年份，请写出完整日期（如 2025年8月7日）"
    return _checked(year_hint, month, day)


def _cn_number(text: str) -> int | None:
    """一 … 九, 十, 十一 … 十九, 二十 … 三十一 as a number; None for anything else (十十)."""
    tens, ten, ones = text.partition("十")
    if not ten:
        return _CN_DIGIT.get(text)
    if (tens and tens not in _CN_DIGIT) or (ones and ones not in _CN_DIGIT):
        return None
    return (_CN_DIGIT[tens] if tens else 1) * 10 + (_CN_DIGIT[ones] if ones else 0)


def parse_date(value: object, year_hint: int | None = None) -> dt.date | str:
    """A ledger date from a cell value (as calamine or csv gives it). Never raises.

    Returns the date, or a Chinese message (str) explaining the problem.
    """
    if type(value) is dt.date or type(value) is dt.datetime:
        return _checked(value.year, value.month, value.day)
    if type(value) is str:
        return parse_date_text(value, year_hint)
    if type(value) is float or type(value) is int:
        return _from_number(float(value))
    if isinstance(value, bool):
        return "不是日期，" + FORMAT_HINT
    if isinstance(value, dt.datetime | dt.date):  # subclasses
        return _checked(value.year, value.month, value.day)
    if isinstance(value, dt.time):
        return "只有时间没有日期，" + FORMAT_HINT
    return "无法识别的日期，" + FORMAT_HINT


def year_from_texts(texts: list[str]) -> int | None:
    """The one year (20xx) named in a sheet's title rows and name, or None if none or several."""
    years: set[int] = set()
    for text in texts:
        if not text.isascii():
            text = unicodedata.normalize("NFKC", text)
        years.update(int(y) for y in _YEAR_IN_TEXT.findall(text))
    return years.pop() if len(years) == 1 else None
