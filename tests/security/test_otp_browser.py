"""R5 in the browser: an administrator's first login binds an authenticator app."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD
from tests.security.otp_helpers import secret_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_first_administrator_login_binds_a_device(users, page, problems):
    page.goto("/login/")
    page.get_by_label("用户名").fill("secadmin")
    page.get_by_label("密码").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="登录").click()
    assert page.url.split("/", 3)[3].startswith("account/otp/")
    assert page.get_by_test_id("otp-qr").locator("svg").count() == 1
    # Nothing else opens before the device is bound.
    page.goto("/org/users/")
    assert "/account/otp/" in page.url
    page.get_by_label("验证码").fill("000000")
    page.get_by_role("button", name="完成绑定").click()
    assert page.get_by_role("alert").filter(has_text="验证码不正确").count() == 1
    secret = page.get_by_test_id("otp-secret").inner_text()
    page.wait_for_timeout(1100)  # django-otp backs off one second after a failure
    page.get_by_label("验证码").fill(secret_code(secret))
    with page.expect_navigation():
        page.get_by_role("button", name="完成绑定").click()
    assert page.url.endswith("/org/users/")
    assert problems.console_errors == [] and problems.page_errors == []
