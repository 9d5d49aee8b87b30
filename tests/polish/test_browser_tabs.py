"""The filings tabs in a real browser at 1366×768: one row, no horizontal scroll, the inbox
count, each tab opens its page; the dashboard's 应急 total opens exactly its lines."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from jianfu.filings.services.stages import approval_stages_ensure_default
from tests.conftest import PASSWORD
from tests.filings_flow.factories import make_filing
from tests.filings_flow.helpers import submit
from tests.monitoring.data import scene

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_coordinators_filings_tabs_fit_and_open(county, units, users, page, login, problems):
    approval_stages_ensure_default(county)
    filing = make_filing(units["ny"], created_by=users["clerk_ny"])
    submit(filing, users["clerk_ny"])
    login("leader_ny", PASSWORD)
    page.goto("/filings/")
    tabs = page.get_by_test_id("filing-tabs")
    expect(tabs.get_by_test_id("inbox-count")).to_have_text("1")
    expect(tabs.get_by_test_id("tab-routes")).to_have_count(0)  # coordinator only
    page.get_by_role("button", name="退出").click()
    login("coordinator", PASSWORD)
    page.goto("/filings/")
    tabs = page.get_by_test_id("filing-tabs")
    links = tabs.get_by_role("link")
    expect(links).to_have_count(7)
    boxes = [links.nth(i).bounding_box() for i in range(7)]
    assert len({round(b["y"]) for b in boxes}) == 1  # one row
    assert max(b["x"] + b["width"] for b in boxes) <= 1366
    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")
    for name, heading in (
        ("待我审批", "待我审批"),
        ("未报备事项", "未报备事项（不予认可）"),
        ("审批路线", "审批路线"),
        ("一事一码核验", "报备事项核验（一事一码）"),
    ):
        with page.expect_navigation():
            page.get_by_test_id("filing-tabs").get_by_role("link", name=name).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        active = page.get_by_test_id("filing-tabs").locator("a.active")
        expect(active).to_contain_text(name)
    assert (problems.console_errors, problems.page_errors) == ([], [])


def test_the_emergency_total_opens_its_lines(units, users, page, login, problems):
    scene(units)
    login("coordinator", PASSWORD)
    page.goto("/monitoring/?start=2025-09-01&end=2025-09-30")
    total = page.get_by_test_id("total-emergency")
    shown = int(total.inner_text())
    assert shown > 0
    with page.expect_navigation():
        total.click()
    expect(page.get_by_test_id("filter-category")).to_have_value("应急")
    expect(page.get_by_test_id("ledger-row")).to_have_count(shown)
    assert (problems.console_errors, problems.page_errors) == ([], [])
