"""In a real browser: the coordinator opens 通报, generates the quarterly bulletin and downloads
it; the download is a real .docx that python-docx opens, with the figures of the page."""

from __future__ import annotations

import re

import docx
import pytest

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_generates_and_downloads_the_quarterly_bulletin(
    scene, page, login, problems, tmp_path
):
    login("coordinator", PASSWORD)
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="通报").click()
    assert "还没有分析通报" in page.get_by_test_id("empty").inner_text()
    page.get_by_role("link", name="生成", exact=True).click()
    page.wait_for_url("**/reports/generate/")
    page.wait_for_load_state("load")  # the form's script is deferred
    page.get_by_label("类型").select_option("weekly")
    assert page.get_by_label("期间").input_value().count("-W") == 1  # the proposal follows
    page.get_by_label("类型").select_option("quarterly")
    page.get_by_label("期间").fill("2025-Q3")
    page.get_by_role("button", name="生成").click()
    page.wait_for_url(re.compile(r"/reports/\d+/$"))
    assert page.get_by_role("heading", level=1).inner_text() == (
        "关于青河县2025年第三季度为基层减负工作情况的通报"
    )
    totals = page.get_by_test_id("totals-table").inner_text()
    assert "发文（件）\t8" in totals
    assert "县农业农村局" in page.get_by_test_id("named").inner_text()
    with page.expect_download() as info:
        page.get_by_test_id("download-docx").click()
    download = info.value
    assert download.suggested_filename.endswith("（第1版）.docx")
    target = tmp_path / "bulletin.docx"
    download.save_as(target)
    document = docx.Document(str(target))
    texts = [p.text for p in document.paragraphs]
    assert "青减负通〔2025〕3号" in texts
    change = document.tables[0]
    assert [c.text for c in change.rows[1].cells][:2] == ["发文（件）", "8"]
    # back on the list: one report, version 1, ready
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="通报").click()
    page.wait_for_url("**/reports/")
    row = page.get_by_test_id("report-row")
    assert row.count() == 1 and "已生成" in row.inner_text()
    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")
    assert page.evaluate("window.__cspViolations") == []
    assert (problems.console_errors, problems.page_errors) == ([], [])
