"""Durations, yes/no cells, cell text and the bulk 文号 normalisation, as tables."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jianfu.core.text import normalize_doc_no
from jianfu.ledgers.workbook.values import cell_text, doc_no_norm, parse_duration, parse_yes_no


@pytest.mark.parametrize(
    ("value", "in_minutes", "expected"),
    [
        (2.0, False, 120),  # a bare number under 时长: hours
        (1.5, False, 90),
        ("1.5", False, 90),
        ("１.５", False, 90),
        (90.0, True, 90),  # under 时长（分钟）: minutes
        ("90", True, 90),
        ("2小时", False, 120),
        ("2小时", True, 120),  # an explicit unit beats the header's
        ("2个小时", False, 120),
        ("1.5h", False, 90),
        ("1.5 H", False, 90),
        ("90分钟", False, 90),
        ("90分", False, 90),
        ("90min", False, 90),
        ("1小时30分钟", False, 90),
        ("1时30分", False, 90),
        ("半小时", False, 30),
        ("一个半小时", False, 90),
        ("两小时", False, 120),
        ("两个半小时", False, 150),
        ("2小时半", False, 150),
        ("三十分钟", False, 30),
        ("半天", False, 240),  # half a working day
        ("半日", False, 240),
        ("1天", False, 480),  # one working day of 8 hours
        ("一天", False, 480),
        ("全天", False, 480),
        ("2天", False, 960),
        (dt.time(1, 30), False, 90),  # 1:30 typed into a time-formatted cell
        ("", False, None),
        ("/", False, None),
        ("无", False, None),
    ],
)
def test_durations(value: object, in_minutes: bool, expected: int | None) -> None:
    assert parse_duration(value, in_minutes) == expected


@pytest.mark.parametrize(
    "value",
    [
        "约两小时",
        "2-3小时",
        "9:00-11:30",
        "很久",
        "0",
        0.0,
        -1.0,
        True,
        "十一十小时",
        float("inf"),
        float("nan"),
        1e300,
        "99999999",
    ],
)
def test_durations_that_do_not_read(value: object) -> None:
    result = parse_duration(value, False)
    assert isinstance(result, str)
    assert "时长" in result


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("是", True),
        ("否", False),
        ("有", True),
        ("无", False),
        ("Y", True),
        ("N", False),
        ("y", True),
        ("n", False),
        ("√", True),
        ("×", False),
        ("✓", True),
        ("✗", False),
        ("ＹＥＳ", True),
        ("no", False),
        (True, True),
        (False, False),
        (1.0, True),
        (0.0, False),
        ("", None),
        ("/", None),
        ("  ", None),
    ],
)
def test_yes_no(value: object, expected: bool | None) -> None:
    assert parse_yes_no(value) is expected


def test_yes_no_unreadable_says_how_to_fix() -> None:
    assert parse_yes_no("看情况") == "无法识别“看情况”，请填写 是 或 否（也可写 有/无、Y/N、√/×）"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("  通知 ", "通知"),
        (12.0, "12"),
        (1.5, "1.5"),
        (dt.date(2025, 8, 7), "2025-08-07"),
        (dt.datetime(2025, 8, 7), "2025-08-07"),
        (dt.datetime(2025, 8, 7, 9, 30), "2025-08-07 09:30:00"),
        (True, "TRUE"),
        (None, ""),
        ("", ""),
        (dt.time(9, 30), "09:30:00"),
    ],
)
def test_cell_text(value: object, text: str) -> None:
    assert cell_text(value) == text


@pytest.mark.parametrize(
    "doc_no",
    [
        "县委办发〔2025〕12号",
        "县委办发[2025]12号",
        "县委办发（２０２５）１２号",
        "县委办发(2025)012号",
        "县委办发【2025】12号",
        "县委办发 〔 2025 〕 12 号",
        "县委办发［2025］12号",
        "县委办发{2025}12号",
    ],
)
def test_doc_no_in_every_bracket_style_is_one(doc_no: str) -> None:
    assert doc_no_norm(doc_no) == normalize_doc_no(doc_no) == "县委办发[2025]12号"


DOC_NO_CHARS = list("县委办发〔〕[]()（）【】《》〖〗{}｛｝<>［］0０1２ \t\u3000号文")


@given(st.text(alphabet=st.sampled_from(DOC_NO_CHARS) | st.characters(), max_size=30))
def test_fast_doc_no_norm_equals_the_core_definition(text: str) -> None:
    assert doc_no_norm(text) == normalize_doc_no(text)
