"""Reading workbooks: how clerks lay sheets out (merged headers and cells, extras, notes)."""

from __future__ import annotations

import datetime as dt

from jianfu.ledgers.workbook import RowError, read_workbook

from .workbooks import assert_accounted, sheet, xlsx

D = dt.date


def test_a_meeting_sheet_with_a_two_level_merged_header() -> None:
    rows = [
        ["2025年参加会议情况登记表"],
        ["序号", "会议日期", "会议情况", None, None, "召集单位", "备注"],
        [None, None, "会议名称", "会议形式", "时长（分钟）", None, None],
        [1, "2025.8.7", "全县防汛工作会议", "视频", 90, "县政府办公室", None],
        [2, D(2025, 8, 8), "农业工作推进会", "现场", "1.5小时", "县农业农村局", None],
        [3, D(2025, 8, 9), "安全生产会", "电视电话", "很久", "县应急局", None],
    ]
    merges = ["A1:G1", "A2:A3", "B2:B3", "C2:E2", "F2:F3", "G2:G3"]
    result = read_workbook(xlsx({"会议": rows}, merges={"会议": merges}), "a.xlsx")
    meeting = sheet(result, "会议")
    assert meeting.header_row == 3 and meeting.kind == "参会"
    assert [(row.title, row.meeting_form, row.duration_minutes) for row in meeting.rows] == [
        ("全县防汛工作会议", "视频", 90),
        ("农业工作推进会", "现场", 90),
    ]
    assert meeting.errors == [
        RowError(
            "会议",
            6,
            "时长（分钟）",
            "很久",
            "无法识别的时长，请填写时长，如 2小时、1.5、90分钟 或 半天",
        )
    ]
    assert_accounted(result)


def test_merged_cells_below_the_header() -> None:
    rows = [
        ["日期", "标题", "文号", "来文单位"],
        [D(2025, 8, 7), "通知一", "a", "县委办"],  # the date is merged over three rows
        [None, "通知二", "b", "县委办"],
        [None, "通知三", "c", "县委办"],
        [D(2025, 8, 8), "一个很长的标题占了两行", "d", "县政府办"],  # every cell merged over 2 rows
        [None, None, None, None],
        [D(2025, 8, 9), "通知四", "e", "县政府办"],
    ]
    merges = ["A2:A4", "A5:A6", "B5:B6", "C5:C6", "D5:D6"]
    result = read_workbook(xlsx({"收文": rows}, merges={"收文": merges}), "a.xlsx")
    assert [(row.row, row.date.day, row.title) for row in result.rows] == [
        (2, 7, "通知一"),
        (3, 7, "通知二"),
        (4, 7, "通知三"),
        (5, 8, "一个很长的标题占了两行"),
        (7, 9, "通知四"),
    ]
    assert result.sheets[0].skipped.merged_continuation == 1
    assert_accounted(result)


def test_unknown_and_unlabelled_columns_are_kept_as_extras() -> None:
    rows = [
        ["日期", "标题", "办理情况", "时间", None, "办理情况"],
        ["2025-08-07", "通知", "已办结", "上午", "手写批注", "第二列"],
        ["2025-08-08", "通知二", None, None, None, None],
    ]
    result = read_workbook(xlsx({"收文": rows}), "a.xlsx")
    first, second = result.rows
    assert first.extras == {
        "办理情况": "已办结",
        "时间": "上午",
        "办理情况（F列）": "第二列",
        "E列": "手写批注",
    }
    assert first.date == D(2025, 8, 7)  # 日期 beats 时间
    assert second.extras == {}


def test_a_counterpart_column_that_fits_the_kind_wins() -> None:
    rows = [["日期", "标题", "主送单位", "来文单位"], ["2025-08-07", "通知", "各乡镇", "县委办"]]
    incoming = read_workbook(xlsx({"收文": rows}), "a.xlsx").rows[0]
    outgoing = read_workbook(xlsx({"发文": rows}), "a.xlsx").rows[0]
    assert (incoming.counterpart, incoming.extras) == ("县委办", {"主送单位": "各乡镇"})
    assert (outgoing.counterpart, outgoing.extras) == ("各乡镇", {"来文单位": "县委办"})


