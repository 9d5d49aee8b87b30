"""`jianfu import_ledger` and `jianfu ledger_export` (DESIGN.md 5.3): output, exit codes."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest
from django.core.management import CommandError

from jianfu.core.models import AuditEvent
from jianfu.ledgers.models import LedgerEntry

from .helpers import HEKOU_ROWS, call, hekou_workbook, write, xlsx_text
from .test_import_service import BAD_ROWS

pytestmark = pytest.mark.django_db


def test_import_ledger_json_and_progress(units, tmp_path):
    path = write(tmp_path, "河口乡收文.xlsx", hekou_workbook())
    code, doc, _out, err = call("import_ledger", path, "--unit", "QH-HK", "--json")
    assert code == 0
    assert set(doc) == {"batch", "rows", "imported", "duplicates", "errors"}
    assert (doc["rows"], doc["imported"], doc["duplicates"], doc["errors"]) == (6, 6, 0, [])
    assert isinstance(doc["batch"], int)
    assert "读取" in err and "保存" in err and "导入完成" in err
    code, doc, _out, _err = call(
        "import_ledger", path, "--unit", "QH-HK", "--county", "QH", "--json"
    )
    assert code == 0 and (doc["imported"], doc["duplicates"]) == (0, HEKOU_ROWS)


def test_import_ledger_with_bad_rows_exits_1_and_lists_them(units, tmp_path):
    path = write(tmp_path, "bad.xlsx", hekou_workbook(BAD_ROWS))
    code, doc, _out, err = call("import_ledger", path, "--unit", "QH-HK", "--json")
    assert code == 1
    assert doc["batch"] is None and doc["imported"] == 0 and len(doc["errors"]) == 3
    assert {e["row"] for e in doc["errors"]} == {10, 11, 12}
    assert all(set(e) == {"sheet", "row", "column", "value", "message"} for e in doc["errors"])
    assert "未保存" in err
    assert not LedgerEntry.objects.exists()
    code, doc, _out, _err = call("import_ledger", path, "--unit", "QH-HK", "--partial", "--json")
    assert code == 0 and doc["imported"] == 6 and len(doc["errors"]) == 3
    assert doc["rows"] == doc["imported"] + doc["duplicates"] + 3


def test_a_sheet_that_cannot_be_read_is_named_in_the_summary(units, tmp_path):
    """With --partial the readable rows go in; the summary says a sheet was not read at all,
    so that its rows are not taken for imported (they are in no count)."""
    from tests.ledgers.workbooks import xlsx

    head = ["收文日期", "来文单位", "标题"]
    good = [head, ["2025-03-05", "县委办公室", "关于做好春耕生产的通知"]]
    old = [head, ["2024-03-05", "县委办公室", "关于做好2024年春耕生产的通知"]]
    odd = [["序号", "收到那天", "发来的"], [1, "2025-03-06", "县教育局"]]
    sheets = {"收文": good, "收文登记（二）": odd, "旧版": old}
    path = write(tmp_path, "收文.xlsx", xlsx(sheets, hidden=["旧版"]))
    code, doc, _out, err = call("import_ledger", path, "--unit", "QH-HK", "--partial", "--json")
    assert code == 0 and (doc["rows"], doc["imported"]) == (2, 2)
    (problem,) = doc["errors"]
    assert problem["sheet"] == "收文登记（二）" and problem["row"] is None
    assert "另有 1 个工作表未能读取" in err.splitlines()[-1]
    assert "隐藏的工作表“旧版”也已读取（1 行）" in err  # a forgotten sheet is said to be read
    code, doc, _out, err = call("import_ledger", path, "--unit", "QH-HK", "--json")
    assert code == 1 and "另有 1 个工作表未能读取" in err


def test_import_ledger_refused_file_exits_1(units, tmp_path):
    path = write(tmp_path, "garbage.xlsx", b"\x00\x01 not a workbook")
    code, doc, _out, err = call("import_ledger", path, "--unit", "QH-HK", "--json")
    assert code == 1
    assert doc["batch"] is None and doc["rows"] == 0 and doc["errors"][0]["message"] in err
    path = write(tmp_path, "empty.xlsx", b"")
    code, doc, _out, _err = call("import_ledger", path, "--unit", "QH-HK", "--json")
    assert code == 1 and "空" in doc["errors"][0]["message"]


def test_import_ledger_usage_errors(units, tmp_path):
    with pytest.raises(CommandError) as missing:
        call("import_ledger", str(tmp_path / "nope.xlsx"), "--unit", "QH-HK")
    assert missing.value.returncode == 2
    path = write(tmp_path, "a.xlsx", hekou_workbook())
    with pytest.raises(CommandError) as unknown:
        call("import_ledger", path, "--unit", "NOPE")
    assert unknown.value.returncode == 2
    with pytest.raises(CommandError) as county:
        call("import_ledger", path, "--unit", "QH-HK", "--county", "XX")
    assert county.value.returncode == 2


def _import_mixed(units, tmp_path):
    sheets = {
        "收文": [
            ["收文日期", "来文单位", "文号", "标题"],
            [
                "2025-05-06",
                "县委办公室",
                "县委办发（２０２５）０３号",
                "关于加强森林防火工作的通知",
            ],
            ["2025-06-01", "市委办公室", None, '=HYPERLINK("http://example.com","点击")'],
        ],
        "办会": [
            ["会议日期", "参会单位", "会议名称", "会议形式", "时长（分钟）"],
            ["2025-05-20", "各乡镇（街道）", "全县农业农村工作会议", "现场", 90],
        ],
        "督查": [
            ["检查日期", "检查对象", "事项名称", "检查类型", "是否要求提供材料"],
            ["2025-07-08", "河口乡", "高标准农田建设督查", "督查", "是"],
        ],
    }
    path = write(tmp_path, "农业农村局台账.xlsx", xlsx_text(sheets))
    code, doc, _o, _e = call("import_ledger", path, "--unit", "QH-NY", "--json")
    assert code == 0 and doc["imported"] == 4, doc
    return doc["batch"]


def test_export_json(units, tmp_path):
    batch = _import_mixed(units, tmp_path)
    code, doc, _out, _err = call("ledger_export", "--unit", "QH-NY", "--format", "json")
    assert code == 0 and doc["unit"] == "QH-NY" and len(doc["entries"]) == 4
    first = doc["entries"][0]
    assert set(first) == {
        "id", "kind", "date", "counterpart", "counterpart_unit", "doc_no", "title", "genre",
        "counted", "quota_charged", "category", "rule", "reason", "source",
    }  # fmt: skip
    assert first["date"] == "2025-05-06" and first["kind"] == "收文"
    assert first["doc_no"] == "县委办发[2025]3号"  # normalised
    assert first["counterpart_unit"] == "QH-XWB"
    assert first["source"] == {"batch": batch, "sheet": "收文", "row": 2}
    assert first["rule"] and first["reason"].endswith(f"（{first['rule']}）")
    assert [e["doc_no"] for e in doc["entries"]][1:] == ["", "", ""]
    inspection = next(e for e in doc["entries"] if e["kind"] == "督查")
    assert inspection["counterpart_unit"] == "QH-HK"
    code, doc, _out, _err = call(
        "ledger_export", "--unit", "QH-NY", "--format", "json", "--from", "2025-05-10",
        "--to", "2025-06-30",
    )  # fmt: skip
    assert [e["date"] for e in doc["entries"]] == ["2025-05-20", "2025-06-01"]
    assert AuditEvent.objects.filter(action="export").count() == 2


def test_export_xlsx_is_the_template_neutralised_and_imports_again(units, tmp_path):
    _import_mixed(units, tmp_path)
    out = tmp_path / "export.xlsx"
    code, _doc, _text, err = call(
        "ledger_export", "--unit", "QH-NY", "--format", "xlsx", "-o", str(out)
    )
    assert code == 0 and "已导出" in err
    workbook = openpyxl.load_workbook(io.BytesIO(out.read_bytes()))
    assert workbook.sheetnames == ["收文", "发文", "参会", "办会", "受检", "督查"]
    head = [c.value for c in workbook["收文"][1]]
    assert head[:4] == ["日期", "来文单位", "文号", "标题"]
    assert head[-5:] == ["计入统计", "占用数额", "统计类别", "规则", "理由"]
    assert [c.value for c in workbook["办会"][1]][1] == "参会单位"
    assert [c.value for c in workbook["督查"][1]][1] == "检查对象"
    titles = [row[3].value for row in workbook["收文"].iter_rows(min_row=2)]
    formula = next(t for t in titles if "HYPERLINK" in t)
    assert formula.startswith("'=")  # shown as text, never run
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f"
    row = [c.value for c in workbook["收文"][2]]
    assert row[-5] in ("是", "否") and row[-2]

    # round trip: the exported workbook imports cleanly into another unit
    code, doc, _o, _e = call("import_ledger", str(out), "--unit", "QH-JY", "--json")
    assert code == 0, doc
    assert (doc["rows"], doc["imported"], doc["errors"]) == (4, 4, [])
    source = {
        (e.kind, e.date, e.doc_no_norm, e.counted, e.rule, e.duration_minutes)
        for e in LedgerEntry.objects.filter(unit=units["ny"])
    }
    copied = {
        (e.kind, e.date, e.doc_no_norm, e.counted, e.rule, e.duration_minutes)
        for e in LedgerEntry.objects.filter(unit=units["jy"])
    }
    assert copied == source
    assert all(not e.extras for e in LedgerEntry.objects.filter(unit=units["jy"]))


def test_export_usage_errors(units, tmp_path):
    for args in (
        ("--unit", "NOPE", "--format", "json"),
        ("--unit", "QH-NY", "--format", "json", "--from", "2025-13-01"),
        ("--unit", "QH-NY", "--format", "json", "--from", "2025-09-01", "--to", "2025-08-01"),
        ("--unit", "QH-NY", "--format", "xlsx", "-o", str(tmp_path / "no" / "x.xlsx")),
    ):
        with pytest.raises(CommandError) as usage:
            call("ledger_export", *args)
        assert usage.value.returncode == 2, args


def test_export_of_an_empty_ledger(units):
    code, doc, text, _err = call("ledger_export", "--unit", "QH-CG", "--format", "json")
    assert code == 0 and doc == {"unit": "QH-CG", "entries": []}
    assert json.loads(text) == doc
