"""Items: create, update, delete, restore; checks gathered from the database; item_check."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from jianfu.core.actor import Actor
from jianfu.core.models import AuditEvent
from jianfu.filings.models import Filing, PlanItem, Status
from jianfu.filings.services.checks import filing_checks_run, item_check
from jianfu.filings.services.item_input import ItemInvalid
from jianfu.filings.services.items import (
    filing_create,
    filing_delete,
    filing_restore,
    filing_update,
)
from jianfu.ledgers.models import LedgerEntry

from .helpers import DOCUMENT, INSPECTION, MEETING, actor, results

pytestmark = pytest.mark.django_db


def ledger_line(unit, kind, title, day, **extra):
    return LedgerEntry.objects.create(
        county_id=unit.county_id,
        unit=unit,
        kind=kind,
        date=day,
        title=title,
        title_norm=title,
        source="form",
        **extra,
    )


def test_create_stores_a_draft_with_its_checks_and_audits(units, users):
    filing = filing_create(actor=actor(users["clerk_ny"]), unit=units["ny"], data=MEETING)
    filing.refresh_from_db()
    assert filing.status == Status.DRAFT and filing.kind == "meeting"
    assert filing.meeting_form == "视频" and filing.duration_minutes == 150
    assert filing.attendees == [{"unit": "各乡镇（街道）", "level": "主要负责同志"}]
    found = results(filing.checks)
    assert found["L-M-2"] == "fail" and found["L-M-3"] == "fail" and found["N-M-06"] == "fail"
    assert found["N-M-08"] == "pass"  # one_off
    event = AuditEvent.objects.get(action="create", object_type="filings.filing")
    assert event.object_id == str(filing.pk) and event.after["duration_minutes"] == 150


def test_create_refuses_invalid_input_naming_fields(units, users):
    bad = {**MEETING, "form": "广播", "duration_minutes": "abc", "date": "2025-13-01"}
    with pytest.raises(ItemInvalid) as caught:
        filing_create(actor=actor(users["clerk_ny"]), unit=units["ny"], data=bad)
    fields = {f for f, _ in caught.value.errors}
    assert {"form", "duration_minutes", "date"} <= fields
    assert not Filing.objects.exists()


def test_clerk_cannot_file_for_another_unit_and_leader_cannot_file(units, users):
    with pytest.raises(PermissionDenied):
        filing_create(actor=actor(users["clerk_ny"]), unit=units["jy"], data=DOCUMENT)
    with pytest.raises(PermissionDenied):
        filing_create(actor=actor(users["leader_ny"]), unit=units["ny"], data=DOCUMENT)
    # the county office files for any unit
    assert filing_create(actor=actor(users["coordinator"]), unit=units["jy"], data=DOCUMENT).pk


def test_update_reruns_checks_bumps_version_and_is_refused_after_submission(units, users):
    clerk = actor(users["clerk_ny"])
    filing = filing_create(actor=clerk, unit=units["ny"], data=MEETING)
    fixed = {
        **MEETING,
        "duration_minutes": 80,
        "attendees": [{"unit": "各乡镇（街道）", "level": "分管负责同志"}],
    }
    filing = filing_update(actor=clerk, filing=filing, data=fixed)
    assert filing.version == 2
    found = results(filing.checks)
    assert found["L-M-2"] == "pass" and found["L-M-3"] == "pass"
    assert AuditEvent.objects.filter(action="update", object_id=str(filing.pk)).count() == 1
    Filing.objects.filter(pk=filing.pk).update(status=Status.PENDING)
    filing.refresh_from_db()
    with pytest.raises(ValidationError):
        filing_update(actor=clerk, filing=filing, data=fixed)


def test_delete_is_soft_restorable_for_30_days_and_never_for_archived(units, users):
    clerk = actor(users["clerk_ny"])
    filing = filing_create(actor=clerk, unit=units["ny"], data=DOCUMENT)
    filing_delete(actor=clerk, filing=filing)
    filing.refresh_from_db()
    assert filing.deleted_at is not None and Filing.objects.filter(pk=filing.pk).exists()
    filing_restore(actor=clerk, filing=filing)
    filing.refresh_from_db()
    assert filing.deleted_at is None
    Filing.objects.filter(pk=filing.pk).update(deleted_at=timezone.now() - timedelta(days=31))
    with pytest.raises(ValidationError):
        filing_restore(actor=clerk, filing=filing)
    archived = filing_create(actor=clerk, unit=units["ny"], data=DOCUMENT)
    Filing.objects.filter(pk=archived.pk).update(status=Status.ARCHIVED)
    with pytest.raises(ValidationError):
        filing_delete(actor=clerk, filing=archived)
    archived.refresh_from_db()
    assert archived.deleted_at is None
    assert AuditEvent.objects.filter(action__in=["delete", "restore"]).count() == 2


def test_checks_read_earlier_filings_ledger_lines_and_plans(county, units, users):
    clerk = actor(users["clerk_ny"])
    # a deploying document in the ledger 10 days before → N-M-02 for the meeting
    ledger_line(
        units["ny"], "发文", "关于做好2025年夏粮收购工作的通知", date(2025, 6, 6), counted=True
    )
    # another unit's submitted meeting 3 days later with the same townships → N-M-03
    other = filing_create(
        actor=actor(users["clerk_jy"]),
        unit=units["jy"],
        data={**MEETING, "title": "夏粮收购推进会", "date": "2025-06-19"},
    )
    Filing.objects.filter(pk=other.pk).update(status=Status.PENDING)
    filing = filing_create(actor=clerk, unit=units["ny"], data=MEETING)
    found = {c["code"]: c for c in filing.checks}
    assert found["N-M-02"]["result"] == "fail" and "夏粮收购" in found["N-M-02"]["reason"]
    assert found["N-M-03"]["result"] == "fail" and f"#{other.pk}" in found["N-M-03"]["reason"]
    assert "县教育局" in found["N-M-03"]["reason"]
    # an inspection linked to a plan item twice → N-I-06
    PlanItem.objects.create(
        county=county,
        unit=units["ny"],
        year=2025,
        kind="inspection",
        code="2025-NY-01",
        title="高标准农田建设督查",
        approved=True,
    )
    plan_data = {**INSPECTION, "one_off": False, "plan_item": "2025-NY-01"}
    first = filing_create(actor=clerk, unit=units["ny"], data=plan_data)
    assert results(first.checks)["L-I-1"] == "pass" and results(first.checks)["N-I-06"] == "pass"
    second = filing_create(actor=clerk, unit=units["ny"], data={**plan_data, "date": "2025-08-01"})
    assert results(second.checks)["N-I-06"] == "fail"
    assert results(filing_checks_run(first))["N-I-06"] == "fail"  # the other one now exists


def test_unknown_plan_code_is_refused(units, users):
    with pytest.raises(ItemInvalid) as caught:
        filing_create(
            actor=actor(users["clerk_ny"]),
            unit=units["ny"],
            data={**INSPECTION, "plan_item": "2025-NY-99"},
        )
    assert caught.value.errors[0][0] == "plan_item"


def test_l_d_3_counts_from_the_ledger_and_explanation(units, users):
    from jianfu.filings.services.quotas import growth_explanation_file

    ny = units["ny"]
    ledger_line(ny, "发文", "甲", date(2024, 3, 1), counted=True)
    ledger_line(ny, "发文", "乙", date(2025, 3, 1), counted=True)
    data = {**DOCUMENT, "unit": "QH-NY"}
    found = {c["code"]: c for c in item_check(data, ny.county)["checks"]}
    assert found["L-D-3"]["result"] == "fail" and "上年全年1件" in found["L-D-3"]["reason"]
    growth_explanation_file(actor=actor(users["clerk_ny"]), unit=ny, year=2025, text="新增防疫任务")
    found = {c["code"]: c for c in item_check(data, ny.county)["checks"]}
    assert found["L-D-3"]["result"] == "pass"


def test_item_check_stores_nothing_and_names_unknown_unit(county, units):
    before = AuditEvent.objects.count()
    result = item_check({**MEETING, "unit": "QH-NY"}, county)
    assert result["title"] == MEETING["title"] and results(result["checks"])["L-M-2"] == "fail"
    assert not Filing.objects.exists() and AuditEvent.objects.count() == before
    with pytest.raises(ItemInvalid) as caught:
        item_check({**MEETING, "unit": "QH-XX"}, county)
    assert caught.value.errors[0][0] == "unit"


def test_command_line_actor_may_file(units):
    filing = filing_create(actor=Actor.command(), unit=units["ny"], data=DOCUMENT)
    assert filing.created_by is None and filing.checks
