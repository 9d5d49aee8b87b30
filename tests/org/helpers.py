"""Builders for the unit workbooks and CSV files the import tests feed in."""

from __future__ import annotations

import io
import json
from pathlib import Path

from django.core.management import call_command
from openpyxl import Workbook

HEADER = ["序号", "单位名称", "简称", "编码", "类型", "系统", "片区", "观测点", "别名"]
ROWS = [
    [1, "县委办公室", "县委办", "QH-XWB", "县级", "", "", "否", "中共青河县委办公室、两办"],
    [2, "县农业农村局", "农业农村局", "QH-NY", "部门", "农业", "", "否", "农业局；县农业局"],
    [3, "河口乡", "", "QH-HK", "乡镇", "", "东片", "是", ""],
    [4, "城关镇", "", "QH-CG", "乡镇", "", "西片", "√", ""],
]


def xlsx(
    path: Path,
    rows,
    header=HEADER,
    title: str | None = "青河县单位名录",
    sheet: str = "单位",
    merge_title: bool = True,
    blank_rows: int = 0,
) -> Path:
    workbook = Workbook()
    ws = workbook.active
    ws.title = sheet
    if title:
        ws.append([title])
        if merge_title:
            ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    for _ in range(blank_rows):
        ws.append([])
    ws.append(header)
    for row in rows:
        ws.append(row)
    workbook.save(path)
    return path


def csv_file(path: Path, rows, header=HEADER, encoding: str = "gbk") -> Path:
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow(row)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def run_import(path: Path, *args: str) -> tuple[int, dict, str]:
    """Run the command with --json; returns (exit code, JSON document, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command("import_units", str(path), "--json", *args, stdout=out, stderr=err)
    except SystemExit as exc:
        code = int(exc.code)
    return code, json.loads(out.getvalue() or "{}"), err.getvalue()
