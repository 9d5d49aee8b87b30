"""The 报备关 pages: list, create with 「检查」 (htmx, nothing saved), edit, delete/restore,
export; cross-unit objects are 404; roles get what `has_perm` says."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from jianfu.filings.models import Filing, Status
from jianfu.filings.services.items import filing_create

from .helpers import DOCUMENT, MEETING, actor

pytestmark = pytest.mark.django_db

MEETING_POST = {
    "kind": "meeting",
    "title": "全县夏粮收购工作视频调度会",
    "date": "2025-06-16",
    "form": "视频",
    "convener": "张副局长",
    "convener_level": "分管负责同志",
    "duration_minutes": "150",
    "main_speech_minutes": "40",
    "attendee_unit": ["各乡镇（街道）", "县直有关部门"],
    "attendee_level": ["主要负责同志", "分管负责同志"],
    "agenda_item": ["通报进度", ""],
    "agenda_minutes": ["20", ""],
    "one_off": "on",
    "decl_N-M-01": "1",
    "decl_note_N-M-01": "部署夏粮收购",
}


def login(client, user):
    client.force_login(user)
    return client


def test_check_button_shows_codes_without_saving(client, users):
    login(client, users["clerk_ny"])
    url = reverse("filings:create") + "?kind=meeting"
    response = client.post(url, {**MEETING_POST, "action": "check"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-code="L-M-2" data-result="fail"' in html
    assert "计划时长150分钟，超过视频会议90分钟上限" in html
    assert 'data-code="L-M-3" data-result="fail"' in html
    assert "<html" not in html  # the partial only
    assert not Filing.objects.exists()


def test_save_creates_a_draft_with_rows_and_declarations(client, users):
    login(client, users["clerk_ny"])
    response = client.post(
        reverse("filings:create") + "?kind=meeting", {**MEETING_POST, "action": "save"}
    )
    filing = Filing.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "filings:detail", args=[filing.pk]
    )
    assert filing.unit.code == "QH-NY" and filing.status == Status.DRAFT
    assert filing.attendees == [
        {"unit": "各乡镇（街道）", "level": "主要负责同志"},
        {"unit": "县直有关部门", "level": "分管负责同志"},
    ]
    assert filing.agenda == [{"item": "通报进度", "minutes": 20}]
    assert filing.declarations["N-M-01"] == {"ok": True, "note": "部署夏粮收购"}
    assert any(c["code"] == "L-M-2" and c["result"] == "fail" for c in filing.checks)


def test_errors_keep_what_was_typed_next_to_the_field(client, users):
    login(client, users["clerk_ny"])
    bad = {**MEETING_POST, "duration_minutes": "abc", "form": "", "action": "save"}
    response = client.post(reverse("filings:create") + "?kind=meeting", bad)
    html = response.content.decode()
    assert response.status_code == 200 and not Filing.objects.exists()
    assert 'data-testid="error-duration_minutes"' in html and 'data-testid="error-form"' in html
    assert 'value="全县夏粮收购工作视频调度会"' in html and 'value="县直有关部门"' in html


def test_form_shows_remaining_quota(client, users, units):
    from jianfu.filings.services.quotas import quota_set

    quota_set(
        actor=actor(users["coordinator"]),
        unit=units["ny"],
        year=date.today().year,
        kind="meeting",
        amount=12,
    )
    login(client, users["clerk_ny"])
    html = client.get(reverse("filings:create") + "?kind=meeting").content.decode()
    assert "数额 12，已用 0，剩余 <strong>12</strong>" in html


def test_list_is_restricted_by_unit_and_exports(client, users, units):
    ny = filing_create(actor=actor(users["clerk_ny"]), unit=units["ny"], data=MEETING)
    jy = filing_create(
        actor=actor(users["clerk_jy"]), unit=units["jy"], data={**DOCUMENT, "title": "教育局的通知"}
    )
    login(client, users["clerk_ny"])
    html = client.get(reverse("filings:index")).content.decode()
    assert ny.title in html and jy.title not in html
    assert "tag-grey" in html and "草稿" in html
    export = client.get(reverse("filings:export"))
    sheet = load_workbook(io.BytesIO(export.content)).active
    titles = [row[3] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert titles == [ny.title]
    client.force_login(users["coordinator"])
    html = client.get(reverse("filings:index") + "?kind=document").content.decode()
    assert jy.title in html and ny.title not in html


def test_cross_unit_edit_delete_are_404(client, users, units):
    jy = filing_create(actor=actor(users["clerk_jy"]), unit=units["jy"], data=DOCUMENT)
    login(client, users["clerk_ny"])
    assert client.get(reverse("filings:edit", args=[jy.pk])).status_code == 404
    assert client.post(reverse("filings:delete", args=[jy.pk])).status_code == 404
    assert client.post(reverse("filings:restore", args=[jy.pk])).status_code == 404
    jy.refresh_from_db()
    assert jy.deleted_at is None


def test_roles_without_filing_submit_cannot_open_the_form(client, users):
    for name in ("leader_ny", "approver", "inspector"):
        client.force_login(users[name])
        assert client.get(reverse("filings:create") + "?kind=meeting").status_code == 403
        assert client.get(reverse("filings:index")).status_code == 200
    client.force_login(users["sysadmin"])
    assert client.get(reverse("filings:index")).status_code == 403


def test_edit_reruns_checks_and_delete_restore(client, users, units):
    filing = filing_create(actor=actor(users["clerk_ny"]), unit=units["ny"], data=MEETING)
    login(client, users["clerk_ny"])
    page = client.get(reverse("filings:edit", args=[filing.pk])).content.decode()
    assert 'value="各乡镇（街道）"' in page and 'data-code="L-M-2"' in page
    assert 'type="date" name="date" value="2025-06-16"' in page  # shown as the date input reads it
    fixed = {
        **MEETING_POST,
        "duration_minutes": "80",
        "attendee_level": ["分管负责同志", "工作人员"],
        "action": "save",
    }
    assert client.post(reverse("filings:edit", args=[filing.pk]), fixed).status_code == 302
    filing.refresh_from_db()
    assert filing.duration_minutes == 80 and filing.version == 2
    assert {c["code"]: c["result"] for c in filing.checks}["L-M-3"] == "pass"
    client.post(reverse("filings:delete", args=[filing.pk]))
    assert (
        reverse("filings:detail", args=[filing.pk])
        not in client.get(reverse("filings:index")).content.decode()
    )
    deleted = client.get(reverse("filings:index") + "?deleted=1").content.decode()
    assert filing.title in deleted
    client.post(reverse("filings:restore", args=[filing.pk]))
    filing.refresh_from_db()
    assert filing.deleted_at is None


def test_pending_item_is_not_editable_through_the_form(client, users, units):
    filing = filing_create(actor=actor(users["clerk_ny"]), unit=units["ny"], data=MEETING)
    Filing.objects.filter(pk=filing.pk).update(status=Status.PENDING)
    login(client, users["clerk_ny"])
    response = client.post(
        reverse("filings:edit", args=[filing.pk]), {**MEETING_POST, "action": "save"}
    )
    assert response.status_code == 302
    filing.refresh_from_db()
    assert filing.version == 1


def test_automatic_checks_lacking_facts_can_be_declared_on_the_form(client, users):
    login(client, users["clerk_ny"])
    post = {
        **MEETING_POST,
        "main_speech_minutes": "",
        "decl_L-M-1": "1",
        "decl_note_L-M-1": "讲话控制在30分钟内",
        "action": "save",
    }
    client.post(reverse("filings:create") + "?kind=meeting", post)
    filing = Filing.objects.get()
    assert {c["code"]: c["result"] for c in filing.checks}["L-M-1"] == "declare"
    assert filing.declarations["L-M-1"] == {"ok": True, "note": "讲话控制在30分钟内"}
    html = client.get(reverse("filings:edit", args=[filing.pk])).content.decode()
    assert 'name="decl_L-M-1" value="1" checked' in html


def test_deleted_list_offers_only_what_can_still_be_restored(client, users, units):
    from datetime import timedelta

    from django.utils import timezone

    recent = filing_create(actor=actor(users["clerk_ny"]), unit=units["ny"], data=MEETING)
    old = filing_create(
        actor=actor(users["clerk_ny"]),
        unit=units["ny"],
        data={**DOCUMENT, "title": "很早删除的通知"},
    )
    Filing.objects.filter(pk=recent.pk).update(deleted_at=timezone.now() - timedelta(days=2))
    Filing.objects.filter(pk=old.pk).update(deleted_at=timezone.now() - timedelta(days=40))
    login(client, users["clerk_ny"])
    html = client.get(reverse("filings:index") + "?deleted=1").content.decode()
    assert recent.title in html and old.title not in html
