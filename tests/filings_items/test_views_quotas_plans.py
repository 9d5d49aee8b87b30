"""Quota and plan pages: who sees and changes what, adjustments visible to the unit, exports,
the plan import with its template."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from jianfu.core.excel import xlsx_bytes
from jianfu.filings.models import PlanItem, Quota, QuotaAdjustment
from jianfu.filings.services.plans import TEMPLATE_HEADERS
from jianfu.filings.services.quotas import quota_set

from .helpers import actor

pytestmark = pytest.mark.django_db


def test_county_office_sets_quota_and_adjusts_unit_sees_its_own(client, users, units):
    client.force_login(users["coordinator"])
    ny = units["ny"]
    response = client.post(
        reverse("filings:quota_set"), {"year": 2025, "unit": ny.pk, "kind": "meeting", "amount": 10}
    )
    assert response.status_code == 302
    quota = Quota.objects.get(unit=ny, year=2025, kind="meeting")
    assert quota.amount == 10
    refused = client.post(
        reverse("filings:quota_adjust"),
        {"year": 2025, "quota": quota.pk, "delta": 2, "reason": "", "approver": ""},
    )
    assert refused.status_code == 302 and not QuotaAdjustment.objects.exists()
    client.post(
        reverse("filings:quota_adjust"),
        {"year": 2025, "quota": quota.pk, "delta": 2, "reason": "防汛任务", "approver": "李县长"},
    )
    assert QuotaAdjustment.objects.get().delta == 2
    client.force_login(users["clerk_ny"])
    html = client.get(reverse("filings:quotas") + "?year=2025").content.decode()
    assert "防汛任务" in html and "李县长" in html
    assert 'data-unit="QH-NY" data-kind="meeting"' in html and 'data-unit="QH-JY"' not in html
    assert 'action="/filings/quotas/set/"' not in html  # no set form for a clerk
    assert (
        client.post(
            reverse("filings:quota_set"),
            {"year": 2025, "unit": ny.pk, "kind": "meeting", "amount": 99},
        ).status_code
        == 403
    )
    export = client.get(reverse("filings:quota_export") + "?year=2025")
    rows = list(
        load_workbook(io.BytesIO(export.content)).active.iter_rows(min_row=3, values_only=True)
    )
    meeting = next(r for r in rows if r[1] == "会议")
    assert meeting[:6] == ("县农业农村局", "会议", 10, 2, 0, 12)


def test_clerk_cannot_adjust_another_units_quota_even_as_coordinator_of_nothing(
    client, users, units
):
    quota = quota_set(
        actor=actor(users["coordinator"]), unit=units["jy"], year=2025, kind="meeting", amount=5
    )
    client.force_login(users["clerk_ny"])
    response = client.post(
        reverse("filings:quota_adjust"),
        {"year": 2025, "quota": quota.pk, "delta": 2, "reason": "x", "approver": "y"},
    )
    assert response.status_code == 403 and not QuotaAdjustment.objects.exists()


def test_growth_explanation_from_the_quota_page(client, users, units):
    from datetime import date

    from jianfu.filings.models import GrowthExplanation
    from jianfu.ledgers.models import LedgerEntry

    ny = units["ny"]
    for title, day in (("a", date(2025, 1, 3)), ("b", date(2025, 2, 3))):
        LedgerEntry.objects.create(
            county=ny.county,
            unit=ny,
            kind="发文",
            date=day,
            title=title,
            title_norm=title,
            source="form",
            counted=True,
        )
    client.force_login(users["clerk_ny"])
    html = client.get(reverse("filings:quotas") + "?year=2025").content.decode()
    assert 'data-testid="growth"' in html and "未备案" in html
    client.post(reverse("filings:growth"), {"year": 2025, "unit": ny.pk, "text": "新增防疫任务"})
    assert GrowthExplanation.objects.get(unit=ny, year=2025).text == "新增防疫任务"
    assert (
        client.post(
            reverse("filings:growth"), {"year": 2025, "unit": units["jy"].pk, "text": "x"}
        ).status_code
        == 404
    )


def test_plans_add_import_export_and_scope(client, users, units):
    client.force_login(users["clerk_ny"])
    response = client.post(
        reverse("filings:plans") + "?year=2025",
        {
            "year": 2025,
            "unit": units["ny"].pk,
            "kind": "inspection",
            "code": "2025-NY-05",
            "title": "秸秆禁烧督查",
            "approved": "on",
        },
    )
    assert response.status_code == 302
    assert PlanItem.objects.get(code="2025-NY-05").unit == units["ny"]
    foreign = client.post(
        reverse("filings:plans") + "?year=2025",
        {"year": 2025, "unit": units["jy"].pk, "kind": "meeting", "code": "X-1", "title": "x"},
    )
    assert foreign.status_code == 200 and not PlanItem.objects.filter(code="X-1").exists()
    template = client.get(reverse("filings:plan_template"))
    upload = SimpleUploadedFile("plan.xlsx", template.content)
    client.post(
        reverse("filings:plan_import") + "?year=2025",
        {"year": 2025, "unit": units["ny"].pk, "file": upload},
    )
    assert PlanItem.objects.filter(unit=units["ny"]).count() == 3
    bad = xlsx_bytes(TEMPLATE_HEADERS, [("B-1", "会议", "", 3, "", "否", "是")])
    page = client.post(
        reverse("filings:plan_import") + "?year=2025",
        {"year": 2025, "unit": units["ny"].pk, "file": SimpleUploadedFile("bad.xlsx", bad)},
    ).content.decode()
    assert "第2行" in page and not PlanItem.objects.filter(code="B-1").exists()
    export = client.get(reverse("filings:plan_export") + "?year=2025")
    rows = list(
        load_workbook(io.BytesIO(export.content)).active.iter_rows(min_row=3, values_only=True)
    )
    assert {r[1] for r in rows} == {"2025-NY-05", "2025-NY-01", "2025-NY-02"}
    client.force_login(users["clerk_jy"])
    html = client.get(reverse("filings:plans") + "?year=2025").content.decode()
    assert "秸秆禁烧督查" not in html
    plan = PlanItem.objects.get(code="2025-NY-05")
    assert client.post(reverse("filings:plan_delete", args=[plan.pk])).status_code == 404
    client.force_login(users["leader_ny"])
    assert client.post(reverse("filings:plan_delete", args=[plan.pk])).status_code == 403
    assert "秸秆禁烧督查" in client.get(reverse("filings:plans") + "?year=2025").content.decode()
