"""Files refused as a whole (with a stable code), and CSV in the encodings clerks' PCs write."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest

from jianfu.ledgers.workbook import ReadLimits, RowError, WorkbookRefused, read_workbook

from .workbooks import csv_bytes, xlsx

OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
LEDGER = [
    ["收文日期", "来文单位", "文号", "标题"],
    ["2025-08-07", "县委办", "县委办发〔2025〕12号", "关于做好防汛工作的通知"],
    ["2025/8/8", "县政府办", "", "关于秋收的通知"],
]


def refusal(data: bytes, filename: str, **limits: int) -> WorkbookRefused:
    with pytest.raises(WorkbookRefused) as caught:
        read_workbook(data, filename, limits=ReadLimits(**limits))
    assert caught.value.message  # always something to show
    return caught.value


def a_zip(**members: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "filename", "code"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "台账.xlsx", "not_a_workbook"),
        (b"garbage bytes that are no workbook", "台账.xlsx", "not_a_workbook"),
        ("日期,标题\n2025-08-07,通知\n".encode(), "台账.xlsx", "not_a_workbook"),  # text, not csv
        (b"", "台账.xlsx", "empty"),
        (b"PK\x03\x04" + b"\x00" * 200, "台账.xlsx", "corrupted"),
        (a_zip(**{"word/document.xml": "<w:document/>"}), "台账.xlsx", "corrupted"),
        (
            OLE_HEADER + b"\x00" * 600 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 100,
            "台账.xlsx",
            "password_protected",
        ),
        (OLE_HEADER + b"\x00" * 600 + b"EncryptedPackage", "台账.xlsx", "password_protected"),
        (OLE_HEADER + b"\x00" * 1000, "台账.xls", "corrupted"),
        (b"\x00\x01\x02\xff\xfe\x00garbage", "台账.csv", "encoding"),
    ],
)
def test_refused_files(data: bytes, filename: str, code: str) -> None:
    assert refusal(data, filename).code == code


def test_truncated_workbook_is_corrupted() -> None:
    data = xlsx({"收文": LEDGER})
    assert refusal(data[: len(data) // 2], "台账.xlsx").code == "corrupted"


def test_messages_are_chinese_and_say_what_to_do() -> None:
    error = refusal(b"garbage bytes", "台账.xlsx")
    assert error.message == (
        "文件不是 Excel 工作簿或 CSV 表格，请上传 .xlsx、.xls、.ods 或 .csv 文件"
    )
    encrypted = refusal(OLE_HEADER + b"EncryptedPackage", "a.xlsx")
    assert encrypted.message == "工作簿设置了打开密码，请在 Excel 中取消密码后重新导入"


def test_empty_workbook() -> None:
    assert refusal(xlsx({"Sheet1": []}), "a.xlsx").code == "empty"
    assert refusal(xlsx({"Sheet1": [[None, "  "]]}), "a.xlsx").code == "empty"
    assert refusal(csv_bytes([[""], [""]]), "a.csv").code == "empty"
    only_header = refusal(
        xlsx({"收文": [["2025年收文台账"], ["日期", "标题"], [], ["备注：无"]]}), "a.xlsx"
    )
    assert (only_header.code, only_header.message) == (
        "empty",
        "工作簿中只有表头、标题或说明，没有任何台账行",
    )


def test_no_sheet_with_a_header() -> None:
    data = xlsx({"Sheet1": [["青河县2025年台账"], ["单位", "数量"], ["县委办", 3]], "Sheet2": []})
    error = refusal(data, "a.xlsx")
    assert error.code == "no_header"
    assert error.message.startswith("工作表“Sheet1”在前 15 行中未找到表头")


def test_too_many_rows_and_too_large() -> None:
    rows = [LEDGER[0]] + [["2025-08-07", "县委办", "", f"通知{i}"] for i in range(30)]
    data = xlsx({"收文": rows})
    assert refusal(data, "a.xlsx", max_rows=20).code == "too_many_rows"
    assert read_workbook(data, "a.xlsx", limits=ReadLimits(max_rows=31)).rows_total == 30
    assert refusal(data, "a.xlsx", max_bytes=1000).code == "too_large"
    assert refusal(csv_bytes(rows), "a.csv", max_rows=20).code == "too_many_rows"


def test_too_many_rows_counts_every_sheet() -> None:
    rows = [LEDGER[0]] + [["2025-08-07", "县委办", "", f"通知{i}"] for i in range(15)]
    data = xlsx({"收文": rows, "发文": rows})
    assert refusal(data, "a.xlsx", max_rows=25).code == "too_many_rows"


def test_missing_path_is_refused(tmp_path: Path) -> None:
    with pytest.raises(WorkbookRefused) as caught:
        read_workbook(tmp_path / "nothing.xlsx")
    assert caught.value.code == "not_a_workbook"


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8", "utf-8-sig"])
def test_csv_in_every_encoding(encoding: str) -> None:
    result = read_workbook(csv_bytes(LEDGER, encoding), "收文登记.csv")
    assert result.errors == []
    assert [
        (row.sheet, row.kind, row.date, row.counterpart, row.doc_no_norm, row.title)
        for row in result.rows
    ] == [
        (
            "收文登记",
            "收文",
            dt.date(2025, 8, 7),
            "县委办",
            "县委办发[2025]12号",
            "关于做好防汛工作的通知",
        ),
        ("收文登记", "收文", dt.date(2025, 8, 8), "县政府办", "", "关于秋收的通知"),
    ]


def test_unicode_text_export_is_tab_separated_utf16() -> None:
    text = "\r\n".join("\t".join(row) for row in LEDGER)
    result = read_workbook(text.encode("utf-16"), "收文.txt")
    assert [row.title for row in result.rows] == ["关于做好防汛工作的通知", "关于秋收的通知"]


def test_csv_errors_name_the_row_as_the_spreadsheet_shows_it() -> None:
    rows = [
        ["青河县农业农村局2025年收文登记台账"],
        ["序号", "日期", "标题"],
        ["1", "２０２５年８月７日", "通知"],
        ["2", "8月32日", "通知二"],
        ["", "", ""],
        ["备注：无"],
    ]
    result = read_workbook(csv_bytes(rows, "gbk"), "收文.csv")
    assert [row.date for row in result.rows] == [dt.date(2025, 8, 7)]
    assert result.errors == [
        RowError("收文", 4, "日期", "8月32日", "日期不存在（2025年8月32日），请改为实际日期")
    ]
    assert result.sheets[0].skipped.notes == 1
