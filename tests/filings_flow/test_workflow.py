"""The approval workflow's services: submit, decide, withdraw, resubmit, edit after approval."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jianfu.core.models import AuditEvent
from jianfu.filings.models import ApprovalStage, FilingDecision, ItemKind, Status
from jianfu.filings.services.edit_approved import filing_edit_approved
from jianfu.filings.services.stages import (
    approval_route_save,
    approval_stages_ensure_default,
    route_for,
)
from jianfu.filings.services.workflow import (
    filing_resubmit,
    filing_submit,
    filing_withdraw,
)
from jianfu.notices.models import Notification

from .factories import make_filing
from .helpers import actor, approve_fully, decide, declare_all, submit

pytestmark = pytest.mark.django_db


def test_default_routes_are_data_and_idempotent(county):
    created = approval_stages_ensure_default(county)
    assert created == ApprovalStage.objects.filter(county=county).count() > 0
    assert approval_stages_ensure_default(county) == 0


def test_department_meeting_route(stages, units):
    filing = make_filing(units["ny"])
    assert [s.role for s in route_for(filing)] == ["leader", "coordinator", "approver"]
    doc = make_filing(units["ny"], kind=ItemKind.DOCUMENT)
    assert [s.role for s in route_for(doc)] == ["leader", "coordinator"]
    office = make_filing(units["xwb"])
    assert [s.role for s in route_for(office)] == ["leader", "approver"]


def test_submit_runs_checks_and_needs_declarations(stages, units, users):
    filing = make_filing(units["ny"], created_by=users["clerk_ny"])
    with pytest.raises(ValidationError) as err:
        filing_submit(actor=actor(users["clerk_ny"]), filing=filing)
    assert err.value.code == "declarations"
    assert "N-M-01" in err.value.messages[0]
    filing.refresh_from_db()
    assert filing.status == Status.DRAFT and filing.checks  # checks ran and were stored
    declare_all(filing)
    filing_submit(actor=actor(users["clerk_ny"]), filing=filing)
    filing.refresh_from_db()
    assert (filing.status, filing.stage_order, filing.version) == (Status.PENDING, 1, 2)
    assert filing.decisions.get().action == "submit"
    assert AuditEvent.objects.filter(action="submit", object_id=str(filing.pk)).count() == 1
    # the leader of the unit is told an item waits for them
    note = Notification.objects.get(recipient=users["leader_ny"])
    assert note.topic == "filing.pending" and str(filing.pk) in note.url


def test_full_route_to_approval_with_codes(stages, units, users):
    filing = make_filing(units["ny"], created_by=users["clerk_ny"])
    approve_fully(filing, users)
    filing.refresh_from_db()
    assert filing.status == Status.APPROVED and filing.approved_at
    assert re.fullmatch(r"QH-2025-HY-0001", filing.reg_no)
    assert len(filing.verify_code) == 8
    actions = list(filing.decisions.values_list("action", "stage_order"))
    assert actions == [("submit", 0), ("pass", 1), ("pass", 2), ("pass", 3)]
    assert AuditEvent.objects.filter(action="sign", object_id=str(filing.pk)).count() == 2
    assert AuditEvent.objects.filter(action="approve", object_id=str(filing.pk)).count() == 1
    approved = Notification.objects.get(recipient=users["clerk_ny"], topic="filing.approved")
    assert filing.reg_no in approved.title


def test_return_needs_comment_and_resubmit_starts_over(stages, units, users):
    filing = make_filing(units["ny"], created_by=users["clerk_ny"])
    submit(filing, users["clerk_ny"])
    decide(filing, users["leader_ny"])
    with pytest.raises(ValidationError) as err:
        decide(filing, users["coordinator"], "return", "  ")
    assert err.value.code == "comment"
    decide(filing, users["coordinator"], "return", "时长过长，请压缩到 90 分钟以内")
    filing.refresh_from_db()
    assert filing.status == Status.RETURNED and filing.stage_order == 0
    note = Notification.objects.get(recipient=users["clerk_ny"], topic="filing.returned")
    assert "90 分钟" in note.body
    filing_resubmit(actor=actor(users["clerk_ny"]), filing=filing)
    filing.refresh_from_db()
    assert (filing.status, filing.stage_order) == (Status.PENDING, 1)
    assert filing.decisions.last().action == "resubmit"


def test_reject_is_final(stages, units, users):
    filing = make_filing(units["ny"], created_by=users["clerk_ny"])
    submit(filing, users["clerk_ny"])
    decide(filing, users["leader_ny"], "reject", "与上周会议重复，可合并召开")
    filing.refresh_from_db()
    assert filing.status == Status.REJECTED
    with pytest.raises(ValidationError):
        filing_resubmit(actor=actor(users["clerk_ny"]), filing=filing)
    assert Notification.objects.filter(recipient=users["clerk_ny"], topic="filing.rejected")


def test_tighten_records_changes_and_passes(stages, units, users):
    filing = make_filing(units["ny"], kind=ItemKind.INSPECTION, created_by=users["clerk_ny"])
    submit(filing, users["clerk_ny"])
    decide(filing, users["leader_ny"])
    with pytest.raises(ValidationError):
        decide(filing, users["coordinator"], "tighten", changes={"days": 5})
    decide(
        filing,
        users["coordinator"],
        "tighten",
        "压减到一天、只查河口乡",
        changes={"days": 1, "targets": ["QH-HK"]},
    )
    filing.refresh_from_db()
    assert (filing.days, filing.targets, filing.stage_order) == (1, ["QH-HK"], 3)
    decision = filing.decisions.get(action="tighten")
    assert decision.changes == {"days": [2, 1], "targets": [["QH-HK", "QH-CG"], ["QH-HK"]]}


def test_withdraw_and_resubmit(stages, units, users):
    filing = make_filing(units["ny"], created_by=users["clerk_ny"])
    submit(filing, users["clerk_ny"])
    filing.refresh_from_db()
    filing_withdraw(actor=actor(users["clerk_ny"]), filing=filing)
    filing.refresh_from_db()
    assert filing.status == Status.WITHDRAWN
    filing_resubmit(actor=actor(users["clerk_ny"]), filing=filing)
    filing.refresh_from_db()
    assert filing.status == Status.PENDING


def test_edit_after_approval_needs_reapproval(stages, units, users):
    filing = make_filing(units["ny"], created_by=users["clerk_ny"])
    approve_fully(filing, users)
    filing.refresh_from_db()
    code = filing.verify_code
    with pytest.raises(ValidationError):
        filing_edit_approved(
            actor=actor(users["clerk_ny"]),
            filing=filing,
            seen_version=filing.version,
            changes={"duration_minutes": 100},
            comment="",
        )
    filing_edit_approved(
        actor=actor(users["clerk_ny"]),
        filing=filing,
        seen_version=filing.version,
        changes={"duration_minutes": 100},
        comment="议程调整",
    )
    filing.refresh_from_db()
    assert (filing.status, filing.stage_order, filing.duration_minutes) == ("pending", 1, 100)
    edit = filing.decisions.get(action=FilingDecision.Action.EDIT)
    assert edit.changes == {"duration_minutes": [120, 100]}
    decide(filing, users["leader_ny"])
    decide(filing, users["coordinator"])
    decide(filing, users["approver"])
    filing.refresh_from_db()
    assert filing.status == Status.APPROVED and filing.verify_code == code  # the code is kept


def test_who_may_act_at_a_stage(stages, units, users, make_user):
    leader_jy = make_user("leader_jy", "leader", "jy")
    filing = make_filing(units["ny"], created_by=users["clerk_ny"])
    submit(filing, users["clerk_ny"])
    # stage 1 is the ny leader's: not the jy leader, a clerk, the coordinator or the approver
    for name in ("clerk_ny", "coordinator", "approver", "inspector"):
        with pytest.raises(PermissionDenied):
            decide(filing, users[name])
    with pytest.raises(PermissionDenied):
        decide(filing, leader_jy)
    decide(filing, users["leader_ny"])
    with pytest.raises(PermissionDenied):
        decide(filing, users["leader_ny"])  # stage 2 is the coordinator's
    # a clerk of another unit cannot submit or withdraw this unit's item
    with pytest.raises(PermissionDenied):
        filing_withdraw(actor=actor(users["clerk_jy"]), filing=filing)


def test_leader_of_jy_cannot_sign_ny_item_even_with_own_route(stages, units, make_user):
    leader_jy = make_user("leader_jy", "leader", "jy")
    clerk_jy = make_user("clerk_jy2", "clerk", "jy")
    filing = make_filing(units["jy"], created_by=clerk_jy)
    submit(filing, clerk_jy)
    decide(filing, leader_jy)
    filing.refresh_from_db()
    assert filing.stage_order == 2


def test_edited_route_applies(county, units, users):
    approval_stages_ensure_default(county)
    approval_route_save(
        actor=actor(users["coordinator"]),
        county=county,
        unit_kind="department",
        item_kind="meeting",
        roles=["coordinator"],
    )
    filing = make_filing(units["ny"], created_by=users["clerk_ny"])
    submit(filing, users["clerk_ny"])
    decide(filing, users["coordinator"])
    filing.refresh_from_db()
    assert filing.status == Status.APPROVED
    with pytest.raises(ValidationError):
        approval_route_save(
            actor=actor(users["coordinator"]),
            county=county,
            unit_kind="department",
            item_kind="meeting",
            roles=[],
        )
    assert (
        AuditEvent.objects.filter(action="config", object_type="filings.approvalstage").count() == 1
    )
