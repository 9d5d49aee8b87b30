"""The workflow pages: who sees what, who may act, cross-unit 404s, the inbox, notifications."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jianfu.filings.models import Status
from jianfu.notices.models import Notification

from .factories import make_filing
from .helpers import approve_fully, declare_all, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(stages, units, users):
    f = make_filing(units["ny"], created_by=users["clerk_ny"])
    submit(f, users["clerk_ny"])
    f.refresh_from_db()
    return f


def test_detail_cross_unit_is_404(client, pending, users):
    url = reverse("filings:detail", args=[pending.pk])
    for name in ("clerk_ny", "leader_ny", "coordinator", "approver"):
        client.force_login(users[name])
        assert client.get(url).status_code == 200, name
    for name in ("clerk_jy", "clerk_hk"):
        client.force_login(users[name])
        assert client.get(url).status_code == 404, name


def test_only_the_stage_actor_sees_the_decision_form(client, pending, users):
    url = reverse("filings:detail", args=[pending.pk])
    client.force_login(users["leader_ny"])
    assert 'data-testid="decide"' in client.get(url).content.decode()
    for name in ("clerk_ny", "coordinator", "approver"):
        client.force_login(users[name])
        assert 'data-testid="decide"' not in client.get(url).content.decode(), name


def test_decide_by_the_wrong_person_changes_nothing(client, pending, users):
    url = reverse("filings:decide", args=[pending.pk])
    client.force_login(users["coordinator"])  # stage 1 is the unit leader's
    response = client.post(url, {"version": pending.version, "action": "pass"}, follow=True)
    assert "不是该事项当前环节的办理人" in response.content.decode()
    pending.refresh_from_db()
    assert pending.stage_order == 1
    client.force_login(users["clerk_ny"])  # a clerk cannot approve
    client.post(url, {"version": pending.version, "action": "pass"})
    pending.refresh_from_db()
    assert pending.stage_order == 1
    client.force_login(users["clerk_jy"])  # another unit's clerk: the item does not exist
    assert client.post(url, {"version": pending.version, "action": "pass"}).status_code == 404


def test_decide_through_the_page_and_stale_version(client, pending, users):
    url = reverse("filings:decide", args=[pending.pk])
    client.force_login(users["leader_ny"])
    client.post(url, {"version": pending.version, "action": "pass"})
    pending.refresh_from_db()
    assert pending.stage_order == 2
    client.force_login(users["coordinator"])
    page = client.post(
        url, {"version": pending.version, "action": "return", "comment": ""}, follow=True
    ).content.decode()
    assert "必须填写意见" in page
    stale = pending.version - 1
    page = client.post(url, {"version": stale, "action": "pass"}, follow=True).content.decode()
    assert "该事项已被他人处理，请刷新后再试" in page
    client.post(url, {"version": pending.version, "action": "return", "comment": "压缩时长"})
    pending.refresh_from_db()
    assert pending.status == Status.RETURNED


def test_submit_and_withdraw_pages(client, stages, units, users):
    f = make_filing(units["ny"], created_by=users["clerk_ny"])
    client.force_login(users["clerk_ny"])
    page = client.post(
        reverse("filings:submit", args=[f.pk]), {"version": f.version}, follow=True
    ).content.decode()
    assert "逐项声明" in page
    declare_all(f)
    f.refresh_from_db()
    client.post(reverse("filings:submit", args=[f.pk]), {"version": f.version})
    f.refresh_from_db()
    assert f.status == Status.PENDING
    client.force_login(users["leader_ny"])  # a leader may not withdraw (filing.submit)
    assert client.post(reverse("filings:withdraw", args=[f.pk])).status_code == 403
    client.force_login(users["clerk_ny"])
    client.post(reverse("filings:withdraw", args=[f.pk]), {"version": f.version})
    f.refresh_from_db()
    assert f.status == Status.WITHDRAWN


def test_inbox_lists_what_waits_for_me(client, pending, users, make_user):
    leader_jy = make_user("leader_jy", "leader", "jy")
    url = reverse("filings:inbox")
    client.force_login(users["leader_ny"])
    assert client.get(url).content.decode().count('data-testid="inbox-row"') == 1
    for user in (leader_jy, users["coordinator"], users["approver"], users["clerk_ny"]):
        client.force_login(user)
        assert 'data-testid="inbox-row"' not in client.get(url).content.decode()


def test_notifications_page_and_unread_count(client, pending, users):
    client.force_login(users["leader_ny"])
    home = client.get(reverse("web:home")).content.decode()
    assert 'class="badge">1<' in home
    page = client.get(reverse("notices:index")).content.decode()
    assert "待您审批" in page
    note = Notification.objects.get(recipient=users["leader_ny"])
    response = client.post(reverse("notices:read"), {"id": note.pk, "next": note.url})
    assert response.status_code == 302 and response["Location"] == note.url
    note.refresh_from_db()
    assert note.read_at is not None
    assert 'class="badge"' not in client.get(reverse("web:home")).content.decode()
    # someone else's notification cannot be marked read
    client.force_login(users["clerk_ny"])
    other = Notification.objects.create(
        county=note.county, recipient=users["leader_ny"], topic="x", title="t"
    )
    client.post(reverse("notices:read"), {"id": other.pk})
    other.refresh_from_db()
    assert other.read_at is None
    # an outside `next` is not followed
    response = client.post(reverse("notices:read"), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("notices:index")


def test_routes_page_for_the_coordinator(client, stages, users):
    url = reverse("filings:routes")
    client.force_login(users["clerk_ny"])
    assert client.get(url).status_code == 403
    client.force_login(users["coordinator"])
    assert "县委办/政府办审核" in client.get(url).content.decode()
    client.post(url, {"unit_kind": "department", "item_kind": "document", "stage1": "coordinator"})
    from jianfu.filings.models import ApprovalStage

    roles = ApprovalStage.objects.filter(originator_kind="department", item_kind="document")
    assert list(roles.values_list("role", flat=True)) == ["coordinator"]


def test_approved_detail_shows_code_and_edit_after_approval(client, stages, units, users):
    f = make_filing(units["ny"], created_by=users["clerk_ny"])
    approve_fully(f, users)
    f.refresh_from_db()
    client.force_login(users["clerk_ny"])
    html = client.get(reverse("filings:detail", args=[f.pk])).content.decode()
    assert f.reg_no in html and 'data-testid="notice-link"' in html
    url = reverse("filings:edit_approved", args=[f.pk])
    assert client.get(url).status_code == 200
    client.post(
        url,
        {
            "version": f.version,
            "title": f.title,
            "date": "2025-06-12",
            "duration_minutes": "90",
            "comment": "改期",
        },
    )
    f.refresh_from_db()
    assert f.status == Status.PENDING and f.duration_minutes == 90
