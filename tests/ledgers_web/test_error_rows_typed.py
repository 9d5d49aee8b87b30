"""Rows that failed to read are shown with their date and title as typed: in the preview, in the
error list of a refused or partly imported batch; the CLI keeps DESIGN.md 5.3's error keys."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jianfu.ledgers.models import ImportBatch
from tests.ledgers.workbooks import xlsx
from tests.ledgers_import.helpers import call

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ROWS = [
    ["序号", "收文日期", "来文单位", "文件标题"],
    [1, "2025-03-04", "县委办", "关于做好春季农业生产工作的通知"],
    [2, "2025年13月45日", "县教育局", "关于做好义务教育招生工作的通知"],
    [3, "2025-03-20", "县农业农村局", None],
    [4, "2025/3/21", "县政府办", "关于开展安全生产大检查的通知"],
]


def workbook() -> bytes:
    return xlsx({"收文": ROWS})


def test_preview_and_error_list_show_the_row_as_typed(client, users):
    client.force_login(users["clerk_hk"])
    upload = SimpleUploadedFile("收文.xlsx", workbook(), XLSX)
    assert client.post(reverse("ledgers:import"), {"file": upload}).status_code == 302
    batch = ImportBatch.objects.get()
    response = client.get(reverse("ledgers:batch", args=[batch.pk]))
    bad = {line.row: line for line in response.context["preview"].lines if line.status == "error"}
    assert set(bad) == {3, 4}
    assert (bad[3].date_text, bad[3].title) == ("2025年13月45日", "关于做好义务教育招生工作的通知")
    assert (bad[4].date_text, bad[4].title) == ("2025-03-20", "")
    errors = {e["row"]: e for e in response.context["preview"].errors}
    assert errors[3]["row_title"] == "关于做好义务教育招生工作的通知"
    assert errors[4]["row_date"] == "2025-03-20"
    body = response.content.decode()
    assert body.count("关于做好义务教育招生工作的通知") >= 2  # the table row and the error list
    assert "2025年13月45日" in body and "该行标题" in body

    # commit only the valid rows: the batch keeps the errors with the typed date and title
    client.post(reverse("ledgers:batch_commit", args=[batch.pk]), {"partial": "1"})
    batch.refresh_from_db()
    assert batch.imported == 2
    kept = {e["row"]: (e["row_date"], e["row_title"]) for e in batch.errors}
    assert kept == {
        3: ("2025年13月45日", "关于做好义务教育招生工作的通知"),
        4: ("2025-03-20", ""),
    }
    page = client.get(reverse("ledgers:batch", args=[batch.pk])).content.decode()
    assert "关于做好义务教育招生工作的通知" in page and "2025年13月45日" in page


def test_cli_errors_keep_exactly_the_design_keys(tmp_path, units):
    path = tmp_path / "收文.xlsx"
    path.write_bytes(workbook())
    code, doc, _out, _err = call("import_ledger", str(path), "--unit", units["hk"].code, "--json")
    assert code == 1 and doc is not None
    assert [e["row"] for e in doc["errors"]] == [3, 4]
    assert all(set(e) == {"sheet", "row", "column", "value", "message"} for e in doc["errors"])
