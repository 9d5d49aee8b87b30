"""Issue 7 / R11, R12: one upload guard and one export writer for every part.

The hostile-file corpus of tests/security/test_uploads.py is sent to each of the three upload
points written outside the ledgers (task evidence, library documents, archive attachments)
through their services; each refuses it in Chinese and keeps nothing. Names that climb out are
kept for display only. Downloads carry the core's safe headers. Old Word files (.doc) are told
apart from .xls and only the archive accepts them. A scan of jianfu/**.py keeps every new raw
workbook writer out unless it is on the short allow-list below.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from jianfu.core.actor import Actor
from jianfu.core.uploads import DOCUMENTS, TABLES, UploadRefused, check_upload
from jianfu.filings.models import FilingAttachment
from jianfu.filings.services.archive import ArchiveInput, Upload, filing_archive
from jianfu.learning.files import FileRefused
from jianfu.learning.services.library import policy_document_create
from jianfu.supervision.services.tasks import task_respond
from tests.filings_flow.conftest import stages  # noqa: F401  (fixture)
from tests.filings_flow.factories import make_filing
from tests.filings_flow.helpers import approve_fully
from tests.security.test_uploads import CORPUS, HTML, a_zip, real_docx
from tests.supervision.conftest import groups, task_ny, visit_ny  # noqa: F401  (fixtures)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PLAIN_DOC = (Path(__file__).parent / "files" / "plain.doc").read_bytes()  # LibreOffice, Word 97
DOCX_SKELETON = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}
MB = 1024 * 1024


def _encrypted_doc() -> bytes:
    """The same .doc with the FIB's fEncrypted bit set (what Word writes for a password)."""
    data = bytearray(PLAIN_DOC)
    fib = data.find(b"\xec\xa5")
    data[fib + 11] |= 0x01  # flags word at FIB offset 10, fEncrypted = 0x0100
    return bytes(data)


# (label, bytes, uploaded name) — refused by every part, whatever it accepts.
HOSTILE = [
    (label, data, name) for label, data, name, _code in CORPUS
    if label != "docx where a table is wanted"  # a .docx is a fine document for these parts
] + [
    ("renamed exe", b"MZ\x90\x00\x03" + b"\x00" * 200 + b"This program", "整改情况.pdf"),
    ("html as pdf", HTML, "整改情况.pdf"),
    ("zip bomb as docx",
     a_zip({**DOCX_SKELETON, "word/media/x.bin": b"\x00" * (30 * MB)}), "纪要.docx"),
    ("zip member climbing out", a_zip({**DOCX_SKELETON, "../../etc/cron.d/x": b"* * *"}),
     "纪要.docx"),
    ("empty", b"", "整改情况.pdf"),
    ("encrypted .doc", _encrypted_doc(), "纪要.doc"),
]
IDS = [h[0] for h in HOSTILE]
TRAVERSAL = ["../../etc/passwd.pdf", "..\\..\\Windows\\win.pdf", "/tmp/x/整改.pdf"]


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def media_files() -> list[Path]:
    media = Path(settings.MEDIA_ROOT)
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


# --- the core guard's new kinds -----------------------------------------------------------------


def test_doc_is_told_apart_and_only_accepted_where_asked():
    assert check_upload(PLAIN_DOC, "纪要.doc", allowed=("doc",)).kind == "doc"
    for allowed in (DOCUMENTS, TABLES):  # a .doc is neither a table nor one of the DOCUMENTS
        with pytest.raises(UploadRefused) as caught:
            check_upload(PLAIN_DOC, "纪要.doc", allowed=allowed)
        assert caught.value.code == "not_allowed"
    with pytest.raises(UploadRefused) as caught:
        check_upload(_encrypted_doc(), "纪要.doc", allowed=("doc",))
    assert caught.value.code == "encrypted"


def test_plain_text_kind_and_name_matching():
    assert check_upload("说明".encode("gb18030"), "说明.txt", allowed=("txt",)).kind == "txt"
    assert check_upload(b"a,b\n", "a.txt", allowed=TABLES).kind == "csv"  # unchanged for tables
    with pytest.raises(UploadRefused) as control:
        check_upload(b"\x00\x01\x02binary", "a.txt", allowed=("txt",))
    assert control.value.code == "not_allowed"
    with pytest.raises(UploadRefused) as mismatch:
        check_upload(PDF, "a.docx", allowed=("pdf", "docx"), match_name=True)
    assert mismatch.value.code == "name_mismatch" and has_chinese(mismatch.value.message)
    assert check_upload(b"\xff\xd8\xff\xe0", "a.JPEG", allowed=("jpg",), match_name=True)


