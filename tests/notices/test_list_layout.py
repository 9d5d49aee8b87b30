"""The notifications list in a real browser: a title that wraps reads as a left-aligned link
(not centred like a button), and 未读 is one tag that marks the notice read when clicked, not a
tag boxed inside a button (found in the first user walk through the demo county)."""

from __future__ import annotations

import pytest

from jianfu.notices.models import Notification
from jianfu.notices.services import notify
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_titles_left_aligned_and_unread_tag_marks_read(users, page, login, problems):
    leader = users["leader_ny"]
    notify(
        [leader],
        topic="reminder.sent",
        title="减负工作提醒：县农业农村局发文数量超出年度数额需要说明情况",
        body="请控制发文数量",
        url="/notices/",
    )
    login("leader_ny", PASSWORD)
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto("/notices/")
    title = page.get_by_test_id("notice-open").first
    assert title.evaluate("e => getComputedStyle(e).textAlign") in ("left", "start")
    cell_left = title.evaluate("e => e.closest('td').getBoundingClientRect().left")
    text_left = title.evaluate(
        "e => { const r = document.createRange(); r.selectNodeContents(e);"
        " return r.getClientRects()[r.getClientRects().length - 1].left; }"
    )
    assert text_left - cell_left < 20  # the wrapped last line starts at the cell's left edge
    mark = page.get_by_test_id("notice-mark-read").first
    assert mark.evaluate("e => getComputedStyle(e).borderTopWidth") == "0px"
    with page.expect_navigation():
        mark.click()
    assert Notification.objects.get(recipient=leader).read_at is not None
    assert page.get_by_test_id("notice-mark-read").count() == 0
    assert problems.console_errors == [] and problems.page_errors == []
