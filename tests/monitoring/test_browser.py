"""In a real browser: the coordinator opens the dashboard, sees which units are heading over,
drills into one, sends its principal a reminder that the principal (leader) acknowledges."""

from __future__ import annotations

from datetime import date

import pytest

from jianfu.filings.models import Quota
from jianfu.monitoring.models import Reminder
from jianfu.monitoring.services.alerts import alerts_scan
from tests.conftest import PASSWORD

from .data import scene

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def clean(page, problems) -> None:
    assert page.evaluate("window.__cspViolations") == []
    assert (problems.console_errors, problems.page_errors) == ([], [])


def test_coordinator_reminds_a_unit_heading_over_and_its_leader_acknowledges(
    county, units, users, page, login, problems
):
    scene(units)
    Quota.objects.create(county=county, unit=units["ny"], year=2025, kind="document", amount=3)
    alerts_scan(county, date(2025, 9, 30))

    login("coordinator", PASSWORD)
    with page.expect_navigation():
        page.get_by_role("navigation", name="主导航").get_by_role("link", name="监测分析").click()
    assert "青河县减负监测看板" in page.get_by_role("heading", level=1).inner_text()
    # the charts are drawn by the local ECharts, each with its table underneath
    for chart in ("chart-units", "chart-trend", "chart-burden"):
        page.wait_for_selector(f"#{chart}[data-drawn='1'] canvas")
    assert page.get_by_test_id("total-documents").inner_text() == "6"  # 2025 to date
    heading_over = page.get_by_test_id("heading-over")
    assert "县农业农村局" in heading_over.inner_text()
    first_row = page.get_by_test_id("unit-row").first
    assert "县农业农村局" in first_row.inner_text() and "预计超额" in first_row.inner_text()
    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")
    clean(page, problems)

    # drill into the unit, then from its alert into the reminder form
    with page.expect_navigation():
        heading_over.get_by_role("link", name="县农业农村局").click()
    assert page.get_by_role("heading", level=1).inner_text() == "县农业农村局"
    alert_row = page.get_by_test_id("alert-row").filter(has_text="数额使用达 100%")
    assert "发文数额已用100%" in alert_row.inner_text()
    with page.expect_navigation():
        alert_row.get_by_role("link", name="就此提醒").click()
    form = page.get_by_test_id("remind-form")
    assert "leader_ny" in form.inner_text() and "计 1 人次" in form.inner_text()
    form.get_by_label("提醒内容").fill("贵单位今年发文数额已用完，请严格控制发文。")
    form.get_by_label("拟在季度通报中点名（拟通报）").check()
    with page.expect_navigation():
        form.get_by_role("button", name="发送提醒").click()
    assert "已向县农业农村局主要负责同志发送提醒" in page.locator(".messages").inner_text()
    assert "待确认" in page.get_by_test_id("unit-reminders").inner_text()
    clean(page, problems)

    # the principal signs in, sees the reminder and acknowledges it
    with page.expect_navigation():
        page.get_by_role("button", name="退出").click()
    login("leader_ny", PASSWORD)
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="监测分析").click()
    page.get_by_role("link", name="提醒", exact=True).click()
    row = page.get_by_test_id("reminder-row").first
    assert "贵单位今年发文数额已用完" in row.inner_text() and "拟通报" in row.inner_text()
    with page.expect_navigation():
        row.get_by_role("button", name="确认收到").click()
    assert "已确认收到提醒" in page.locator(".messages").inner_text()
    assert "已确认" in page.get_by_test_id("reminder-row").first.inner_text()
    reminder = Reminder.objects.get()
    assert reminder.acknowledged_by == users["leader_ny"] and reminder.bulletin
    clean(page, problems)
