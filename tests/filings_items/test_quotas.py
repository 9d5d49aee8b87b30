"""Quota balances: ledger lines charged + approved filings not yet in the ledger; adjustments."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jianfu.core.models import AuditEvent
from jianfu.filings.models import Filing, Status
from jianfu.filings.selectors.quotas import document_growth
from jianfu.filings.services.checks import item_check
from jianfu.filings.services.items import filing_create
from jianfu.filings.services.quotas import quota_adjust, quota_balance, quota_set
from jianfu.ledgers.models import LedgerEntry

from .helpers import MEETING, actor, results

pytestmark = pytest.mark.django_db


def line(unit, title, day, kind="办会", charged=True):
    return LedgerEntry.objects.create(
        county_id=unit.county_id,
        unit=unit,
        kind=kind,
        date=day,
        title=title,
        title_norm=title,
        source="form",
        counted=charged,
        quota_charged=charged,
    )


def test_balance_counts_ledger_and_unrecorded_approved_filings_once(units, users):
    ny = units["ny"]
    coordinator = actor(users["coordinator"])
    quota = quota_set(actor=coordinator, unit=ny, year=2025, kind="meeting", amount=3)
    line(ny, "甲会", date(2025, 2, 1))
    line(ny, "乙会", date(2025, 3, 1), charged=False)  # not quota-charged
    line(ny, "去年会", date(2024, 3, 1))  # another year
    approved = filing_create(
        actor=actor(users["clerk_ny"]), unit=ny, data={**MEETING, "title": "丙会推进会"}
    )
    Filing.objects.filter(pk=approved.pk).update(status=Status.APPROVED)
    filing_create(
        actor=actor(users["clerk_ny"]), unit=ny, data={**MEETING, "title": "丁会"}
    )  # draft
    balance = quota_balance(ny, 2025, "meeting")
    assert (balance.amount, balance.adjustments, balance.used, balance.remaining) == (3, 0, 2, 1)
    # once the approved meeting is in the ledger it is counted there, not twice
    line(ny, "丙会推进会", date(2025, 6, 16))
    assert quota_balance(ny, 2025, "meeting").used == 2
    quota_adjust(actor=coordinator, quota=quota, delta=2, reason="防汛任务加重", approver="李县长")
    balance = quota_balance(ny, 2025, "meeting")
    assert (balance.adjustments, balance.total, balance.remaining) == (2, 5, 3)
    assert AuditEvent.objects.filter(object_type="filings.quotaadjustment").count() == 1


def test_quota_check_fails_when_nothing_is_left(units, users):
    ny = units["ny"]
    quota_set(actor=actor(users["coordinator"]), unit=ny, year=2025, kind="meeting", amount=1)
    data = {**MEETING, "unit": "QH-NY"}
    assert results(item_check(data, ny.county)["checks"])["QUOTA"] == "pass"
    line(ny, "甲会", date(2025, 2, 1))
    check = {c["code"]: c for c in item_check(data, ny.county)["checks"]}["QUOTA"]
    assert check["result"] == "fail" and "已用1，剩余0" in check["reason"]


def test_only_the_county_office_sets_quotas_and_adjustments_need_reason_and_approver(units, users):
    with pytest.raises(PermissionDenied):
        quota_set(
            actor=actor(users["clerk_ny"]), unit=units["ny"], year=2025, kind="meeting", amount=9
        )
    quota = quota_set(
        actor=actor(users["coordinator"]), unit=units["ny"], year=2025, kind="meeting", amount=9
    )
    same = quota_set(
        actor=actor(users["coordinator"]), unit=units["ny"], year=2025, kind="meeting", amount=7
    )
    assert same.pk == quota.pk and same.amount == 7
    with pytest.raises(ValidationError) as caught:
        quota_adjust(
            actor=actor(users["coordinator"]), quota=quota, delta=0, reason="", approver=""
        )
    assert set(caught.value.message_dict) == {"delta", "reason", "approver"}
    with pytest.raises(PermissionDenied):
        quota_adjust(actor=actor(users["clerk_ny"]), quota=quota, delta=1, reason="x", approver="y")


def test_document_growth_last_year_vs_this_year(county, units):
    ny = units["ny"]
    line(ny, "a", date(2024, 1, 5), kind="发文")
    line(ny, "b", date(2025, 1, 5), kind="发文")
    line(ny, "c", date(2025, 2, 5), kind="发文")
    growth = document_growth(county, 2025)[ny.pk]
    assert (growth.last_year, growth.this_year, growth.over, growth.explained) == (
        1,
        2,
        True,
        False,
    )
