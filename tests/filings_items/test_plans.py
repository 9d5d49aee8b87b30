"""Annual plans: items one by one, Excel import (all or nothing), template, scope."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from jianfu.core.excel import xlsx_bytes
from jianfu.core.models import AuditEvent
from jianfu.filings.models import PlanItem
from jianfu.filings.services.items import filing_create
from jianfu.filings.services.plans import (
    TEMPLATE_HEADERS,
    plan_import,
    plan_item_create,
    plan_item_delete,
    plan_template,
)

from .helpers import INSPECTION, actor

pytestmark = pytest.mark.django_db


def test_template_opens_with_the_headers():
    import io

    sheet = load_workbook(io.BytesIO(plan_template())).active
    assert tuple(c.value for c in next(sheet.iter_rows(max_row=1))) == TEMPLATE_HEADERS


def test_import_stores_all_rows_and_audits_once(units, users):
    content = plan_template()
    count = plan_import(
        actor=actor(users["clerk_ny"]),
        unit=units["ny"],
        year=2025,
        content=content,
        filename="计划.xlsx",
    )
    assert count == 2
    plans = {p.code: p for p in PlanItem.objects.filter(unit=units["ny"])}
    assert plans["2025-NY-01"].kind == "meeting" and plans["2025-NY-01"].month == 3
    assert plans["2025-NY-02"].kind == "inspection" and plans["2025-NY-02"].approved
    assert AuditEvent.objects.filter(action="import", object_type="filings.planitem").count() == 1


def test_import_refuses_the_whole_file_naming_bad_rows(units, users):
    rows = [
        ("P-1", "会议", "春耕推进会", 3, "", "否", "是"),
        ("P-2", "活动", "", 13, "", "否", "是"),
        ("P-1", "会议", "重复编号", 4, "", "否", "是"),
    ]
    content = xlsx_bytes(TEMPLATE_HEADERS, rows)
    with pytest.raises(ValidationError) as caught:
        plan_import(
            actor=actor(users["clerk_ny"]),
            unit=units["ny"],
            year=2025,
            content=content,
            filename="p.xlsx",
        )
    text = "；".join(caught.value.messages)
    assert "第3行" in text and "第4行" in text and "第2行" not in text
    assert not PlanItem.objects.exists()


def test_clerk_manages_only_own_unit_and_linked_items_are_kept(units, users):
    data = {
        "code": "2025-NY-01",
        "kind": "inspection",
        "title": "高标准农田建设督查",
        "year": 2025,
        "approved": True,
    }
    with pytest.raises(PermissionDenied):
        plan_item_create(actor=actor(users["clerk_jy"]), unit=units["ny"], data=data)
    plan = plan_item_create(actor=actor(users["clerk_ny"]), unit=units["ny"], data=data)
    with pytest.raises(ValidationError):
        plan_item_create(actor=actor(users["clerk_ny"]), unit=units["ny"], data=data)  # code taken
    filing_create(
        actor=actor(users["clerk_ny"]),
        unit=units["ny"],
        data={**INSPECTION, "plan_item": "2025-NY-01"},
    )
    with pytest.raises(ValidationError):
        plan_item_delete(actor=actor(users["clerk_ny"]), plan=plan)
    assert PlanItem.objects.filter(pk=plan.pk).exists()
