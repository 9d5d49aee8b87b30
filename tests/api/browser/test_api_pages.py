"""In the browser: the Swagger page renders from local assets under the CSP, and the system
administrator issues and revokes a token."""

from __future__ import annotations

import pytest

from jianfu.api.tokens import api_token_authenticate
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_swagger_page_renders_offline(page, problems, live_server):
    outside: list[str] = []
    page.on(
        "request",
        lambda request: (
            not request.url.startswith(live_server.url)
            and not request.url.startswith("data:")
            and outside.append(request.url)
        ),
    )
    page.goto("/api/v1/docs")
    page.get_by_text("批量推送台账条目").first.wait_for()
    assert page.get_by_text("查询台账条目").first.is_visible()
    assert page.evaluate("window.__cspViolations") == []
    assert outside == []
    assert problems.page_errors == []


def test_sysadmin_issues_and_revokes_a_token(page, login, users, units, problems):
    login("sysadmin", PASSWORD)
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="接口令牌").click()
    page.get_by_role("link", name="签发令牌").click()
    page.get_by_label("单位").select_option(label="河口乡（QH-HK）")
    page.get_by_label("名称").fill("河口乡 OA 推送")
    page.get_by_role("button", name="签发").click()
    secret = page.get_by_test_id("token-secret").inner_text()
    assert secret.startswith("jf_")
    page.get_by_role("button", name="复制").click()
    token = api_token_authenticate(secret)
    assert token is not None and token.unit == units["hk"]
    page.get_by_role("link", name="返回令牌列表").click()
    table = page.get_by_test_id("token-table")
    assert "河口乡 OA 推送" in table.inner_text() and secret not in page.content()
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        table.get_by_role("button", name="吊销").click()
    assert "已吊销" in page.get_by_test_id("token-table").inner_text()
    assert api_token_authenticate(secret) is None
    assert page.evaluate("window.__cspViolations") == []
    assert problems.page_errors == [] and problems.console_errors == []
