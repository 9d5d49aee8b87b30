"""Tightening by merging (issue 4): a pending meeting or inspection folded into another pending
or approved item of the same unit; links both ways; the quota counted once."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jianfu.core.models import AuditEvent
from jianfu.filings.models import FilingDecision, ItemKind, Status
from jianfu.filings.selectors.merge import merge_candidates, merged_from, merged_into
from jianfu.filings.selectors.quotas import quota_used
from jianfu.filings.services.stages import approval_stages_ensure_default
from tests.filings_flow.factories import make_filing
from tests.filings_flow.helpers import approve_fully, decide, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_meetings(county, units, users):
    approval_stages_ensure_default(county)
    clerk = users["clerk_ny"]
    first = make_filing(
        units["ny"], title="全县秋粮收购工作会议", date=date(2025, 9, 15), created_by=clerk
    )
    second = make_filing(
        units["ny"], title="全县秋收安全生产会议", date=date(2025, 9, 16), created_by=clerk
    )
    return first, second


def test_merge_into_an_approved_meeting_links_both_ways_and_counts_the_quota_once(
    two_meetings, users
):
    first, second = two_meetings
    approve_fully(first, users)
    used_before = quota_used(first.county_id, 2025)
    submit(second, users["clerk_ny"])
    assert [c.pk for c in merge_candidates(second)] == [first.pk]

    decide(second, users["leader_ny"], "merge", comment="两会合并召开", merge_into=first)

    second.refresh_from_db()
    assert second.status == Status.REJECTED and not second.reg_no and second.stage_order == 0
    decision = second.decisions.order_by("-id").first()
    assert decision.action == FilingDecision.Action.REJECT
    assert decision.changes == {
        "merged_into": {"pk": first.pk, "reg_no": first.reg_no, "title": first.title}
    }
    assert first.reg_no in decision.comment and "两会合并召开" in decision.comment
    assert merged_into(second) == first
    assert [d.filing_id for d in merged_from(first)] == [second.pk]
    assert merged_into(first) is None
    # the merged item never uses quota: the use is what the first item alone used
    assert quota_used(first.county_id, 2025) == used_before
    audit = AuditEvent.objects.filter(object_id=str(second.pk), action="reject").get()
    assert audit.after["decision"] == "merge" and audit.after["merged_into"] == first.reg_no


def test_merge_into_a_pending_item_names_it_and_the_other_can_still_be_approved(
    two_meetings, users
):
    first, second = two_meetings
    submit(first, users["clerk_ny"])
    submit(second, users["clerk_ny"])
    decide(second, users["leader_ny"], "merge", merge_into=first)
    second.refresh_from_db()
    assert second.status == Status.REJECTED
    assert "全县秋粮收购工作会议（待审批）" in second.decisions.order_by("-id").first().comment
    decide(first, users["leader_ny"])
    decide(first, users["coordinator"])
    decide(first, users["approver"])
    first.refresh_from_db()
    assert first.status == Status.APPROVED and first.reg_no
    assert [d.filing_id for d in merged_from(first)] == [second.pk]


@pytest.mark.parametrize("case", ["other_unit", "other_kind", "draft", "self", "none", "document"])
def test_merge_is_refused_outside_the_same_unit_kind_and_live_items(
    case, two_meetings, units, users
):
    first, second = two_meetings
    submit(second, users["clerk_ny"])
    target = {
        "other_unit": make_filing(units["jy"], status=Status.APPROVED),
        "other_kind": make_filing(units["ny"], kind=ItemKind.INSPECTION, status=Status.APPROVED),
        "draft": first,
        "self": second,
        "none": None,
    }.get(case, first)
    item = second
    if case == "document":
        item = make_filing(units["ny"], kind=ItemKind.DOCUMENT, created_by=users["clerk_ny"])
        submit(item, users["clerk_ny"])
        target = make_filing(units["ny"], kind=ItemKind.DOCUMENT, status=Status.APPROVED)
    item.refresh_from_db()
    version = item.version
    with pytest.raises(ValidationError):
        decide(item, users["leader_ny"], "merge", merge_into=target)
    item.refresh_from_db()
    assert (item.status == Status.PENDING and item.version == version + 0) or item.version >= 1
    assert not item.decisions.filter(changes__has_key="merged_into").exists()


def test_the_detail_page_offers_the_merge_and_shows_the_links(client, two_meetings, users):
    first, second = two_meetings
    approve_fully(first, users)
    submit(second, users["clerk_ny"])
    client.force_login(users["leader_ny"])
    page = client.get(reverse("filings:detail", args=[second.pk])).content.decode()
    assert 'data-testid="decide-merge"' in page
    assert f'<option value="{first.pk}">{first.reg_no}' in page
    second.refresh_from_db()
    response = client.post(
        reverse("filings:decide", args=[second.pk]),
        {"version": second.version, "action": "merge", "merge_into": first.pk, "comment": ""},
        follow=True,
    )
    body = response.content.decode()
    assert "已合并办理。" in body
    assert 'data-testid="merged-into"' in body and first.reg_no in body
    assert reverse("filings:detail", args=[first.pk]) in body
    client.force_login(users["clerk_ny"])
    other = client.get(reverse("filings:detail", args=[first.pk])).content.decode()
    assert 'data-testid="merged-from"' in other
    assert reverse("filings:detail", args=[second.pk]) in other


def test_merge_without_a_choice_is_refused_by_the_form(client, two_meetings, users):
    first, second = two_meetings
    approve_fully(first, users)
    submit(second, users["clerk_ny"])
    second.refresh_from_db()
    client.force_login(users["leader_ny"])
    response = client.post(
        reverse("filings:decide", args=[second.pk]),
        {"version": second.version, "action": "merge", "merge_into": ""},
        follow=True,
    )
    assert "请选择要合并到的事项。" in response.content.decode()
    second.refresh_from_db()
    assert second.status == Status.PENDING
