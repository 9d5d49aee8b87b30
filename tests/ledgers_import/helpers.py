"""Workbooks as township and department clerks keep them, and small helpers for the tests."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

from django.core.management import call_command

from jianfu.core.actor import Actor
from tests.ledgers.workbooks import csv_bytes, xlsx

__all__ = ["HEKOU_INCOMING", "call", "cli_actor", "csv_bytes", "hekou_workbook", "xlsx"]

D = dt.date

# 河口乡 keeps its 收文 register with a title row, a merged title, a two-word header and notes.
HEKOU_INCOMING = [
    ["河口乡2025年收文登记簿", None, None, None, None, None],
    ["序号", "收文日期", "来文机关", "文件编号", "文件名称", "备注"],
    [
        1,
        dt.datetime(2025, 8, 7),
        "县委办公室",
        "县委办发〔2025〕12号",
        "关于做好防汛工作的通知",
        None,
    ],
    [2, "2025/8/8", "县政府办", "青政办发（２０２５）７号", "关于印发《秋粮收购方案》的通知", None],
    [3, "2025年8月9日", "县农业农村局", "农发[2025]3号", "全县农业工作简报（第5期）", None],
    [4, "2025.8.11", "市委办公室", "市委办发【2025】21号", "关于开展专项整治的通知", "急件"],
    [5, "20250812", "县教育局", "无", "关于开学准备工作的函", None],
    [None, None, None, None, None, None],
    [6, "2025-08-13", "县红十字会", None, "关于开展博爱募捐活动的倡议", None],
    ["备注：本表每月5日前报送"],
    ["填表人：王芳", None, None, "审核人：李明"],
]
HEKOU_ROWS = 6


def hekou_workbook(extra_rows: list[list] | None = None) -> bytes:
    rows = [*HEKOU_INCOMING[:-2], *(extra_rows or []), *HEKOU_INCOMING[-2:]]
    return xlsx({"收文登记": rows}, merges={"收文登记": ["A1:F1"]})


def cli_actor() -> Actor:
    return Actor.command()


def call(*args: str) -> tuple[int, dict | None, str, str]:
    """Run a command; (exit code, parsed JSON stdout or None, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command(*args, stdout=out, stderr=err)
    except SystemExit as exc:
        code = int(exc.code or 0)
    text = out.getvalue()
    try:
        parsed = json.loads(text) if text.strip() else None
    except json.JSONDecodeError:
        parsed = None
    return code, parsed, text, err.getvalue()


def write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def xlsx_text(sheets: dict[str, list[list]]) -> bytes:
    """An .xlsx (xlsxwriter) whose strings stay strings, even one that starts with '='."""
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    for name, rows in sheets.items():
        sheet = workbook.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    sheet.write(r, c, value)
    workbook.close()
    return buffer.getvalue()
