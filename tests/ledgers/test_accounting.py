"""Property: every data row of any sheet is a ledger row or has an error; nothing else is lost."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from jianfu.ledgers.workbook.reader import read_sheet
from jianfu.ledgers.workbook.source import RawSheet, _pad

HEADER = ["序号", "日期", "来文单位", "文号", "标题", "时长", "要求提供材料", "备注", "办理情况"]

cells = st.one_of(
    st.just(""),
    st.just(" "),
    st.text(max_size=8),
    st.sampled_from(
        [
            "2025-08-07",
            "2025年8月7日",
            "8月7日",
            "2025-02-30",
            "备注：无",
            "合计",
            "填表人：张三",
            "县委办发〔2025〕1号",
            "是",
            "否",
            "也许",
            "半天",
            "很久",
            "无",
        ]
    ),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2110, 1, 1)),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-10, 100_000).map(float),
    st.booleans(),
)
rows = st.lists(st.lists(cells, min_size=len(HEADER), max_size=len(HEADER)), max_size=25)
merges = st.lists(st.tuples(st.integers(1, 25), st.integers(0, 8), st.integers(0, 3)), max_size=4)


@settings(max_examples=150, deadline=None)
@given(rows, merges, st.sampled_from(["收文", "会议", "Sheet1"]))
def test_every_data_row_is_read_or_in_error(
    body: list[list[object]], spans: list[tuple[int, int, int]], name: str
) -> None:
    grid = _pad(
        [
            ["2025年收文登记台账"] + [""] * (len(HEADER) - 1),
            list(HEADER),
            *[list(row) for row in body],
        ]
    )
    merged = [((top + 1, col), (top + 1 + depth, col)) for top, col, depth in spans]
    sheet = read_sheet(RawSheet(name, grid, merged))
    assert sheet.header_row == 2
    row_numbers = {row.row for row in sheet.rows}
    in_error = {error.row for error in sheet.errors if error.row is not None}
    assert not row_numbers & in_error
    if sheet.blocked:
        assert not sheet.rows
    else:
        assert sheet.data_rows == len(row_numbers) + len(in_error)
    skipped = sheet.skipped
    body_rows = len(grid) - 2
    assert body_rows == (
        sheet.data_rows
        + skipped.blank
        + skipped.notes
        + skipped.merged_continuation
        + skipped.repeated_header
    )
    for row in sheet.rows:
        assert row.title and isinstance(row.date, dt.date)
