"""Second-factor helpers for tests (R5).

`VerifiedClient` is the `client` fixture of the whole suite: its `force_login`, which already
skips the password, also marks an administrator's session as having passed the second factor
(with a confirmed TOTP device it creates), so that tests of what administrators may do keep
working. Tests of the second factor itself use a plain `django.test.Client` and the real pages.
"""

from __future__ import annotations

import time
from base64 import b32decode

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from jianfu.org.models import ADMIN_ROLES


def totp_device(user) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="TOTP", confirmed=True)
    return device


def code_for_key(key: bytes, at: float | None = None, step: int = 30, digits: int = 6) -> str:
    totp = TOTP(key, step=step, digits=digits)
    totp.time = time.time() if at is None else at
    return f"{totp.token():0{digits}d}"


def device_code(device: TOTPDevice, at: float | None = None) -> str:
    return code_for_key(device.bin_key, at, device.step, device.digits)


def secret_code(secret: str, at: float | None = None) -> str:
    """The code for a secret as the setup page shows it (base32 in groups of four)."""
    raw = secret.replace(" ", "")
    raw += "=" * (-len(raw) % 8)
    return code_for_key(b32decode(raw), at)


def mark_verified(client: Client, user) -> TOTPDevice:
    device = totp_device(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


class VerifiedClient(Client):
    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        if user.role in ADMIN_ROLES:
            mark_verified(self, user)


def otp_login(client: Client, username: str, password: str, next_url: str = ""):
    """Log in through the real pages: password, then (setting up if needed) a fresh code."""
    from jianfu.org.models import User

    response = client.post("/login/", {"username": username, "password": password,
                                       "next": next_url})
    location = response.get("Location", "")
    if "/account/otp/" not in location:
        return response
    user = User.objects.get(username=username)
    device = TOTPDevice.objects.filter(user=user).order_by("-confirmed", "-id").first()
    if device is None:
        client.get(location)
        device = TOTPDevice.objects.get(user=user, confirmed=False)
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)  # tests may log in twice a step
    return client.post(location, {"code": device_code(device)})


def browser_second_factor(page, username: str) -> None:
    """In a browser test: type a code into the setup or verify page, as the user would."""
    secret = page.get_by_test_id("otp-secret")
    on_setup = secret.count() > 0
    if on_setup:
        code = secret_code(secret.inner_text())
    else:
        device = TOTPDevice.objects.get(user__username=username, confirmed=True)
        TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
        code = device_code(device)
    page.get_by_label("验证码").fill(code)
    with page.expect_navigation():
        page.get_by_role("button", name="完成绑定" if on_setup else "验证").click()
