"""Reading whole workbooks that look like clerks' files: rows, dates, errors, sources."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from jianfu.ledgers.workbook import LedgerRow, RowError, dedup_key, read_workbook

from .workbooks import assert_accounted, ods, sheet, xlsx, xlsx_with_xlsxwriter

D = dt.date


# --- a county department's 收文 register, as a clerk keeps it ------------------------------------

CLERK_INCOMING = [
    ["青河县农业农村局2025年收文登记台账", None, None, None, None, None, None],
    ["填报单位：青河县农业农村局（盖章）", None, None, None, "填报时间：2025年9月1日"],
    ["序号", "收文\n日期", "来文机关", "文号", "文件标题", "备  注", "承办科室"],
    [
        1,
        dt.datetime(2025, 8, 7, 9, 30),
        "县委办公室",
        "县委办发〔2025〕12号",
        "关于做好防汛工作的通知",
        None,
        "办公室",
    ],
    [
        2,
        "2025/8/8",
        "市农业农村局",
        "市农发（２０２５）３号",
        "关于开展高标准农田建设\n验收的通知",
        "急件",
        None,
    ],
    [
        3,
        "２０２５年８月９日",
        "县政府办公室",
        "青政办发[2025]7号",
        "关于印发《秋粮收购方案》的通知",
        None,
        None,
    ],
    [None, None, None, None, None, None, None],
    [4, "2025.8.10", "县委组织部", "县组通【2025】021号", "关于干部任免的通知", None, None],
    [5, "20250811", "县委宣传部", "无", "关于开展学习活动的通知", None, None],
    [6, "8月12日", "县财政局", "县财发(2025)5号", "关于下达资金的通知", None, None],
    [7, 45881, "县教育局", None, "关于开学准备的函", None, None],
    [8, "2025-02-30", "县水利局", None, "关于水库安全的通知", None, None],
    [9, None, "县林业局", None, "关于森林防火的通知", None, None],
    [10, "2025-08-15", "县应急局", "县应急发〔2025〕9号", None, None, None],
    [11, None, None, None, None, None, None],  # a pre-numbered empty template row
    [12, "明天", None, None, None, None, None],
    [None, None, None, None, None, None, None],
    ["备注：1.本表每月5日前报送；2.文号无则填“无”。"],
    ["填表人：张三", None, None, "审核人：李四"],
    ["合计", None, None, None, "12件"],
]


def test_a_clerks_incoming_register() -> None:
    data = xlsx({"收文登记": CLERK_INCOMING}, merges={"收文登记": ["A1:G1", "A2:D2", "A21:G21"]})
    result = read_workbook(data, "2025年收文台账.xlsx")
    assert_accounted(result)
    register = sheet(result, "收文登记")
    assert register.kind == "收文"
    assert register.kind_reason == "工作表名称“收文登记”表明为收文"
    assert register.header_row == 3
    assert register.column_map == {
        "序号": "seq",
        "收文日期": "date",
        "来文机关": "counterpart",
        "文号": "doc_no",
        "文件标题": "title",
        "备  注": "remarks",
        "承办科室": None,
    }
    assert [(row.row, row.date) for row in register.rows] == [
        (4, D(2025, 8, 7)),
        (5, D(2025, 8, 8)),
        (6, D(2025, 8, 9)),
        (8, D(2025, 8, 10)),
        (9, D(2025, 8, 11)),
        (10, D(2025, 8, 12)),
        (11, D(2025, 8, 12)),
    ]
    first, second, third, fourth, fifth = register.rows[:5]
    assert first == LedgerRow(
        sheet="收文登记",
        row=4,
        kind="收文",
        date=D(2025, 8, 7),
        counterpart="县委办公室",
        doc_no="县委办发〔2025〕12号",
        doc_no_norm="县委办发[2025]12号",
        title="关于做好防汛工作的通知",
        title_norm="关于做好防汛工作的通知",
        genre="",
        meeting_form="",
        duration_minutes=None,
        inspection_type="",
        materials_requested=None,
        remarks="",
        extras={"承办科室": "办公室"},
    )
    assert second.doc_no == "市农发（２０２５）３号"
    assert second.doc_no_norm == "市农发[2025]3号"
    assert second.title == "关于开展高标准农田建设验收的通知"  # a wrapped cell is one title
    assert second.remarks == "急件"
    assert third.doc_no_norm == "青政办发[2025]7号"
    assert third.title_norm == "关于印发秋粮收购方案的通知"
    assert fourth.doc_no_norm == "县组通[2025]21号"
    assert (fifth.doc_no, fifth.doc_no_norm) == ("", "")  # 无 means none
    no_title = "缺少标题，每一行都必须填写文件标题、会议名称或事项名称"
    assert register.errors == [
        RowError(
            "收文登记", 12, "收文日期", "2025-02-30", "日期不存在（2025年2月30日），请改为实际日期"
        ),
        RowError("收文登记", 13, "收文日期", "", "缺少日期，每一行都必须填写日期（如 2025-08-07）"),
        RowError("收文登记", 14, "文件标题", "", no_title),
        RowError(
            "收文登记",
            16,
            "收文日期",
            "明天",
            "无法识别的日期，请填写为 2025-08-07、2025/8/7 或 2025年8月7日 这样的日期",
        ),
        RowError("收文登记", 16, "文件标题", "", no_title),
    ]
    assert register.data_rows == 11
    assert (register.skipped.blank, register.skipped.notes) == (3, 3)
    assert register.skipped.title_rows == 3
    assert result.rows_total == 11


def test_month_day_without_a_year_in_the_title_is_an_error() -> None:
    rows = [["收文登记台账"], ["日期", "标题"], ["8月12日", "通知"], ["2025-08-13", "通知二"]]
    result = read_workbook(xlsx({"收文": rows}), "a.xlsx")
    assert result.errors == [
        RowError(
            "收文",
            3,
            "日期",
            "8月12日",
            "日期缺少年份，且无法从表格标题推断年份，请写出完整日期（如 2025年8月7日）",
        )
    ]
    assert [row.row for row in result.rows] == [4]
    assert_accounted(result)


def test_excel_serials_and_date_cells_written_by_xlsxwriter() -> None:
    rows = [
        ["发文日期", "发文字号", "文件标题", "主送单位"],
        [45876, "县农发〔2025〕1号", "通知一", "各乡镇（街道）"],  # serial in a date cell
        [45877.0, "县农发〔2025〕2号", "通知二", "河口乡"],
        ["2025年8月9日", "县农发〔2025〕3号", "通知三", "城关镇"],
    ]
    data = xlsx_with_xlsxwriter("发文", rows, date_columns=[0])
    plain = xlsx({"发文": [rows[0], [45878, "x", "通知四", ""]]})  # a bare number, no format
    result = read_workbook(data, "fw.xlsx")
    assert [row.date for row in result.rows] == [D(2025, 8, 7), D(2025, 8, 8), D(2025, 8, 9)]
    assert result.rows[0].counterpart == "各乡镇（街道）"
    assert read_workbook(plain, "fw.xlsx").rows[0].date == D(2025, 8, 9)
    assert_accounted(result)


def test_the_standard_template_one_sheet_per_kind() -> None:
    sheets = {
        "收文": [
            ["收文日期", "来文单位", "来文字号", "标题"],
            ["2025-08-01", "县委办", "县委办发〔2025〕1号", "收到的通知"],
        ],
        "发文": [
            ["发文日期", "主送", "文号", "标题", "文种"],
            ["2025-08-02", "各乡镇（街道）", "县农发〔2025〕2号", "发出的通知", "通知"],
        ],
        "参会": [
            ["会议日期", "召集单位", "会议名称", "会议形式", "会议时长"],
            ["2025-08-03", "县政府", "全县会议", "电视电话", "1.5"],
        ],
        "办会": [
            ["会议日期", "参会单位", "会议名称", "形式", "时长（分钟）"],
            ["2025-08-04", "各乡镇", "本局会议", "现场", "45"],
        ],
        "受检": [
            ["检查日期", "检查单位", "事项名称", "检查类型", "是否要求提供材料"],
            ["2025-08-05", "县委督查室", "作风督查", "督查", "是"],
        ],
        "督查": [
            ["检查日期", "检查对象", "事项名称", "类型", "要求提供材料"],
            ["2025-08-06", "河口乡", "农业调研", "调研", "否"],
        ],
    }
    result = read_workbook(xlsx(sheets), "模板.xlsx")
    assert result.errors == []
    assert [(row.sheet, row.kind, row.date.day) for row in result.rows] == [
        ("收文", "收文", 1),
        ("发文", "发文", 2),
        ("参会", "参会", 3),
        ("办会", "办会", 4),
        ("受检", "受检", 5),
        ("督查", "督查", 6),
    ]
    by_kind = {row.kind: row for row in result.rows}
    assert by_kind["发文"].genre == "通知"
    assert (by_kind["参会"].meeting_form, by_kind["参会"].duration_minutes) == ("电视电话", 90)
    assert by_kind["办会"].duration_minutes == 45
    assert (by_kind["受检"].inspection_type, by_kind["受检"].materials_requested) == ("督查", True)
    assert by_kind["督查"].materials_requested is False
    assert_accounted(result)


def test_dedup_key() -> None:
    rows = [
        ["日期", "文号", "标题"],
        ["2025-08-07", "县委办发〔2025〕12号", "关于 做好《防汛》工作的通知"],
        ["2025/8/7", "县委办发（2025）12号", "关于做好防汛工作的通知"],
    ]
    first, second = read_workbook(xlsx({"收文": rows}), "a.xlsx").rows
    assert (
        dedup_key(first)
        == dedup_key(second)
        == first.dedup_key
        == ("收文", D(2025, 8, 7), "县委办发[2025]12号", "关于做好防汛工作的通知")
    )


def test_sources_path_bytes_and_file(tmp_path: Path) -> None:
    data = xlsx({"收文": [["日期", "标题"], ["2025-08-07", "一"]]})
    path = tmp_path / "台账.xlsm"
    path.write_bytes(data)
    from_path = read_workbook(path)
    assert from_path.filename == "台账.xlsm"
    with path.open("rb") as handle:
        from_file = read_workbook(handle, "台账.xlsm")
    assert from_path.rows == from_file.rows == read_workbook(data, "x.xlsx").rows


def test_ods() -> None:
    result = read_workbook(ods("发文", [["日期", "标题"], ["2025-08-07", "通知"]]), "a.ods")
    assert [(row.kind, row.date, row.title) for row in result.rows] == [
        ("发文", D(2025, 8, 7), "通知")
    ]
