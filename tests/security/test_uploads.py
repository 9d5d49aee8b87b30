"""R11: a hostile-file corpus against the one upload guard (jianfu/core/uploads.py), and through
the upload pages that use it (ledger import, rules YAML)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from openpyxl import Workbook

from jianfu.core.uploads import (
    DOCUMENTS,
    TABLES,
    UploadRefused,
    check_upload,
    content_disposition,
    display_name,
    download_response,
    store_upload,
    stored_path,
)

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def real_xlsx() -> bytes:
    book = Workbook()
    book.active.append(["收文日期", "来文单位", "标题"])
    book.active.append(["2025-08-07", "县委办", "关于做好防汛工作的通知"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def real_docx() -> bytes:
    document = Document()
    document.add_paragraph("整改情况说明")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def a_zip(members: dict[str, bytes], *, encrypted: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    raw = bytearray(buffer.getvalue())
    if encrypted:  # zipfile cannot encrypt: set the "encrypted" flag bit in every header
        for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
            at = raw.find(signature)
            while at != -1:
                raw[at + offset] |= 0x1
                at = raw.find(signature, at + 4)
    return bytes(raw)


XLSX_SKELETON = {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"

CORPUS = [
    # (name, bytes, filename, refusal code)
    ("exe renamed .xlsx", b"MZ\x90\x00\x03" + b"\x00" * 200 + b"This program", "台账.xlsx",
     "not_allowed"),
    ("ELF renamed .csv", b"\x7fELF\x02\x01\x01" + b"\x00" * 100, "台账.csv", "not_allowed"),
    ("shell script as .csv", b"#!/bin/sh\nrm -rf /\n", "台账.csv", "not_allowed"),
    ("html renamed .xlsx", HTML, "台账.xlsx", "not_allowed"),
    ("html renamed .csv", HTML, "台账.csv", "not_allowed"),
    ("svg renamed .png", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>",
     "x.png", "not_allowed"),
    ("empty", b"", "台账.xlsx", "empty"),
    ("truncated zip", b"PK\x03\x04" + b"\x00" * 100, "台账.xlsx", "corrupted"),
    ("zip that is no office file", a_zip({"readme.txt": b"hello"}), "台账.xlsx", "not_allowed"),
    ("path traversal inside the zip", a_zip({**XLSX_SKELETON, "../../etc/cron.d/x": b"* * *"}),
     "台账.xlsx", "corrupted"),
    ("absolute member name", a_zip({**XLSX_SKELETON, "/etc/passwd": b"root"}), "a.xlsx",
     "corrupted"),
    ("encrypted zip members", a_zip(XLSX_SKELETON, encrypted=True), "a.xlsx", "encrypted"),
    ("password-protected xlsx (OLE EncryptedPackage)",
     OLE + b"\x00" * 600 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 600, "a.xlsx",
     "encrypted"),
    ("docx where a table is wanted", real_docx(), "台账.xlsx", "not_allowed"),
]


@pytest.mark.parametrize(("label", "data", "filename", "code"), CORPUS, ids=[c[0] for c in CORPUS])
def test_hostile_files_are_refused_with_a_chinese_reason(label, data, filename, code):
    with pytest.raises(UploadRefused) as caught:
        check_upload(data, filename, allowed=TABLES)
    assert caught.value.code == code, label
    assert any("\u4e00" <= ch <= "\u9fff" for ch in caught.value.message)


def test_zip_bomb_by_ratio_by_total_and_by_member_count():
    zeros = a_zip({**XLSX_SKELETON, "xl/worksheets/sheet1.xml": b"\x00" * (20 * 1024 * 1024)})
    assert len(zeros) < 100 * 1024  # small on the wire
    with pytest.raises(UploadRefused) as ratio:
        check_upload(zeros, "a.xlsx", allowed=TABLES)
    assert ratio.value.code == "zip_bomb"
    with pytest.raises(UploadRefused) as total:
        check_upload(real_xlsx(), "a.xlsx", allowed=TABLES, max_unzipped=1000)
    assert total.value.code == "zip_bomb"
    many = a_zip({**XLSX_SKELETON, **{f"xl/m{i}.xml": b"x" for i in range(60)}})
    with pytest.raises(UploadRefused) as members:
        check_upload(many, "a.xlsx", allowed=TABLES, max_members=50)
    assert members.value.code == "zip_bomb"


def test_huge_file_is_refused_before_anything_reads_it():
    with pytest.raises(UploadRefused) as caught:
        check_upload(b"a,b\n" * 300_000, "big.csv", allowed=TABLES, max_bytes=1024 * 1024)
    assert caught.value.code == "too_large" and "1 MB" in caught.value.message


def test_real_files_pass_and_are_typed_by_content():
    assert check_upload(real_xlsx(), "台账.xls", allowed=TABLES).kind == "xlsx"  # misnamed
    assert check_upload(real_docx(), "说明.docx", allowed=DOCUMENTS).kind == "docx"
    gbk = "日期,标题\n2025-08-07,通知\n".encode("gbk")
    assert check_upload(gbk, "收文.csv", allowed=TABLES).kind == "csv"
    assert check_upload(b"%PDF-1.7\n...", "a.pdf", allowed=DOCUMENTS).kind == "pdf"
    assert check_upload(b"version: 1\n", "r.yaml", allowed=("yaml",)).kind == "yaml"
    with pytest.raises(UploadRefused):
        check_upload(real_xlsx(), "a.xlsx", allowed=("yaml",))


@pytest.mark.parametrize(
    ("uploaded", "shown"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\Windows\\system32\\cmd.exe", "cmd.exe"),
        ("C:\\Users\\张三\\台账.xlsx", "台账.xlsx"),
        (".htaccess", "htaccess"),
        ("a\x00b\r\n.xlsx", "ab.xlsx"),
        ("", "file"),
    ],
)
def test_uploaded_names_are_for_display_only(uploaded, shown):
    assert display_name(uploaded) == shown


def test_stored_names_are_generated_and_never_leave_media_root(settings):
    relative = store_upload(b"data", "ledger_imports/QH", ".xlsx")
    parts = relative.split("/")
    assert parts[:2] == ["ledger_imports", "QH"] and len(parts[-1]) == 32 + 5
    assert stored_path(relative).read_bytes() == b"data"
    for escape in ("../../etc/passwd", "/etc/passwd", f"{relative}/../../../../x"):
        with pytest.raises(FileNotFoundError):
            stored_path(escape)
    with pytest.raises(ValueError):
        store_upload(b"x", "../outside", ".xlsx")
    assert not list(Path(settings.MEDIA_ROOT).parent.glob("outside*"))


def test_download_headers_are_safe():
    response = download_response(b"x", '台账"; filename=evil.html', "application/pdf")
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; ")
    # The typed name cannot close the quoted fallback or add a parameter of its own.
    assert "filename*=UTF-8''" in disposition and disposition.count('"') == 2
    assert disposition.count(";") == 2
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert content_disposition("报告.docx") == (
        "attachment; filename=\"__.docx\"; filename*=UTF-8''%E6%8A%A5%E5%91%8A.docx"
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("label", "data", "filename", "code"), CORPUS[:6], ids=[
    c[0] for c in CORPUS[:6]])
def test_the_ledger_import_page_refuses_the_corpus(client, users, settings, label, data,
                                                   filename, code):
    from jianfu.ledgers.models import ImportBatch

    client.force_login(users["clerk_ny"])
    upload = SimpleUploadedFile(filename, data)
    response = client.post("/ledgers/import/", {"file": upload})
    assert response.status_code == 200, label
    assert "errors" in response.content.decode() or "error" in response.content.decode()
    assert not ImportBatch.objects.exists()
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


@pytest.mark.django_db
def test_the_rules_upload_refuses_html_and_programs(client, users):
    client.force_login(users["coordinator"])
    for data, name in ((HTML, "rules.yaml"), (b"MZ\x90\x00", "rules.yaml")):
        response = client.post("/rules/upload/", {"file": SimpleUploadedFile(name, data)})
        assert response.status_code == 400
        assert "文件" in response.content.decode()
