"""Ledger dates: every format clerks write, as a table; never an exception."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jianfu.ledgers.workbook.dates import parse_date, parse_date_text, year_from_texts

D = dt.date(2025, 8, 7)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.date(2025, 8, 7), D),  # calamine: a date cell
        (dt.datetime(2025, 8, 7, 14, 30), D),  # a date-time cell: the time is ignored
        (45876.0, D),  # an Excel serial number (a date cell formatted as a number)
        (45876, D),
        (45876.75, D),  # serial with a time of day
        (20250807.0, D),  # 20250807 typed as a number
        ("2025-08-07", D),
        ("2025-8-7", D),
        ("2025/8/7", D),
        ("2025/08/07", D),
        ("2025.8.7", D),
        ("2025年8月7日", D),
        ("2025年08月07日", D),
        ("2025年8月7号", D),
        ("2025 年 8 月 7 日", D),
        ("20250807", D),
        ("２０２５年８月７日", D),  # full-width digits
        ("２０２５－０８－０７", D),
        ("２０２５／８／７", D),
        ("2025-08-07 09:30", D),  # time parts ignored
        ("2025-08-07T09:30:00", D),
        ("2025/8/7 9:30:00", D),
        ("2025年8月7日上午", D),
        ("2025年8月7日 下午3时", D),
        ("2025年8月7日-9日", D),  # a span reads as its first day
        ("2025年8月7日（星期四）", D),
        ("  2025-08-07  ", D),
        ("2025.08.07.", D),  # a full stop after the day
        ("2025.8.7。", D),
        ("二〇二五年八月七日", D),  # Chinese numerals, as official documents write dates
        ("二零二五年八月七号", D),
        ("二〇二五年十二月三十一日", dt.date(2025, 12, 31)),
        ("二〇二五年十月十日", dt.date(2025, 10, 10)),
        ("二〇二五年一月二十日上午", dt.date(2025, 1, 20)),
    ],
)
def test_dates_that_read(value: object, expected: dt.date) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("value", "message_part"),
    [
        ("2025-02-30", "日期不存在（2025年2月30日）"),
        ("2025年13月1日", "日期不存在（2025年13月1日）"),
        ("20250230", "日期不存在"),
        (20250230.0, "日期不存在"),
        ("1925-08-07", "年份 1925 不在 2000—2099 之间"),
        (dt.date(1925, 8, 7), "年份 1925"),
        ("8月7日", "缺少年份"),  # no year hint
        ("2025-8-071", "无法识别的日期"),
        ("2025.8.7.5", "无法识别的日期"),
        ("25-8-7", "无法识别的日期"),
        ("八月七日", "缺少年份"),  # no year hint
        ("二〇二五年二月三十日", "日期不存在（2025年2月30日）"),
        ("二〇二五年十十月一日", "无法识别的日期"),
        ("一九二五年八月七日", "年份 1925"),
        ("待定", "无法识别的日期"),
        ("", "缺少日期"),
        ("   ", "缺少日期"),
        (5.0, "数字不是日期"),
        (float("nan"), "不是日期"),
        (float("inf"), "不是日期"),
        (True, "不是日期"),
        (dt.time(9, 30), "只有时间没有日期"),
        (None, "无法识别的日期"),
    ],
)
def test_dates_that_do_not_read(value: object, message_part: str) -> None:
    result = parse_date(value)
    assert isinstance(result, str)
    assert message_part in result


@pytest.mark.parametrize(
    ("text", "hint", "expected"),
    [
        ("8月7日", 2025, D),
        ("８月７日", 2025, D),
        ("8月7号", 2025, D),
        ("八月七日", 2025, D),
        ("八月二十一号", 2025, dt.date(2025, 8, 21)),
        ("2月30日", 2025, "日期不存在（2025年2月30日）"),
    ],
)
def test_month_day_needs_the_year_from_the_title(text: str, hint: int, expected: object) -> None:
    result = parse_date_text(text, hint)
    assert result == expected or (isinstance(result, str) and str(expected) in result)


@pytest.mark.parametrize(
    ("texts", "year"),
    [
        (["青河县农业农村局2025年收文登记台账", "填报单位：县农业农村局"], 2025),
        (["收文", "青河县农业农村局２０２５年收文登记台账"], 2025),
        (["2025收文"], 2025),
        (["收文登记台账"], None),
        (["2024年—2025年收文"], None),  # two years: no guess
        (["编号 120256"], None),
    ],
)
def test_year_from_title(texts: list[str], year: int | None) -> None:
    assert year_from_texts(texts) == year


@given(st.text(max_size=40), st.one_of(st.none(), st.integers(min_value=1, max_value=9999)))
def test_parse_date_never_raises_on_text(text: str, hint: int | None) -> None:
    result = parse_date(text, hint)
    assert isinstance(result, dt.date | str)
    if isinstance(result, str):
        assert result  # an error always says something


@given(
    st.one_of(
        st.floats(),
        st.integers(min_value=-(10**20), max_value=10**20),
        st.dates(),
        st.datetimes(),
        st.booleans(),
    )
)
def test_parse_date_never_raises_on_cell_values(value: object) -> None:
    assert isinstance(parse_date(value), dt.date | str)


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_every_written_form_of_a_date_reads_back(day: dt.date) -> None:
    forms = [
        day.isoformat(),
        f"{day.year}/{day.month}/{day.day}",
        f"{day.year}.{day.month}.{day.day}",
        f"{day.year}年{day.month}月{day.day}日",
        day.strftime("%Y%m%d"),
        f"{day.year}.{day.month:02}.{day.day:02}.",
        _chinese(day),
    ]
    for form in forms:
        assert parse_date(form) == day, form
    serial = (day - dt.date(1899, 12, 30)).days
    assert parse_date(float(serial)) == day


def _chinese(day: dt.date) -> str:
    """A date as official documents write it: 二〇二五年八月七日, 十二月三十一日."""
    digits = "〇一二三四五六七八九"

    def number(n: int) -> str:
        tens, ones = divmod(n, 10)
        return (
            (digits[tens] if tens > 1 else "")
            + ("十" if tens else "")
            + (digits[ones] if ones else "")
        )

    year = "".join(digits[int(d)] for d in str(day.year))
    return f"{year}年{number(day.month)}月{number(day.day)}日"
