"""Exporting the ledger from the list: the standard template, scoped to the user's units,
audited; another unit's lines by filter are 404."""

from __future__ import annotations

import io
from urllib.parse import quote

import openpyxl
import pytest
from django.urls import reverse

from jianfu.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_export_of_a_filtered_multi_unit_view_is_scoped(client, users, ledger):
    client.force_login(users["coordinator"])
    response = client.get(reverse("ledgers:export"), {"kind": "收文"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    titles = [row[5] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert len(titles) == 5 and "关于协助做好集镇环境整治的函" in titles
    client.force_login(users["clerk_hk"])
    response = client.get(reverse("ledgers:export"), {"kind": "收文"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    titles = [row[5] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert len(titles) == 2  # never another unit's lines
    assert (
        AuditEvent.objects.filter(action="export", object_type="ledgers.ledgerentry").count() == 2
    )


def test_export_of_another_unit_by_filter_is_404(client, users, ledger, units):
    client.force_login(users["clerk_hk"])
    assert client.get(reverse("ledgers:export"), {"unit": units["ny"].pk}).status_code == 404


def test_export_of_one_unit_for_a_period_is_the_standard_template(client, users, ledger):
    client.force_login(users["clerk_ny"])
    response = client.get(reverse("ledgers:export"), {"from": "2025-03-01", "to": "2025-03-31"})
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert {"收文", "发文", "参会"} <= set(workbook.sheetnames)
    texts = {
        str(cell)
        for ws in workbook.worksheets
        for row in ws.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    }
    assert "关于做好春季农业生产工作的通知" in texts
    assert "县政府办公室关于表彰2024年度先进单位的决定" not in texts  # April: outside the period
    assert AuditEvent.objects.filter(action="export").count() == 1


def test_the_statistics_ledger_exports_as_the_template_with_its_counted_lines(
    client, users, ledger
):
    """统计台账 › 导出: one sheet per kind, the counted lines only, named as the statistics
    ledger (not the flat list of the filtered daily ledger)."""
    client.force_login(users["clerk_ny"])
    page = client.get(reverse("ledgers:index"), {"view": "stats", "from": "2025-01-01"})
    response = client.get(reverse("ledgers:export") + "?" + page.context["export_qs"])
    assert quote("统计台账") in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["收文", "发文", "参会", "办会", "受检", "督查"]
    lines = [
        dict(zip([c.value for c in ws[1]], row, strict=False))
        for ws in workbook.worksheets
        for row in ws.iter_rows(min_row=2, values_only=True)
    ]
    assert lines and {line["计入统计"] for line in lines} == {"是"}
    assert len(lines) == sum(1 for e in ledger["ny"] if e.counted)
    event = AuditEvent.objects.get(action="export")
    assert event.after["ledger"] == "statistics" and event.after["entries"] == len(lines)
