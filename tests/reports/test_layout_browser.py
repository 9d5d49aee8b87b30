"""The reports list in a real browser at 1366×768: 类型, 期间 and the download links stay on one
line (the first user walk saw 每季一通/报 and 2025-/W52 broken over two lines: `nowrap` had no
rule on these pages)."""

from __future__ import annotations

import pytest

from jianfu.core.actor import Actor
from jianfu.reports.periods import parse_period
from jianfu.reports.services.reports import report_generate
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_kind_period_and_downloads_on_one_line(county, scene, users, page, login, problems):
    report_generate(
        actor=Actor.command(users["coordinator"]), county=county, period=parse_period("2025-W32")
    )
    login("coordinator", PASSWORD)
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto("/reports/")
    cells = page.locator("table.list tbody tr").first.locator("td")
    assert cells.nth(0).inner_text() == "每周一分析" and cells.nth(1).inner_text() == "2025-W32"
    for i in (0, 1):
        assert cells.nth(i).evaluate("e => getComputedStyle(e).whiteSpace") == "nowrap"
        text_height = cells.nth(i).evaluate(
            "e => { const r = document.createRange(); r.selectNodeContents(e);"
            " return r.getBoundingClientRect().height; }"
        )
        line = cells.nth(i).evaluate("e => parseFloat(getComputedStyle(e).lineHeight) || 24")
        assert text_height < line * 1.5, i  # one line
    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")
    assert problems.console_errors == [] and problems.page_errors == []
