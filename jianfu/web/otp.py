"""The second factor (R5): TOTP, required for the three administrators, optional for everyone.

After the password, a session is "pending" until a code from the user's authenticator app is
verified (django-otp keeps the verified device in the session). A pending session reaches only
the second-factor pages and logout: `SecondFactorMiddleware` sends every other page there and
answers the API with 401. A code cannot be used twice (django-otp's `last_t`); every failure is
audited as `otp_failed` and counted by django-axes towards the account's lockout (R3), exactly
like a wrong password.
"""

from __future__ import annotations

from base64 import b32encode
from urllib.parse import urlencode

import segno
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_session_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from jianfu.core.actor import Actor
from jianfu.core.audit import audit_record
from jianfu.org.models import ADMIN_ROLES

# Whether this session's user has a confirmed device (asked once per session, not per request).
ENROLLED_KEY = "_jianfu_otp_enrolled"
# Pages a pending session may reach.
EXEMPT_URL_NAMES = frozenset({"web:otp_verify", "web:otp_setup", "web:logout", "web:login"})


def otp_mandatory(user) -> bool:
    """The three administrator roles must use a second factor."""
    return getattr(user, "role", None) in ADMIN_ROLES


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-id").first()


def otp_required(request) -> bool:
    """Whether this session's user must present a code: administrators, and anyone enrolled."""
    user = request.user
    if otp_mandatory(user):
        return True
    enrolled = request.session.get(ENROLLED_KEY)
    if enrolled is None:
        enrolled = confirmed_device(user) is not None
        request.session[ENROLLED_KEY] = enrolled
    return bool(enrolled)


def otp_pending(request) -> bool:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    if not otp_required(request):
        return False
    is_verified = getattr(user, "is_verified", None)
    return not (is_verified and is_verified())


def next_step_url(request, next_url: str = "") -> str:
    """Where a pending session goes: setting up a device first, or verifying a code."""
    name = "web:otp_verify" if confirmed_device(request.user) else "web:otp_setup"
    url = reverse(name)
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


class SecondFactorMiddleware:
    """Keep a session that passed the password but not the second factor on the OTP pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if otp_pending(request) and not _exempt(request.path_info):
            if request.path_info.startswith("/api/"):
                return JsonResponse({"detail": _("请先完成双因素验证。")}, status=401)
            target = next_step_url(request, request.get_full_path())
            if request.headers.get("HX-Request"):
                response = HttpResponse(status=204)
                response["HX-Redirect"] = target
                return response
            return redirect(target)
        return self.get_response(request)


def _exempt(path: str) -> bool:
    if path.startswith(settings.STATIC_URL):
        return True
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.view_name in EXEMPT_URL_NAMES


# --- devices -----------------------------------------------------------------------------------


def pending_device(user) -> TOTPDevice:
    """The unconfirmed device being set up (the same secret until it is confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="TOTP", confirmed=False)
    return device


def device_secret(device: TOTPDevice) -> str:
    """The base32 secret as authenticator apps take it when typed in, in groups of four."""
    raw = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def device_qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URL as an inline SVG QR code (no image request, nothing external)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, border=2)


def normalise_code(code: str) -> str:
    return "".join(ch for ch in str(code) if not ch.isspace())


def check_code(request, device: TOTPDevice, code: str) -> bool:
    """Verify a code against the device; on failure audit and count it towards the lockout."""
    code = normalise_code(code)
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        ok = code.isdigit() and len(code) == device.digits and device.verify_token(code)
    if not ok:
        record_failure(request, device)
    return ok


def record_failure(request, device: TOTPDevice) -> None:
    user = request.user
    audit_record(
        Actor.for_request(request),
        "otp_failed",
        object_type="org.user",
        object_id=str(user.pk),
        object_repr=user.get_username(),
        county_id=getattr(user, "county_id", None),
        after={"device": device.pk},
        result="failure",
    )
    # django-axes counts it like a wrong password: 5 failures of either kind lock the account.
    AxesProxyHandler.user_login_failed(
        sender=__name__, credentials={"username": user.get_username()}, request=request
    )


def is_locked(request) -> bool:
    return AxesProxyHandler.is_locked(request, {"username": request.user.get_username()})


def end_session(request) -> None:
    """Drop the half-authenticated session (what logout does, without the logout record)."""
    request.session.flush()
    request.user = AnonymousUser()


def complete(request, device: TOTPDevice) -> None:
    """Mark the session verified with this device."""
    otp_session_login(request, device)
    request.session[ENROLLED_KEY] = True


def forget_session_device(request) -> None:
    request.session.pop(DEVICE_ID_SESSION_KEY, None)
    request.session[ENROLLED_KEY] = False