def test_a_repeated_header_is_skipped() -> None:
    rows = [["日期", "标题"], ["2025-08-07", "一"], ["日期", "标题"], ["2025-08-08", "二"]]
    result = read_workbook(xlsx({"收文": rows}), "a.xlsx")
    assert [row.title for row in result.rows] == ["一", "二"]
    assert result.sheets[0].skipped.repeated_header == 1


def test_other_sheets_without_a_header_are_noted_not_read() -> None:
    sheets = {
        "收文": [["日期", "标题"], ["2025-08-07", "一"]],
        "填表说明": [["1. 日期填写为 2025-08-07"], ["2. 标题照抄文件"]],
        "统计": [["单位", "发文数"], ["县农业农村局", 12]],
        "空白": [],
        "发文登记": [["时间段", "题目"], ["8月", "x"]],  # looks like a ledger: an error
    }
    result = read_workbook(xlsx(sheets, hidden=["统计"]), "a.xlsx")
    assert [(s.name, s.header_row) for s in result.sheets] == [
        ("收文", 1),
        ("填表说明", None),
        ("统计", None),
        ("空白", None),
        ("发文登记", None),
    ]
    assert sheet(result, "统计").hidden
    assert sheet(result, "空白").kind_reason == "空白工作表，已跳过"
    assert sheet(result, "填表说明").errors == []
    assert [(e.sheet, e.row, e.value) for e in result.errors] == [("发文登记", None, "发文登记")]
    assert "请检查表头名称" in result.errors[0].message


def test_parsed_values_are_memoised_only_where_equal_keys_read_alike() -> None:
    # True == 1.0 as dict keys: a boolean cell must not lend its reading to the number 1.
    rows = [
        ["会议日期", "会议名称", "召集单位", "时长"],
        ["2025-08-07", "一", "县政府", True],
        ["2025-08-08", "二", "县政府", 1.0],
        ["2025-08-09", "三", "县政府", 1.0],
        ["2025-08-10", "四", "县政府", "1"],
    ]
    result = read_workbook(xlsx({"参会": rows}), "a.xlsx")
    assert [error.row for error in result.errors] == [2]
    assert [row.duration_minutes for row in result.rows] == [60, 60, 60]


def test_time_headers_archival_titles_and_a_signature_footer_spread_over_cells() -> None:
    """Registration books often say 收文时间 / 发文时间 and 题名, and end with a footer of
    who filled the sheet in, who checked it and when, spread over several cells."""
    received = [
        ["城关镇2025年收文登记簿"],
        ["序号", "收文时间", "来文机关", "文件字号", "题名"],
        [1, D(2025, 3, 5), "县委办公室", "县委办发〔2025〕8号", "关于做好春耕生产的通知"],
        [2, "2025.3.6", "县农业农村局", None, "关于报送农业数据的通知"],
        ["填表人：刘芳", None, "审核人：陈建国", None, "填表日期：2025年3月31日"],
    ]
    sent = [
        ["序号", "发文时间", "主送单位", "文件题目"],
        [1, D(2025, 3, 7), "各村", "关于开展春季植树活动的通知"],
        ["经办人：王强", None, "报送日期：2025年4月1日"],
    ]
    result = read_workbook(xlsx({"收文": received, "发文": sent}), "a.xlsx")
    assert result.errors == []
    assert [(r.kind, r.date, r.title) for r in result.rows] == [
        ("收文", D(2025, 3, 5), "关于做好春耕生产的通知"),
        ("收文", D(2025, 3, 6), "关于报送农业数据的通知"),
        ("发文", D(2025, 3, 7), "关于开展春季植树活动的通知"),
    ]
    assert result.rows[0].doc_no == "县委办发〔2025〕8号"
    assert [s.skipped.notes for s in result.sheets] == [1, 1]
    assert_accounted(result)
