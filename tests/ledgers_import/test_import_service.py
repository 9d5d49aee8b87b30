"""The import pipeline as services: classify, dedupe, refuse, partial, store, audit."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied

from jianfu.core.actor import Actor
from jianfu.core.models import AuditEvent
from jianfu.ledgers.models import ImportBatch, LedgerEntry, Source
from jianfu.ledgers.services.imports import (
    LedgerImportRefused,
    ledger_import,
    ledger_import_commit,
    ledger_import_preview,
    ledger_import_stage,
)

from .helpers import HEKOU_ROWS, cli_actor, csv_bytes, hekou_workbook, xlsx

pytestmark = pytest.mark.django_db

BAD_ROWS = [
    [7, "2025-02-30", "县委办公室", None, "关于水库安全度汛的通知", None],  # no such day
    [8, None, "县教育局", None, "关于校园安全检查的通知", None],  # no date
    [9, "2025-08-20", "县应急管理局", "县应急发〔2025〕9号", None, None],  # no title
]


def test_a_township_register_is_imported_and_every_line_explained(units, media_root):
    data = hekou_workbook()
    result = ledger_import(
        actor=cli_actor(), unit=units["hk"], data=data, filename="河口乡收文.xlsx"
    )
    assert (result.rows, result.imported, result.duplicates, result.errors) == (
        HEKOU_ROWS,
        HEKOU_ROWS,
        0,
        [],
    )
    entries = list(LedgerEntry.objects.filter(unit=units["hk"]).order_by("source_row"))
    assert [e.source_row for e in entries] == [3, 4, 5, 6, 7, 9]
    assert {e.kind for e in entries} == {"收文"}
    assert all(e.source == Source.IMPORT and e.batch_id == result.batch.pk for e in entries)
    assert all(e.source_sheet == "收文登记" for e in entries)
    assert all(e.rule and f"（{e.rule}）" in e.reason for e in entries)
    first = entries[0]
    assert first.date == dt.date(2025, 8, 7)
    assert first.counterpart_unit_id == units["xwb"].pk
    assert first.doc_no_norm == "县委办发[2025]12号"
    assert first.counted is True
    by_title = {e.title: e for e in entries}
    assert by_title["关于开展专项整治的通知"].originator_level == "higher"
    assert by_title["关于开展专项整治的通知"].remarks == "急件"
    assert by_title["关于开学准备工作的函"].doc_no == ""
    # the original is kept under a server-generated name, never the clerk's file name
    batch = result.batch
    assert batch.status == ImportBatch.Status.COMMITTED
    assert batch.filename == "河口乡收文.xlsx"
    stored = Path(media_root) / batch.stored_file
    assert stored.read_bytes() == data
    assert stored.parent == Path(media_root) / "ledger_imports" / "QH"
    assert "河口" not in batch.stored_file and batch.stored_file.endswith(".xlsx")
    assert (batch.rows, batch.imported, batch.duplicates, batch.error_count) == (6, 6, 0, 0)
    assert batch.progress_stage == "done"
    # one audit record for the whole batch, not one per line
    events = AuditEvent.objects.filter(action="import")
    assert events.count() == 1
    assert (
        events.get().after["imported"] == 6 and events.get().after["filename"] == "河口乡收文.xlsx"
    )


def test_importing_the_same_file_again_adds_nothing(units):
    data = hekou_workbook()
    ledger_import(actor=cli_actor(), unit=units["hk"], data=data, filename="a.xlsx")
    again = ledger_import(actor=cli_actor(), unit=units["hk"], data=data, filename="a.xlsx")
    assert (again.rows, again.imported, again.duplicates) == (HEKOU_ROWS, 0, HEKOU_ROWS)
    assert again.as_dict()["batch"] == again.batch.pk
    assert LedgerEntry.objects.filter(unit=units["hk"]).count() == HEKOU_ROWS


def test_duplicates_within_the_file_and_in_other_spellings(units):
    # the same line again, with another bracket style, full-width digits and extra spaces
    repeat = [
        10,
        "2025-08-07",
        "县委办公室",
        "县委办发［２０２５］１２号",
        "关于做好 防汛工作的通知",
        None,
    ]
    result = ledger_import(
        actor=cli_actor(), unit=units["hk"], data=hekou_workbook([repeat]), filename="b.xlsx"
    )
    assert (result.rows, result.imported, result.duplicates) == (7, 6, 1)


def test_same_line_in_another_unit_is_not_a_duplicate(units):
    data = hekou_workbook()
    ledger_import(actor=cli_actor(), unit=units["hk"], data=data, filename="a.xlsx")
    other = ledger_import(actor=cli_actor(), unit=units["cg"], data=data, filename="a.xlsx")
    assert other.imported == HEKOU_ROWS


def test_three_bad_rows_store_nothing_and_are_all_listed(units):
    result = ledger_import(
        actor=cli_actor(), unit=units["hk"], data=hekou_workbook(BAD_ROWS), filename="bad.xlsx"
    )
    assert result.refused and result.imported == 0
    assert result.as_dict()["batch"] is None
    assert result.rows == HEKOU_ROWS + 3 and result.error_rows == 3
    assert not LedgerEntry.objects.exists()
    located = {(e["sheet"], e["row"], e["column"], e["value"]) for e in result.errors}
    assert ("收文登记", 10, "收文日期", "2025-02-30") in located
    assert ("收文登记", 11, "收文日期", "") in located
    assert ("收文登记", 12, "文件名称", "") in located
    assert all(e["message"] for e in result.errors)
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.REFUSED
    assert batch.error_count == 3 and len(batch.errors) == len(result.errors)
    assert AuditEvent.objects.get(action="import").result == "refused"


def test_partial_stores_the_valid_rows_and_lists_the_rest(units):
    result = ledger_import(
        actor=cli_actor(),
        unit=units["hk"],
        data=hekou_workbook(BAD_ROWS),
        filename="bad.xlsx",
        partial=True,
    )
    assert not result.refused
    assert (result.rows, result.imported, result.duplicates, result.error_rows) == (9, 6, 0, 3)
    assert len(result.errors) == 3
    assert LedgerEntry.objects.filter(unit=units["hk"]).count() == 6
    assert result.batch.partial and result.batch.status == ImportBatch.Status.COMMITTED


@pytest.mark.parametrize(
    ("data", "filename", "code"),
    [
        (b"", "empty.xlsx", "empty"),
        (b"this is not a workbook at all", "ledger.xlsx", "not_a_workbook"),
        (b"PK\x03\x04broken zip", "ledger.xlsx", "corrupted"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "photo.png", "not_a_workbook"),
        ("说明\n本文件没有表头\n".encode(), "notes.csv", "no_header"),
        ("日期,标题\n".encode(), "header_only.csv", "empty"),
    ],
)
def test_refused_files_store_nothing(units, media_root, data, filename, code):
    with pytest.raises(LedgerImportRefused) as refused:
        ledger_import(actor=cli_actor(), unit=units["hk"], data=data, filename=filename)
    assert refused.value.code == code
    assert refused.value.message
    assert not ImportBatch.objects.exists()
    assert not LedgerEntry.objects.exists()
    assert not Path(media_root).exists() or not any(Path(media_root).rglob("*.*"))


def test_a_zip_that_is_no_workbook_is_refused(units):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(LedgerImportRefused) as refused:
        ledger_import_stage(
            actor=cli_actor(), unit=units["hk"], data=buffer.getvalue(), filename="x.xlsx"
        )
    assert refused.value.code == "not_a_workbook"


def test_a_zip_bomb_is_refused_before_reading(units):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (40 * 1024 * 1024))
    with pytest.raises(LedgerImportRefused) as refused:
        ledger_import_stage(
            actor=cli_actor(), unit=units["hk"], data=buffer.getvalue(), filename="bomb.xlsx"
        )
    assert refused.value.code == "zip_bomb"
    assert not ImportBatch.objects.exists()


def test_a_too_large_file_is_refused(units, settings):
    settings.LEDGER_IMPORT_MAX_BYTES = 1024
    with pytest.raises(LedgerImportRefused) as refused:
        ledger_import(actor=cli_actor(), unit=units["hk"], data=hekou_workbook(), filename="a.xlsx")
    assert refused.value.code == "too_large"


def test_path_parts_of_the_uploaded_name_are_dropped(units):
    batch = ledger_import_stage(
        actor=cli_actor(), unit=units["hk"], data=hekou_workbook(), filename="../../etc/台账.xlsx"
    )
    assert batch.filename == "台账.xlsx"
    assert ".." not in batch.stored_file


def test_a_clerk_cannot_import_into_another_unit(units, users):
    data = hekou_workbook()
    with pytest.raises(PermissionDenied):
        ledger_import(
            actor=Actor.command(users["clerk_jy"]), unit=units["hk"], data=data, filename="a.xlsx"
        )
    with pytest.raises(PermissionDenied):  # a leader may look, not import
        ledger_import(
            actor=Actor.command(users["leader_ny"]), unit=units["ny"], data=data, filename="a.xlsx"
        )
    assert not ImportBatch.objects.exists()
    own = ledger_import(
        actor=Actor.command(users["clerk_hk"]), unit=units["hk"], data=data, filename="a.xlsx"
    )
    assert own.imported == HEKOU_ROWS
    assert AuditEvent.objects.get(action="import").username == "clerk_hk"


def test_preview_then_commit(units):
    actor = cli_actor()
    ledger_import(actor=actor, unit=units["hk"], data=hekou_workbook(), filename="a.xlsx")
    new_line = [10, "2025-08-21", "县农业农村局", "农发〔2025〕8号", "关于秋季动物防疫的通知", None]
    batch = ledger_import_stage(
        actor=actor, unit=units["hk"], data=hekou_workbook([new_line, *BAD_ROWS]), filename="b.xlsx"
    )
    assert batch.status == ImportBatch.Status.PREVIEW and batch.rows == 10
    preview = ledger_import_preview(batch)
    assert preview.totals == {"rows": 10, "new": 1, "duplicates": 6, "errors": 3}
    assert [line.row for line in preview.lines] == [3, 4, 5, 6, 7, 9, 10, 11, 12, 13]
    statuses = {line.row: line.status for line in preview.lines}
    assert statuses[10] == "new" and statuses[3] == "duplicate" and statuses[11] == "error"
    new = next(line for line in preview.lines if line.row == 10)
    assert new.kind == "收文" and new.counterpart_unit_name == "县农业农村局"
    assert new.rule and new.reason and new.counted is not None
    error = next(line for line in preview.lines if line.row == 12)
    assert error.errors and error.errors[0]["column"] == "收文日期"
    assert preview.sheets[0].kind == "收文" and preview.sheets[0].kind_reason
    assert len(preview.errors) == 3
    assert len(ledger_import_preview(batch, limit=4).lines) == 4
    assert LedgerEntry.objects.count() == 6  # a preview stores nothing

    refused = ledger_import_commit(actor=actor, batch=batch)
    assert refused.refused and LedgerEntry.objects.count() == 6
    seen = []
    done = ledger_import_commit(
        actor=actor, batch=batch, partial=True, progress=lambda *a: seen.append(a)
    )
    assert (done.imported, done.duplicates, done.error_rows) == (1, 6, 3)
    assert seen[0][0] == "read" and seen[-1] == ("done", 10, 10)
    assert {"classify", "store"} <= {s[0] for s in seen}
    with pytest.raises(LedgerImportRefused) as again:
        ledger_import_commit(actor=actor, batch=batch)
    assert again.value.code == "already_committed"


def test_workbook_with_a_category_column_and_several_kinds(units):
    rows = [
        ["日期", "类别", "对方单位", "文号", "标题", "会议形式", "时长"],
        ["2025-03-02", "收文", "县委办公室", "县委发〔2025〕1号", "关于春耕生产的通知", None, None],
        ["2025-03-03", "参会", "县政府办公室", None, "全县春耕生产推进会", "视频", "1.5"],
        [
            "2025-03-04",
            "发文",
            "各村（社区）",
            "河政发〔2025〕2号",
            "关于做好春耕工作的通知",
            None,
            None,
        ],
        ["2025-03-05", "受检", "县农业农村局", None, "春耕备耕专项督查", None, None],
    ]
    result = ledger_import(
        actor=cli_actor(), unit=units["hk"], data=xlsx({"台账": rows}), filename="all.xlsx"
    )
    assert result.imported == 4
    kinds = dict(LedgerEntry.objects.values_list("title", "kind"))
    assert kinds["全县春耕生产推进会"] == "参会"
    assert kinds["春耕备耕专项督查"] == "受检"
    meeting = LedgerEntry.objects.get(kind="参会")
    assert meeting.duration_minutes == 90 and meeting.meeting_form == "视频"


def test_a_nul_deep_in_a_csv_is_kept_visible_not_fatal(units):
    filler = [
        [f"2025-01-{i % 28 + 1:02d}", "县教育局", None, f"关于第{i}批次教学检查的通知"]
        for i in range(120)
    ]
    rows = [["收文日期", "来文单位", "文号", "标题", "承办人"], *filler]
    rows.append(["2025-02-01", "县委办公室", None, "关于春节\x00值班安排的通知", "张\x00三"])
    result = ledger_import(
        actor=cli_actor(), unit=units["hk"], data=csv_bytes(rows), filename="收文.csv"
    )
    assert result.imported == 121
    entry = LedgerEntry.objects.get(date=dt.date(2025, 2, 1))
    assert entry.title == "关于春节\ufffd值班安排的通知"
    assert entry.extras == {"承办人": "张\ufffd三"}


def test_a_cancelled_batch_cannot_be_committed(units):
    staged = ledger_import_stage(
        actor=cli_actor(), unit=units["hk"], data=hekou_workbook(), filename="河口乡收文.xlsx"
    )
    ImportBatch.objects.filter(pk=staged.pk).update(status=ImportBatch.Status.CANCELLED)
    staged.refresh_from_db()
    with pytest.raises(LedgerImportRefused) as refused:
        ledger_import_commit(actor=cli_actor(), batch=staged)
    assert refused.value.code == "cancelled" and "已取消" in refused.value.message
    assert not LedgerEntry.objects.exists()
