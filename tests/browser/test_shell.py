"""The web shell in a real browser: login, home, navigation, 403, logout, layout at 1366×768,
and a clean console (no errors, no Content-Security-Policy violations)."""

from __future__ import annotations

import re

import pytest

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAV_LABELS = (
    "台账",
    "报备审批",
    "数额",
    "监测分析",
    "督导",
    "学习培训",
    "规则",
    "单位与用户",
)


def path_of(page) -> str:
    return re.sub(r"^https?://[^/]+", "", page.url)


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")


def test_clerk_logs_in_and_sees_home_with_unit_role_and_navigation(users, page, login):
    page.goto("/")
    assert path_of(page).startswith("/login/")  # not signed in: the login page, in Chinese
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    login("clerk_ny", PASSWORD)
    assert path_of(page) == "/"
    topbar = page.get_by_test_id("topbar-user")
    assert "县农业农村局" in topbar.inner_text()
    assert "经办人" in topbar.inner_text()
    whoami = page.get_by_test_id("whoami").inner_text()
    assert "县农业农村局" in whoami and "经办人" in whoami and "本单位" in whoami
    assert page.locator("h1").first.inner_text().strip()

    nav = page.get_by_role("navigation", name="主导航")
    # every part the clerk may use is built and linked; 通报 is not the clerk's (report.view)
    for label in NAV_LABELS:
        item = nav.locator("li").filter(has_text=label).first
        assert item.count() == 1, label
        assert item.locator("a").first.get_attribute("href"), label
    assert nav.locator("li").filter(has_text="通报").count() == 0
    assert nav.locator(".unbuilt").count() == 0


def test_wrong_password_shows_a_chinese_error_and_stays_on_login(users, page, login):
    login("clerk_ny", "Wrong-Password-1")
    assert path_of(page).startswith("/login/")
    error = page.get_by_role("alert")
    assert error.is_visible()
    text = error.inner_text()
    assert re.search(r"[\u4e00-\u9fff]", text) and "密码" in text, text
    assert page.get_by_label("用户名").input_value() == "clerk_ny"  # nothing typed is lost
    assert page.get_by_label("密码").input_value() == ""


def test_clerk_gets_a_chinese_403_page_for_the_audit_trail(users, page, login):
    login("clerk_ny", PASSWORD)
    response = page.goto("/audit/")
    assert response.status == 403
    assert "无权访问" in page.locator("body").inner_text()
    assert page.get_by_role("link", name="返回首页").is_visible()


def test_logout_ends_the_session_also_for_back_and_revisits(users, page, login):
    login("clerk_ny", PASSWORD)
    assert path_of(page) == "/"
    with page.expect_navigation():
        page.get_by_role("button", name="退出").click()
    assert path_of(page).startswith("/login/")

    page.go_back()
    if not path_of(page).startswith("/login/"):
        page.reload()  # a page restored from history must not work once reloaded
    assert path_of(page).startswith("/login/")
    assert page.get_by_test_id("topbar-user").count() == 0

    page.goto("/")
    assert path_of(page).startswith("/login/")
    assert page.get_by_label("密码").is_visible()


def nav_hrefs(page) -> list[str]:
    links = page.get_by_role("navigation", name="主导航").locator("a").all()
    return [h for h in (link.get_attribute("href") for link in links) if h and h != "/"]


@pytest.mark.parametrize("username", ["clerk_ny", "coordinator", "auditadmin"])
def test_pages_fit_1366_by_768_without_horizontal_scroll(users, page, login, username):
    page.goto("/login/")
    assert no_horizontal_scroll(page), "login page"
    login(username, PASSWORD)
    assert path_of(page) == "/"
    assert page.viewport_size == {"width": 1366, "height": 768}
    assert no_horizontal_scroll(page), "home page"
    for href in nav_hrefs(page):
        page.goto(href)
        assert no_horizontal_scroll(page), href


def test_home_has_no_console_errors_or_csp_violations(users, page, login, problems):
    page.goto("/login/")
    assert problems.console_errors == [] and problems.page_errors == []
    login("clerk_ny", PASSWORD)
    assert path_of(page) == "/"
    page.wait_for_load_state("networkidle")
    assert problems.console_errors == []
    assert problems.page_errors == []
    assert page.evaluate("window.__cspViolations") == []
    # the page's own scripts and styles arrived (served locally, allowed by the policy)
    assert page.evaluate("typeof window.htmx") == "object"
    assert page.evaluate("getComputedStyle(document.querySelector('.topbar')).display") == "flex"


@pytest.mark.parametrize("username", ["coordinator", "sysadmin", "auditadmin"])
def test_every_navigation_page_is_free_of_console_errors(users, page, login, problems, username):
    login(username, PASSWORD)
    for href in nav_hrefs(page):
        response = page.goto(href)
        assert response.status == 200, href
        assert page.evaluate("window.__cspViolations") == [], href
        assert (problems.console_errors, problems.page_errors) == ([], []), href