# --- task evidence (supervision) ----------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("label", "data", "name"), HOSTILE, ids=IDS)
def test_task_evidence_refuses_the_corpus(task_ny, users, label, data, name):  # noqa: F811
    with pytest.raises(ValidationError) as caught:
        task_respond(actor=Actor.command(users["clerk_ny"]), task=task_ny, text="已整改",
                     files=[("ok.pdf", PDF), (name, data)])
    assert has_chinese(" ".join(caught.value.messages)), label
    assert not task_ny.responses.exists() and media_files() == []


@pytest.mark.django_db
def test_task_evidence_size_limit_and_names_for_display_only(task_ny, users, settings):  # noqa: F811
    settings.SUPERVISION_EVIDENCE_MAX_BYTES = MB
    with pytest.raises(ValidationError) as caught:
        task_respond(actor=Actor.command(users["clerk_ny"]), task=task_ny, text="已整改",
                     files=[("big.pdf", PDF + b"0" * MB)])
    assert "超过 1 MB" in " ".join(caught.value.messages) and media_files() == []
    response = task_respond(actor=Actor.command(users["clerk_ny"]), task=task_ny, text="已整改",
                            files=[(name, PDF) for name in TRAVERSAL])
    evidence = list(response.evidence.order_by("pk"))
    assert [e.filename for e in evidence] == ["passwd.pdf", "win.pdf", "整改.pdf"]
    root = Path(settings.MEDIA_ROOT).resolve()
    for item in evidence:
        assert re.fullmatch(r"supervision_evidence/QH/\d{4}/[0-9a-f]{32}\.pdf", item.stored_file)
        assert root in (root / item.stored_file).resolve().parents


@pytest.mark.django_db
def test_task_evidence_download_has_the_core_headers(client, task_ny, users):  # noqa: F811
    response = task_respond(actor=Actor.command(users["clerk_ny"]), task=task_ny, text="已整改",
                            files=[('报告"; x=.html', PDF)])
    client.force_login(users["clerk_ny"])
    download = client.get(f"/supervision/evidence/{response.evidence.get().pk}/")
    assert download.content == PDF and download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in download["Content-Security-Policy"]
    assert download["Content-Disposition"].count('"') == 2


# --- library documents (learning) ---------------------------------------------------------------


def _document(users, county, data: bytes, name: str):
    return policy_document_create(
        actor=Actor(channel="web", user=users["coordinator"], username="coordinator"),
        county=county, title="统计口径", level="county", date=dt.date(2025, 3, 1),
        data=data, filename=name,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("label", "data", "name"), HOSTILE, ids=IDS)
def test_library_refuses_the_corpus(county, users, label, data, name):
    from jianfu.learning.models import PolicyDocument

    with pytest.raises(FileRefused) as caught:
        _document(users, county, data, name)
    assert has_chinese(str(caught.value)), label
    assert not PolicyDocument.objects.exists() and media_files() == []


@pytest.mark.django_db
def test_library_size_limit_names_and_download(client, county, users):
    with pytest.raises(FileRefused, match="20 MB"):
        _document(users, county, PDF + b"0" * (20 * MB), "big.pdf")
    document = _document(users, county, PDF, "../../etc/passwd.pdf")
    assert document.filename == "passwd.pdf"
    assert re.fullmatch(r"learning/\d{4}/[0-9a-f]{32}\.pdf", document.stored_file)
    client.force_login(users["clerk_hk"])
    download = client.get(reverse("learning:document_download", args=[document.pk]))
    assert b"".join(download.streaming_content) == PDF
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment; filename=\"passwd.pdf\"")


# --- archive attachments (filings) --------------------------------------------------------------


@pytest.fixture
def approved(stages, units, users):  # noqa: F811
    filing = make_filing(units["ny"], created_by=users["clerk_ny"], meeting_form="视频",
                         duration_minutes=60)
    approve_fully(filing, users)
    filing.refresh_from_db()
    return filing


def _archive(filing, users, files):
    return filing_archive(
        actor=Actor(channel="web", user=users["clerk_ny"], username="clerk_ny"),
        filing=filing, actual=ArchiveInput(actual_date=filing.date), files=files,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("label", "data", "name"), HOSTILE, ids=IDS)
def test_archive_refuses_the_corpus(approved, users, label, data, name):
    with pytest.raises(ValidationError) as caught:
        _archive(approved, users, [Upload("materials", "ok.pdf", PDF),
                                   Upload("materials", name, data)])
    assert has_chinese(" ".join(caught.value.messages)), label
    assert not FilingAttachment.objects.exists() and media_files() == []


