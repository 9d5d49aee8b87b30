"""The .xlsx appendix: every figure of the report, one sheet per table, cells neutralised (R12).

Numbers are written as numbers (so that they can be summed and checked); text cells go through
`jianfu.core.excel.excel_safe`. Sheets: 说明, 总体情况, 各单位, 数额使用, 走势, 预警, 通报单位.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from jianfu.core.excel import excel_safe

from .analysis import SECTIONS
from .content_tables import SECTION_LABEL, STATUS_LABEL, TOTAL_LABEL

UNIT_HEADERS = [
    "单位编码",
    "单位",
    "发文",
    "会议",
    "督查检查考核",
    "简报",
    "应急类",
    "发文数额",
    "会议数额",
    "督查检查考核数额",
    "发文已用",
    "会议已用",
    "督查检查考核已用",
    "提醒人次",
]


def _sheet(
    workbook,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    widths: Sequence[int] = (),
) -> None:
    sheet = workbook.create_sheet(title)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    fill = PatternFill("solid", fgColor="F5F7FA")
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=excel_safe(header))
        cell.font = Font(bold=True)
        cell.fill = fill
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([excel_safe(value) for value in row])


def xlsx_bytes(data: dict) -> bytes:
    workbook = Workbook(write_only=True)
    names = {u["unit"]: u.get("name") or u["unit"] for u in data["units"]}
    _sheet(
        workbook,
        "说明",
        ["项目", "内容"],
        [
            ["标题", data["title"]],
            ["文号", data["doc_no"]],
            ["类型", data["kind"]],
            ["期间", data["code"]],
            ["起始日期", data["period"]["start"]],
            ["截止日期", data["period"]["end"]],
            ["县（区）", data["county"]["name"]],
            [
                "统计口径",
                "县级机关和县直部门产生的计入统计的发文、会议、督查检查考核，每件只计一次",
            ],
        ],
        widths=(16, 80),
    )
    _sheet(
        workbook,
        "总体情况",
        ["项目", "本期", "上期", "增减", "增减幅度（%）"],
        [
            [TOTAL_LABEL[r["key"]], r["current"], r["previous"], r["delta"], r["percent"]]
            for r in data["change"]
        ],
        widths=(22, 10, 10, 10, 14),
    )
    _sheet(
        workbook,
        "各单位",
        UNIT_HEADERS,
        [
            [
                u["unit"],
                names[u["unit"]],
                u["documents"],
                u["meetings"],
                u["inspections"],
                u["briefs"],
                u.get("emergency", 0),
                *[u["quota"][s] for s in SECTIONS],
                *[u["used"][s] for s in SECTIONS],
                u["reminders"],
            ]
            for u in data["units"]
        ],
        widths=(12, 24, *([10] * 12)),
    )
    _sheet(
        workbook,
        "数额使用",
        [
            "序号",
            "单位编码",
            "单位",
            "类别",
            "已用",
            "年度数额",
            "使用率（%）",
            "按进度应用",
            "预计全年",
            "状态",
        ],
        [
            [
                rank,
                r["unit"],
                names.get(r["unit"], r["unit"]),
                SECTION_LABEL[r["section"]],
                r["used"],
                r["quota"],
                r["rate"],
                r["pace"],
                r["projected"],
                STATUS_LABEL[r["status"]],
            ]
            for rank, r in enumerate(data["quota_use"], start=1)
        ],
        widths=(6, 12, 24, 14, 8, 10, 12, 12, 10, 10),
    )
    _sheet(
        workbook,
        "走势",
        ["期间", "发文", "会议", "督查检查考核", "简报", "应急类", "提醒人次"],
        [
            [
                t["code"],
                t["totals"]["documents"],
                t["totals"]["meetings"],
                t["totals"]["inspections"],
                t["totals"]["briefs"],
                t["totals"]["emergency"],
                t["totals"]["reminders"],
            ]
            for t in data["trend"]
        ],
        widths=(12, 10, 10, 14, 10, 10, 10),
    )
    _sheet(
        workbook,
        "预警",
        ["单位编码", "单位", "规则", "预警内容"],
        [
            [a["unit"], names.get(a["unit"], a["unit"]), a["rule"], a["message"]]
            for a in data["alerts"]
        ],
        widths=(12, 24, 10, 80),
    )
    _sheet(
        workbook,
        "通报单位",
        ["单位编码", "单位", "通报事由"],
        [
            [n["unit"], names.get(n["unit"], n["unit"]), "；".join(n["reasons"])]
            for n in data["named"]
        ],
        widths=(12, 24, 80),
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
