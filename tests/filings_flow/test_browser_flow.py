"""The issue's "done when", through the browser: a department clerk's meeting that breaks two
rules is submitted with both failures shown; the coordinator returns it with a comment; the clerk
fixes and resubmits; the leader signs, the coordinator passes, the county leader approves; the
township clerk verifies its code on the public page; the unit archives it with the actual
duration."""

from __future__ import annotations

from datetime import date

import pytest

from jianfu.filings.models import Filing, Status
from jianfu.filings.services.stages import approval_stages_ensure_default
from tests.conftest import PASSWORD

from .factories import make_filing
from .helpers import declare_all

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _clean_cache(settings, tmp_path):
    from django.core.cache import cache

    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()


def clean(page, problems) -> None:
    assert page.evaluate("window.__cspViolations") == []
    assert (problems.console_errors, problems.page_errors) == ([], [])


def as_user(page, login, username: str) -> None:
    page.context.clear_cookies()
    login(username, PASSWORD)


def open_item(page, pk: int) -> None:
    page.goto(f"/filings/{pk}/")


def test_meeting_through_the_three_gates(county, units, users, page, login, problems):
    approval_stages_ensure_default(county)
    # a video meeting of 120 minutes with a 70-minute main speech: L-M-2 and L-M-1 fail
    filing = make_filing(
        units["ny"],
        created_by=users["clerk_ny"],
        meeting_form="视频",
        duration_minutes=120,
        main_speech_minutes=70,
        title="全县高标准农田建设推进视频会",
        date=date(2025, 6, 10),
    )
    declare_all(filing)

    # the clerk sees both failures with their codes and reasons, and submits
    as_user(page, login, "clerk_ny")
    open_item(page, filing.pk)
    failed = page.locator('[data-testid="check-row"][data-result="fail"]')
    codes = {failed.nth(k).get_attribute("data-code") for k in range(failed.count())}
    assert {"L-M-1", "L-M-2"} <= codes
    page.get_by_test_id("submit").click()
    assert page.get_by_test_id("status").inner_text() == "待审批"
    clean(page, problems)

    # the unit's leader is notified, finds it in the inbox and signs
    as_user(page, login, "leader_ny")
    assert page.get_by_test_id("unread-notices").inner_text().endswith("1")
    page.goto("/filings/inbox/")
    page.get_by_test_id("inbox-row").get_by_role("link").click()
    page.get_by_test_id("decide-pass").click()
    assert "第 2/3 环节" in page.get_by_test_id("stage").inner_text()

    # the coordinator returns it; a return without a comment is refused
    as_user(page, login, "coordinator")
    open_item(page, filing.pk)
    page.get_by_test_id("decide-return").click()
    assert "必须填写意见" in page.locator(".messages").inner_text()
    page.get_by_label("审批意见").fill("视频会议不超过90分钟，主要讲话压缩到60分钟以内")
    page.get_by_test_id("decide-return").click()
    assert page.get_by_test_id("status").inner_text() == "已退回"

    # the clerk reads the comment, fixes the item and resubmits
    as_user(page, login, "clerk_ny")
    page.goto("/notices/")
    assert "视频会议不超过90分钟" in page.get_by_test_id("notices").inner_text()
    page.get_by_test_id("notice-open").first.click()
    assert "视频会议不超过90分钟" in page.get_by_test_id("history").inner_text()
    page.goto(f"/filings/{filing.pk}/edit/")
    if not page.locator("[name=date]").input_value():  # the edit form may not show the date
        page.locator("[name=date]").fill("2025-06-10")
    page.locator("[name=duration_minutes]").fill("90")
    page.locator("[name=main_speech_minutes]").fill("50")
    with page.expect_navigation():
        page.get_by_test_id("save-button").click()
    open_item(page, filing.pk)
    assert not page.locator(
        '[data-testid="check-row"][data-result="fail"][data-code="L-M-2"]'
    ).count()
    page.get_by_test_id("submit").click()
    assert page.get_by_test_id("status").inner_text() == "待审批"

    # leader signs, coordinator passes, the county leader approves
    for name in ("leader_ny", "coordinator", "approver"):
        as_user(page, login, name)
        open_item(page, filing.pk)
        page.get_by_test_id("decide-pass").click()
    assert page.get_by_test_id("status").inner_text() == "已批准"
    reg_no = page.get_by_test_id("reg-no").inner_text()
    code = page.get_by_test_id("verify-code").inner_text()
    assert reg_no == "QH-2025-HY-0001" and len(code) == 9
    page.get_by_test_id("notice-link").click()
    assert code in page.get_by_test_id("notice-code").inner_text()
    assert page.get_by_test_id("qr").locator("svg").count() == 1
    clean(page, problems)

    # the township clerk checks the code on the public page, without logging in
    page.context.clear_cookies()
    page.goto("/filings/verify/")
    page.get_by_label("核验码").fill(code.lower())
    page.get_by_role("button", name="核验").click()
    valid = page.get_by_test_id("verify-valid").inner_text()
    assert "有效" in valid and reg_no in valid and "县农业农村局" in valid
    page.get_by_label("核验码").fill("ZZZZ-ZZZZ")
    page.get_by_role("button", name="核验").click()
    assert "无效" in page.get_by_test_id("verify-invalid").inner_text()
    clean(page, problems)

    # the unit archives it with the actual duration: the overrun is recorded
    as_user(page, login, "clerk_ny")
    open_item(page, filing.pk)
    page.get_by_test_id("archive").click()
    page.get_by_label("实际时长（分钟）").fill("110")
    page.get_by_label("会议材料").set_input_files(
        files=[{"name": "会议材料.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_test_id("archive-submit").click()
    assert page.get_by_test_id("status").inner_text() == "已备案"
    differences = page.get_by_test_id("differences").inner_text()
    assert "ARC-OVERTIME" in differences and "L-M-2" in differences
    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")
    clean(page, problems)
    assert Filing.objects.get(pk=filing.pk).status == Status.ARCHIVED