@pytest.mark.django_db
def test_archive_size_limit_doc_names_and_download(client, approved, users):
    with pytest.raises(ValidationError) as caught:
        _archive(approved, users, [Upload("materials", "big.pdf", PDF + b"0" * (5 * MB))])
    assert caught.value.code == "size" and media_files() == []
    with pytest.raises(ValidationError) as mismatch:  # a real .doc named .pdf
        _archive(approved, users, [Upload("materials", "纪要.pdf", PLAIN_DOC)])
    assert mismatch.value.code == "type"
    _archive(approved, users, [Upload("materials", "C:\\Users\\张三\\纪要.doc", PLAIN_DOC),
                               Upload("report", "../../材料.docx", real_docx())])
    rows = list(FilingAttachment.objects.order_by("pk"))
    assert [r.filename for r in rows] == ["纪要.doc", "材料.docx"]
    assert all(re.fullmatch(rf"filings/{approved.county_id}/\d{{4}}/[0-9a-f]{{32}}\.docx?",
                            r.stored_file) for r in rows)
    client.force_login(users["clerk_ny"])
    download = client.get(reverse("filings:attachment", args=[rows[0].pk]))
    assert b"".join(download.streaming_content) == PLAIN_DOC
    assert download["Content-Type"] == "application/msword"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "filename*=UTF-8''%E7%BA%AA%E8%A6%81.doc" in download["Content-Disposition"]


@pytest.mark.django_db
def test_archive_page_refuses_html_as_pdf(client, approved, users):
    client.force_login(users["clerk_ny"])
    page = client.post(reverse("filings:archive", args=[approved.pk]), {
        "version": approved.version, "actual_date": "2025-06-10",
        "actual_duration_minutes": "60",
        "file_materials": SimpleUploadedFile("会议材料.pdf", HTML),
    })
    assert page.status_code in (200, 400) and "类型不被接受" in page.content.decode()
    assert not FilingAttachment.objects.exists() and media_files() == []


# --- exports: every workbook written for users goes through core.excel or neutralises cells -----

# Files allowed to build a workbook themselves, and why. Everything else writes through
# jianfu.core.excel (xlsx_bytes / xlsx_response). Each entry that writes user data must call
# excel_safe on every cell (checked below); keep this list short.
RAW_WRITERS = {
    "jianfu/core/excel.py": "the shared writer itself",
    "jianfu/ledgers/exports.py": "ledger template layout, per-kind sheets; cells via excel_safe",
    "jianfu/ledgers/services/import_errors.py": "annotates the clerk's own workbook; excel_safe",
    "jianfu/ledgers/compare/export.py": "two-sheet comparison; cells via excel_safe",
    "jianfu/reports/render_xlsx.py": "report appendix, seven sheets; cells via excel_safe",
    "jianfu/org/unit_import.py": "blank unit template: fixed Chinese headers only, no user data",
    "jianfu/demo/hand_ledgers.py": "demo's hand-made sample ledgers (generated, not exported)",
}
CONSTANT_ONLY = {"jianfu/org/unit_import.py", "jianfu/demo/hand_ledgers.py"}
WRITER = re.compile(r"\bWorkbook\s*\(|xlsxwriter|load_workbook\s*\(|\bpyexcel|\bxlwt\b")


def test_no_raw_workbook_writer_outside_the_allow_list():
    import jianfu

    package = Path(jianfu.__file__).parent
    found = set()
    for path in package.rglob("*.py"):
        if WRITER.search(path.read_text(encoding="utf-8")):
            found.add(path.relative_to(package.parent).as_posix())
    assert found - set(RAW_WRITERS) == set(), "write .xlsx through jianfu.core.excel"
    for name in set(RAW_WRITERS) - CONSTANT_ONLY - {"jianfu/core/excel.py"}:
        assert "excel_safe(" in (package.parent / name).read_text(encoding="utf-8"), name


def test_report_appendix_neutralises_every_cell():
    """The appendix writes every row through its one `_sheet` helper, which quotes every string
    cell that starts like a formula (R12)."""
    from openpyxl import Workbook

    from jianfu.reports import render_xlsx

    source = Path(render_xlsx.__file__).read_text(encoding="utf-8")
    assert source.count("sheet.append(") == 2  # the header row and the data rows, in _sheet
    assert source.count("create_sheet(") == 1
    hostile = ['=HYPERLINK("http://x","点我")', "+1", "-2+3", "@SUM(A1)", "\t=1", 7]
    workbook = Workbook(write_only=True)
    render_xlsx._sheet(workbook, "预警", ["=标题", "说明"], [hostile])
    buffer = io.BytesIO()
    workbook.save(buffer)
    rows = list(load_workbook(buffer).active.iter_rows(values_only=True))
    assert rows[0][:2] == ("'=标题", "说明")
    assert rows[1] == tuple(["'" + v for v in hostile[:-1]] + [7])
