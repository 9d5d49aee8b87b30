"""In a real browser: a department clerk files a meeting that breaks two rules (a 150-minute video
meeting; a deputy leader requiring township principals) and sees both codes with their reasons
before saving; adds a row with the form's own script; saves the draft."""

from __future__ import annotations

import pytest

from jianfu.filings.models import Filing
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_clerk_sees_both_broken_rules_before_saving(users, units, page, login, problems):
    login("clerk_ny", PASSWORD)
    page.goto("/filings/")
    assert "还没有报备事项" in page.get_by_test_id("empty").inner_text()
    page.get_by_test_id("new-meeting").click()
    page.get_by_label("标题").fill("全县夏粮收购工作视频调度会")
    page.get_by_label("计划日期").fill("2025-06-16")
    page.get_by_label("会议形式").select_option("视频")
    page.get_by_label("召集领导").fill("张副局长")
    page.get_by_label("召集人层级").select_option("分管负责同志")
    page.get_by_label("计划时长（分钟）").fill("150")
    page.get_by_label("主要讲话时长（分钟）").fill("40")
    page.get_by_label("一事一报").check()
    page.get_by_label("参会单位").first.fill("各乡镇（街道）")
    page.get_by_label("层级", exact=True).first.select_option("主要负责同志")
    page.get_by_test_id("add-attendee").click()
    assert page.get_by_label("参会单位").count() == 2
    page.get_by_label("参会单位").nth(1).fill("县直有关部门")
    page.get_by_label("层级", exact=True).nth(1).select_option("工作人员")

    page.get_by_test_id("check-button").click()
    table = page.get_by_test_id("check-table")
    table.wait_for()
    duration = page.locator('[data-testid=check-row][data-code="L-M-2"]')
    assert duration.get_attribute("data-result") == "fail"
    assert "计划时长150分钟，超过视频会议90分钟上限" in duration.inner_text()
    assert "不通过" in duration.inner_text()
    deputy = page.locator('[data-testid=check-row][data-code="L-M-3"]')
    assert deputy.get_attribute("data-result") == "fail"
    assert "召集人为分管负责同志" in deputy.inner_text()
    assert "主要讲话" in table.inner_text()  # the rule text is on the code (hover)
    assert page.locator('[data-code="L-M-1"] .code').get_attribute("title")
    assert not Filing.objects.exists()  # checking stores nothing

    with page.expect_navigation():
        page.get_by_test_id("save-button").click()
    filing = Filing.objects.get()
    assert page.url.endswith(f"/filings/{filing.pk}/")
    assert [a["unit"] for a in filing.attendees] == ["各乡镇（街道）", "县直有关部门"]
    assert {c["code"]: c["result"] for c in filing.checks}["L-M-2"] == "fail"
    assert page.evaluate("window.__cspViolations") == []
    assert (problems.console_errors, problems.page_errors) == ([], [])
