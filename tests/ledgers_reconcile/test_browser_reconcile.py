"""The reconciliation pages in a real browser: a township clerk sees what reached 河口乡 and the
unfiled line; the county office drills down from a sender's count and exports the unfiled list."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import PASSWORD

from .data import build_scene

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PERIOD = "?from=2025-01-01&to=2025-12-31"


def clean(page, problems) -> None:
    assert page.evaluate("window.__cspViolations") == []
    assert (problems.console_errors, problems.page_errors) == ([], [])
    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")


def test_township_sees_what_reached_it(page, login, problems, users, county, units):
    build_scene(county, units)
    login("clerk_hk", PASSWORD)
    page.goto("/ledgers/reconcile/" + PERIOD)
    assert page.locator("h1").inner_text() == "报备比对"
    reached = page.get_by_test_id("reached-table")
    assert reached.count() == 3  # county units, 上级, then the unresolved senders
    assert "县教育局" in reached.first.inner_text()
    assert "市委办公室" in reached.nth(1).inner_text()
    assert "未识别单位" in reached.nth(2).inner_text()
    unfiled = page.get_by_test_id("unfiled-table")
    assert "关于报送中小学校舍安全排查情况的通知" in unfiled.inner_text()
    assert "未报备" in unfiled.locator(".tag-darkred").first.inner_text()
    clean(page, problems)
    with page.expect_navigation():
        unfiled.get_by_role("link", name="关于报送中小学校舍安全排查情况的通知").click()
    assert "/ledgers/" in page.url


def test_county_office_drills_down_and_exports(page, login, problems, users, county, units):
    build_scene(county, units)
    login("coordinator", PASSWORD)
    page.goto("/ledgers/reconcile/" + PERIOD)
    senders = page.get_by_test_id("sender-table")
    assert senders.locator("tbody tr").count() == 3
    with page.expect_navigation():
        senders.get_by_role("link", name="未登记 1").first.click()
    assert "#unreceived" in page.url
    assert page.get_by_test_id("sender-unreceived").locator("tbody tr").count() == 1
    clean(page, problems)
    page.go_back()
    with page.expect_download() as download:
        page.get_by_role("link", name="导出 Excel").click()
    workbook = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    rows = list(workbook.active.iter_rows(min_row=3, values_only=True))
    assert sorted(r[4] for r in rows) == [
        "全县教育系统暑期安全工作会",
        "关于报送中小学校舍安全排查情况的通知",
    ]
    page.screenshot(path="/tmp/h8bench/reconcile_county.png", full_page=True)


def test_township_count_drills_down_to_its_lines(page, login, problems, users, county, units):
    build_scene(county, units)
    login("clerk_hk", PASSWORD)
    page.goto("/ledgers/reconcile/" + PERIOD)
    row = page.get_by_test_id("reached-row").filter(has_text="县教育局").first
    documents = row.get_by_test_id("drill").first
    shown = int(documents.inner_text())
    assert shown >= 1
    with page.expect_navigation():
        documents.click()
    assert "counterpart_unit=" in page.url
    assert "县教育局" in page.get_by_test_id("counterpart-filter").inner_text()
    assert page.get_by_test_id("ledger-row").count() == shown
    assert f"共 {shown} 条" in page.get_by_test_id("count").inner_text()
    clean(page, problems)
    # the filter survives the filter bar: submitting keeps it
    with page.expect_navigation():
        page.get_by_role("button", name="查询").click()
    assert page.get_by_test_id("ledger-row").count() == shown
    with page.expect_navigation():
        page.get_by_role("link", name="取消此条件").click()
    assert "counterpart_unit" not in page.url
