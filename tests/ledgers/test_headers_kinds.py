"""Header synonyms, header detection and the sheet-kind decision, as tables."""

from __future__ import annotations

import pytest

from jianfu.ledgers.workbook.headers import (
    FIELD_SYNONYMS,
    column_letter,
    find_header,
    header_field,
    header_in_minutes,
    map_columns,
    normalize_header,
)
from jianfu.ledgers.workbook.kinds import category_kind, decide_sheet_kind, name_kind
from jianfu.ledgers.workbook.types import Column


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("日期", "date"),
        ("收文日期", "date"),
        ("发文日期", "date"),
        ("会议日期", "date"),
        ("时间", "date"),
        ("检查日期", "date"),
        ("登记日期", "date"),
        ("收文\n日期", "date"),
        (" 收 文 日 期 ", "date"),
        ("*日期", "date"),
        ("来文单位", "counterpart"),
        ("来文机关", "counterpart"),
        ("发文单位", "counterpart"),
        ("发文机关", "counterpart"),
        ("主办单位", "counterpart"),
        ("召集单位", "counterpart"),
        ("牵头单位", "counterpart"),
        ("实施单位", "counterpart"),
        ("检查单位", "counterpart"),
        ("督查单位", "counterpart"),
        ("主送单位", "counterpart"),
        ("主送", "counterpart"),
        ("发送范围", "counterpart"),
        ("参会单位", "counterpart"),
        ("检查对象", "counterpart"),
        ("来文单位（部门）", "counterpart"),
        ("文号", "doc_no"),
        ("发文字号", "doc_no"),
        ("来文字号", "doc_no"),
        ("文件编号", "doc_no"),
        ("标题", "title"),
        ("文件标题", "title"),
        ("文件名称", "title"),
        ("会议名称", "title"),
        ("事项名称", "title"),
        ("事由", "title"),
        ("名称", "title"),
        ("文种", "genre"),
        ("会议形式", "meeting_form"),
        ("形式", "meeting_form"),
        ("时长", "duration"),
        ("会议时长", "duration"),
        ("时长（小时）", "duration"),
        ("时长(分钟)", "duration"),
        ("会议时长（分钟）", "duration"),
        ("类型", "inspection_type"),
        ("检查类型", "inspection_type"),
        ("方式", "inspection_type"),
        ("是否要求提供材料", "materials"),
        ("要求提供材料", "materials"),
        ("是否要求提供材料（是/否）", "materials"),
        ("备注", "remarks"),
        ("类别", "category"),
        ("序号", "seq"),
        ("ＮＯ.", "seq"),
        ("承办科室", None),
        ("单位", None),
        ("办理情况", None),
        ("会议时间", "date"),
        ("来文文号", "doc_no"),
        ("会议主题", "title"),
    ],
)
def test_header_synonyms(text: str, field: str | None) -> None:
    found = header_field(text)
    assert (found[0] if found else None) == field


def test_every_listed_synonym_is_recognised() -> None:
    for field, synonyms in FIELD_SYNONYMS.items():
        for synonym in synonyms:
            assert header_field(synonym)[0] == field  # type: ignore[index]


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("时长", False),
        ("时长（小时）", False),
        ("时长（分钟）", True),
        ("会议时长(min)", True),
        ("时长（ 分钟 ）", True),
    ],
)
def test_duration_unit_from_the_header(text: str, minutes: bool) -> None:
    assert header_in_minutes(text) is minutes


def test_normalize_header_keeps_the_unit() -> None:
    assert normalize_header("时长（分钟）").key == "时长"
    assert normalize_header("时长（分钟）").unit == "分钟"


@pytest.mark.parametrize(
    ("index", "letter"), [(0, "A"), (25, "Z"), (26, "AA"), (701, "ZZ"), (702, "AAA")]
)
def test_column_letters(index: int, letter: str) -> None:
    assert column_letter(index) == letter


def grid(*rows: list[object]) -> list[list[object]]:
    width = max(len(row) for row in rows)
    return [[*row, *([""] * (width - len(row)))] for row in rows]


def test_header_below_title_rows() -> None:
    cells = grid(
        ["青河县农业农村局2025年收文登记台账"],
        ["填报单位：县农业农村局"],
        [],
        ["序号", "收文日期", "来文机关", "文件标题"],
        [1, "2025-08-07", "县委办", "通知"],
    )
    header = find_header(cells, [((0, 0), (0, 3))])
    assert header is not None
    assert (header.first_row, header.last_row) == (3, 3)
    assert [c.field for c in map_columns(header.labels)] == ["seq", "date", "counterpart", "title"]


