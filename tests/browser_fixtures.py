"""Playwright fixtures: Debian's Chromium (never a downloaded browser) against pytest-django's
live_server, which serves the static files too. The sync API needs DJANGO_ALLOW_ASYNC_UNSAFE,
set in tests/conftest.py."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1366, "height": 768}  # the office PC screen UI.md names first

# Collects Content-Security-Policy violations in the page; Playwright injects it through the
# DevTools protocol, so the policy that forbids inline scripts does not block it.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI);
});
"""


@pytest.fixture(scope="session")
def browser() -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class PageProblems:
    """What went wrong in the browser while a test ran: console errors and uncaught errors."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def clear(self) -> None:
        self.console_errors.clear()
        self.page_errors.clear()


@pytest.fixture
def problems() -> PageProblems:
    return PageProblems()


@pytest.fixture
def page(browser, live_server, problems) -> Iterator:
    context = browser.new_context(
        base_url=live_server.url,
        viewport=VIEWPORT,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
    )
    context.set_default_timeout(10_000)
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    page.on(
        "console",
        lambda msg: (
            msg.type == "error"
            and problems.console_errors.append(f"{msg.text} @ {msg.location.get('url', '')}")
        ),
    )
    page.on("pageerror", lambda exc: problems.page_errors.append(str(exc)))
    yield page
    context.close()


@pytest.fixture
def login(page):
    """Sign in through the login form, as a person would; returns the page on the next screen."""

    def sign_in(username: str, password: str):
        page.goto("/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(password)
        with page.expect_navigation():
            page.get_by_role("button", name="登录").click()
        if "/account/otp/" in page.url:  # administrators: the second factor (R5)
            from tests.security.otp_helpers import browser_second_factor

            browser_second_factor(page, username)
        return page

    return sign_in
