"""R5: TOTP is required for the three administrators and optional for everyone else.

A password alone reaches nothing but the second-factor pages and logout (swept over every URL
pattern and every API operation); a code cannot be used twice; failures are audited and count
towards the lockout. These tests use a plain Client and the real login and OTP pages.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from jianfu.api.api import api
from jianfu.core.audit import audit_verify
from jianfu.core.models import AuditEvent
from tests.conftest import PASSWORD
from tests.security.otp_helpers import device_code, secret_code
from tests.security.test_permission_sweep import routes

pytestmark = pytest.mark.django_db

ADMINS = ["sysadmin", "secadmin", "auditadmin"]
START = datetime(2026, 3, 2, 1, 0, 10, tzinfo=UTC)
EXEMPT = {"web:login", "web:logout", "web:otp_setup", "web:otp_verify", "web:otp_disable"}
BAD = "验证码不正确或已使用过"


def password_only(username: str) -> tuple[Client, object]:
    client = Client()
    response = client.post("/login/", {"username": username, "password": PASSWORD})
    return client, response


def api_operations():
    """(method, path) of every API operation, with placeholders for path parameters."""
    schema = api.get_openapi_schema()
    for path, item in schema["paths"].items():
        for method in item:
            yield method, re.sub(r"\{[^}]+\}", "1", path)


@pytest.mark.parametrize("username", ADMINS)
def test_administrator_with_password_only_reaches_nothing(users, username):
    client, response = password_only(username)
    assert response.status_code == 302 and response["Location"].startswith("/account/otp/")
    problems = []
    for route in routes():
        if route.name in EXEMPT:
            continue
        got = client.get(route.path)
        if not (got.status_code == 302 and got["Location"].startswith("/account/otp/")):
            problems.append(f"{route.path} -> {got.status_code}")
    assert not problems
    htmx = client.get("/", HTTP_HX_REQUEST="true")
    assert htmx.status_code == 204 and htmx["HX-Redirect"].startswith("/account/otp/")
    operations = list(api_operations())
    assert len(operations) >= 4
    for method, path in operations:
        got = getattr(client, method)(f"/api/v1{path}", content_type="application/json")
        assert got.status_code == 401, (method, path, got.status_code)
    # The setup page itself answers, with the secret and the QR code inline.
    page = client.get("/account/otp/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "<svg" in body and 'data-testid="otp-secret"' in body


def test_setup_then_verify_and_a_code_is_never_accepted_twice(users):
    with time_machine.travel(START, tick=False) as clock:
        client, _ = password_only("sysadmin")
        page = client.get("/account/otp/").content.decode()
        secret = re.search(r'data-testid="otp-secret">([^<]+)<', page).group(1)
        wrong = client.post("/account/otp/", {"code": "000000" if secret_code(secret) != "000000"
                                              else "111111"})
        assert wrong.status_code == 200 and BAD in wrong.content.decode()
        clock.shift(timedelta(seconds=5))  # past django-otp's back-off after one failure
        code = secret_code(secret)
        done = client.post("/account/otp/?next=/org/users/", {"code": code,
                                                               "next": "/org/users/"})
        assert done.status_code == 302 and done["Location"] == "/org/users/"
        assert client.get("/org/users/").status_code == 200
        device = TOTPDevice.objects.get(user=users["sysadmin"])
        assert device.confirmed
        # A new login in the same 30 seconds: the code just used is refused.
        client.post("/logout/")
        client, response = password_only("sysadmin")
        assert response["Location"].startswith("/account/otp/verify/")
        again = client.post("/account/otp/verify/", {"code": code})
        assert again.status_code == 200 and BAD in again.content.decode()
        assert client.get("/org/users/").status_code == 302
        clock.shift(timedelta(seconds=30))
        device.refresh_from_db()
        ok = client.post("/account/otp/verify/", {"code": device_code(device)})
        assert ok.status_code == 302
        assert client.get("/org/users/").status_code == 200
    actions = list(AuditEvent.objects.values_list("action", "result"))
    assert actions.count(("otp_failed", "failure")) == 2
    assert actions.count(("otp_setup", "success")) == 1
    dump = json.dumps(list(AuditEvent.objects.values()), default=str)
    assert code not in dump and secret.replace(" ", "") not in dump
    assert audit_verify().ok


def test_password_alone_cannot_replace_the_device(users):
    TOTPDevice.objects.create(user=users["secadmin"], name="TOTP", confirmed=True)
    client, response = password_only("secadmin")
    assert response["Location"].startswith("/account/otp/verify/")
    rebind = client.get("/account/otp/?rebind=1")
    assert rebind.status_code == 302 and rebind["Location"].startswith("/account/otp/verify/")
    assert client.post("/account/otp/", {"code": "123456"}).status_code == 302
    assert TOTPDevice.objects.filter(user=users["secadmin"]).count() == 1


def test_five_wrong_codes_lock_the_account_like_wrong_passwords(users):
    device = TOTPDevice.objects.create(user=users["auditadmin"], name="TOTP", confirmed=True)
    with time_machine.travel(START, tick=False) as clock:
        client, _ = password_only("auditadmin")
        good = device_code(device)
        wrong = f"{(int(good) + 1) % 1000000:06d}"
        for _attempt in range(5):
            response = client.post("/account/otp/verify/", {"code": wrong})
            clock.shift(timedelta(seconds=20))
        assert response.status_code == 429 and "账号已锁定" in response.content.decode()
        # The half-authenticated session is gone, and the right password is refused now.
        assert client.get("/account/otp/verify/").status_code == 302
        assert client.get("/account/otp/verify/")["Location"].startswith("/login/")
        again = Client().post("/login/", {"username": "auditadmin", "password": PASSWORD})
        assert "账号已锁定" in again.content.decode()
        assert AuditEvent.objects.filter(action="otp_failed", result="failure").count() == 5
        assert AuditEvent.objects.filter(action="lockout").count() == 1
        # After the cool-off, password and a fresh code work again.
        clock.shift(timedelta(minutes=16))
        client, response = password_only("auditadmin")
        assert response["Location"].startswith("/account/otp/verify/")
        device.refresh_from_db()
        ok = client.post("/account/otp/verify/", {"code": device_code(device)})
        assert ok.status_code == 302
        assert client.get("/audit/").status_code == 200


def test_business_users_need_no_second_factor_but_may_enable_it(users):
    with time_machine.travel(START, tick=False) as clock:
        client, response = password_only("clerk_ny")
        assert response.status_code == 302 and response["Location"] == "/"
        assert client.get("/").status_code == 200
        page = client.get("/account/otp/").content.decode()
        secret = re.search(r'data-testid="otp-secret">([^<]+)<', page).group(1)
        assert client.post("/account/otp/", {"code": secret_code(secret)}).status_code == 302
        assert client.get("/account/otp/").status_code == 200  # the status page
        client.post("/logout/")
        # Enabled: the next login asks for a code.
        client, response = password_only("clerk_ny")
        assert response["Location"].startswith("/account/otp/verify/")
        assert client.get("/ledgers/").status_code == 302
        clock.shift(timedelta(seconds=30))
        device = TOTPDevice.objects.get(user=users["clerk_ny"])
        assert client.post("/account/otp/verify/", {"code": device_code(device)}).status_code == 302
        assert client.get("/").status_code == 200
        # And switched off again with a current code.
        clock.shift(timedelta(seconds=30))
        off = client.post("/account/otp/disable/", {"code": device_code(device)})
        assert off.status_code == 302
        assert not TOTPDevice.objects.filter(user=users["clerk_ny"]).exists()
        client.post("/logout/")
        client, response = password_only("clerk_ny")
        assert response["Location"] == "/"
    setups = AuditEvent.objects.filter(action="otp_setup").order_by("id")
    assert [e.after["enabled"] for e in setups] == [True, False]


def test_administrators_cannot_switch_it_off(client, users):
    client.force_login(users["sysadmin"])  # verified (see otp_helpers.VerifiedClient)
    device = TOTPDevice.objects.get(user=users["sysadmin"])
    response = client.post("/account/otp/disable/", {"code": device_code(device)})
    assert response.status_code == 302
    assert TOTPDevice.objects.filter(user=users["sysadmin"]).exists()