def test_two_level_header_with_merged_group_and_tall_cells() -> None:
    cells = grid(
        ["序号", "日期", "会议情况", "", "", "召集单位"],
        ["", "", "会议名称", "形式", "时长（分钟）", ""],
        [1, "2025-08-07", "防汛会", "视频", 90, "县政府办"],
    )
    merges = [((0, 0), (1, 0)), ((0, 1), (1, 1)), ((0, 2), (0, 4)), ((0, 5), (1, 5))]
    header = find_header(cells, merges)
    assert header is not None
    assert (header.first_row, header.last_row) == (0, 1)
    assert header.labels[:6] == ["序号", "日期", "会议名称", "形式", "时长（分钟）", "召集单位"]


def test_header_merged_over_two_rows_extends_the_header() -> None:
    cells = grid(["日期", "标题", "文号"], ["", "", ""], ["2025-08-07", "通知", "x"])
    merges = [((0, 0), (1, 0)), ((0, 1), (1, 1)), ((0, 2), (1, 2))]
    header = find_header(cells, merges)
    assert header is not None
    assert header.last_row == 1


@pytest.mark.parametrize(
    "rows",
    [
        [["日期", "文号"], ["2025-08-07", "x"]],  # no title column
        [["标题", "文号"], ["通知", "x"]],  # no date column
        [["单位", "发文数", "会议数"], ["县委办", 3, 4]],  # a statistics sheet
        [*([["x"]] * 15), ["日期", "标题"]],  # header below the first 15 rows
    ],
)
def test_no_header(rows: list[list[object]]) -> None:
    assert find_header(grid(*rows), []) is None


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("收文", "收文"),
        ("收文登记", "收文"),
        ("来文", "收文"),
        ("来文登记", "收文"),
        ("2025年收文登记台账", "收文"),
        ("发文", "发文"),
        ("发文登记", "发文"),
        ("参会", "参会"),
        ("参会台账", "参会"),
        ("参加会议", "参会"),
        ("办会", "办会"),
        ("受检", "受检"),
        ("受检情况", "受检"),
        ("接受督查", "受检"),
        ("督查", "督查"),
        ("督查台账", "督查"),
        ("会议", "meeting"),
        ("会议台账", "meeting"),
        ("督查检查考核", "inspection"),
        ("督检考", "inspection"),
        ("检查", "inspection"),
        ("收发文登记", "document"),
        ("Sheet1", None),
        ("统计表", None),
        ("收文与参会", None),
    ],
)
def test_sheet_names(name: str, kind: str | None) -> None:
    assert name_kind(name) == kind


def columns(*headers: str) -> list[Column]:
    return map_columns(list(headers))


@pytest.mark.parametrize(
    ("name", "headers", "kind", "reason_part"),
    [
        ("收文登记", ("日期", "标题"), "收文", "工作表名称“收文登记”表明为收文"),
        ("会议", ("日期", "会议名称", "召集单位"), "参会", "表头有“召集单位”"),
        ("会议", ("日期", "会议名称", "主办单位"), "参会", "故为参会"),
        ("会议台账", ("日期", "会议名称", "参会单位"), "办会", "表头有“参会单位”"),
        ("督查检查考核", ("日期", "事项名称", "实施单位"), "受检", "故为受检"),
        ("督查检查考核", ("日期", "事项名称", "检查单位"), "受检", "故为受检"),
        ("督查检查考核", ("日期", "事项名称", "检查对象"), "督查", "故为督查"),
        ("督检考", ("日期", "事项名称", "检查对象"), "督查", "故为督查"),
        ("检查", ("日期", "事项名称", "督查单位"), "受检", "故为受检"),
        ("收发文", ("日期", "标题", "来文单位"), "收文", "故为收文"),
        ("收发文", ("日期", "标题", "主送单位"), "发文", "故为发文"),
        ("Sheet1", ("日期", "会议名称", "召集单位"), "参会", "根据表头推断"),
        ("Sheet1", ("日期", "文号", "标题", "来文单位"), "收文", "根据表头推断"),
        ("Sheet1", ("会议日期", "标题", "文号", "参会单位"), "办会", "表明是会议"),
        ("会议", ("日期", "会议名称"), None, "未表明是参会还是办会"),
        ("会议", ("日期", "会议名称", "召集单位", "参会单位"), None, "同时有"),
        ("Sheet1", ("日期", "标题"), None, "表头也看不出"),
        ("Sheet1", ("日期", "标题", "文号"), None, "无法判断是收文还是发文"),
    ],
)
def test_sheet_kind_precedence(
    name: str, headers: tuple[str, ...], kind: str | None, reason_part: str
) -> None:
    decision = decide_sheet_kind(name, columns(*headers))
    assert decision.kind == kind
    assert reason_part in decision.reason


@pytest.mark.parametrize(
    ("value", "direction", "kind"),
    [
        ("收文", None, "收文"),
        ("来文", None, "收文"),
        ("督查", None, "督查"),
        ("会议", "in", "参会"),
        ("会议", "out", "办会"),
        ("会议", None, None),
        ("其他", "in", None),
    ],
)
def test_category_values(value: str, direction: str | None, kind: str | None) -> None:
    assert category_kind(value, direction) == kind
