"""The demo county in a real browser: the logins `jianfu demo --logins` prints do sign in, and
the home page shows the account's real name, unit and role."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command

from jianfu.demo.data import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOT = "/tmp/jianfu-home.png"


@pytest.fixture
def demo_county():
    call_command("demo", stdout=StringIO(), stderr=StringIO())


ACCOUNTS = [
    ("cg_clerk", "刘芳", "城关镇", "经办人"),
    ("ny_leader", "吴海涛", "县农业农村局", "单位领导"),
    ("zfb_coord", "李强", "县政府办公室", "县委办/政府办（工作专班）"),
    ("inspector2", "林晓燕", "县委办公室", "督导组成员"),
]


@pytest.mark.parametrize(
    ("username", "name", "unit", "role"), [pytest.param(*a, id=a[0]) for a in ACCOUNTS]
)
def test_demo_login_shows_name_unit_and_role(demo_county, page, login, username, name, unit, role):
    login(username, DEMO_PASSWORD)
    assert re.sub(r"^https?://[^/]+", "", page.url) == "/"
    topbar = page.get_by_test_id("topbar-user").inner_text()
    assert name in topbar and unit in topbar and role in topbar
    assert "青河县" in page.locator(".topbar").inner_text()
    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")
    if username == "cg_clerk":
        page.screenshot(path=SCREENSHOT, full_page=True)
