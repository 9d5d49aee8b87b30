"""Reading workbooks: the kind of each sheet or row (类别 column, sheet name, counterpart)."""

from __future__ import annotations

import pytest

from jianfu.ledgers.workbook import RowError, read_workbook

from .workbooks import assert_accounted, sheet, xlsx


def test_one_sheet_with_a_category_column_and_merged_groups() -> None:
    rows = [
        ["2025年工作台账"],
        ["序号", "类别", "日期", "单位", "文号", "名称", "是否要求提供材料"],
        [1, "收文", "2025-08-01", "县委办", "县委办发〔2025〕1号", "通知一", None],
        [2, None, "2025-08-02", "县政府办", None, "通知二", None],  # 收文, merged down
        [3, "受检", "2025-08-03", "县纪委", None, "作风督查", "有"],
        [4, "会议", "2025-08-04", None, None, "某会议", None],
        [5, "其他", "2025-08-05", None, None, "某事项", "也许"],
        [6, None, "2025-08-06", None, None, "没有类别", None],
    ]
    data = xlsx({"台账": rows}, merges={"台账": ["A1:G1", "B3:B4"]})
    result = read_workbook(data, "a.xlsx")
    sheet_read = sheet(result, "台账")
    assert sheet_read.kind is None
    assert sheet_read.kind_reason == "按“类别”列逐行确定；类别为空的行无法确定类别，将报错"
    assert [(row.row, row.kind, row.extras) for row in sheet_read.rows] == [
        (3, "收文", {"单位": "县委办"}),
        (4, "收文", {"单位": "县政府办"}),
        (5, "受检", {"单位": "县纪委"}),
    ]
    assert sheet_read.rows[2].materials_requested is True
    assert result.errors == [
        RowError("台账", 6, "类别", "会议", "类别“会议”未表明是参会还是办会，请填写参会或办会"),
        RowError(
            "台账",
            7,
            "类别",
            "其他",
            "无法识别的类别“其他”，请填写收文、发文、参会、办会、受检、督查之一",
        ),
        RowError(
            "台账",
            7,
            "是否要求提供材料",
            "也许",
            "无法识别“也许”，请填写 是 或 否（也可写 有/无、Y/N、√/×）",
        ),
        RowError(
            "台账",
            8,
            "类别",
            "",
            "类别为空，且无法从工作表名称确定类别，请填写收文、发文、参会、办会、受检、督查之一",
        ),
    ]
    assert_accounted(result)


def test_a_category_column_in_a_named_sheet_falls_back_to_the_name() -> None:
    rows = [["类别", "日期", "标题"], ["发文", "2025-08-01", "a"], [None, "2025-08-02", "b"]]
    result = read_workbook(xlsx({"收文登记": rows}), "a.xlsx")
    assert [row.kind for row in result.rows] == ["发文", "收文"]
    assert sheet(result, "收文登记").kind_reason == (
        "按“类别”列逐行确定；类别为空的行：工作表名称“收文登记”表明为收文"
    )


@pytest.mark.parametrize(
    ("name", "counterpart_header", "kind"),
    [
        ("会议", "召集单位", "参会"),
        ("会议", "主办单位", "参会"),
        ("会议", "牵头单位", "参会"),
        ("会议台账", "参会单位", "办会"),
        ("会议", "主送单位", "办会"),
        ("督查检查考核", "实施单位", "受检"),
        ("督查检查考核", "检查单位", "受检"),
        ("督查检查考核", "督查单位", "受检"),
        ("督查检查考核", "检查对象", "督查"),
        ("督检考", "检查对象", "督查"),
        ("检查", "检查单位", "受检"),
    ],
)
def test_a_name_of_both_directions_is_decided_by_the_counterpart(
    name: str, counterpart_header: str, kind: str
) -> None:
    rows = [["日期", "名称", counterpart_header], ["2025-08-07", "事项", "县政府办公室"]]
    result = read_workbook(xlsx({name: rows}), "a.xlsx")
    assert [row.kind for row in result.rows] == [kind]
    assert result.rows[0].counterpart == "县政府办公室"
    assert f"表头有“{counterpart_header}”" in result.sheets[0].kind_reason
    assert result.sheets[0].kind_reason.endswith(f"故为{kind}")


def test_a_sheet_whose_kind_cannot_be_determined_is_a_sheet_error() -> None:
    rows = [
        ["日期", "名称", "单位"],
        ["2025-08-07", "事项", "县政府"],
        ["2025-02-30", "事项二", ""],
    ]
    good = [["日期", "标题"], ["2025-08-07", "通知"]]
    result = read_workbook(xlsx({"会议": rows, "收文": good}), "a.xlsx")
    blocked = sheet(result, "会议")
    assert blocked.blocked and blocked.kind is None and blocked.rows == []
    assert blocked.errors == [
        RowError(
            "会议",
            None,
            "",
            "会议",
            "无法确定工作表“会议”的台账类别（工作表名称“会议”只表明是会议，未表明是参会还是办会，"
            "且表头没有来文、召集、实施单位或主送、参会、检查对象等单位列）。"
            "请将工作表命名为收文、发文、参会、办会、受检、督查之一，或增加“类别”列逐行填写",
        ),
        RowError("会议", 3, "日期", "2025-02-30", "日期不存在（2025年2月30日），请改为实际日期"),
    ]
    assert blocked.data_rows == 2
    assert [row.sheet for row in result.rows] == ["收文"]
    assert_accounted(result)
