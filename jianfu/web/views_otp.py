"""The second-factor pages (R5): set up an authenticator app, verify a code after the password,
switch the optional second factor off again (not for administrators)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from jianfu.core.audit import audit_record
from jianfu.org.guards import require

from . import otp


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("验证码"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        error_messages={"required": gettext_lazy("请输入验证器上显示的 6 位验证码。")},
    )


BAD_CODE = gettext_lazy("验证码不正确或已使用过，请输入验证器上当前显示的验证码。")


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


def _go_on(request):
    return redirect(_next_url(request) or settings.LOGIN_REDIRECT_URL)


def _locked(request):
    otp.end_session(request)
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, status=429)


def _verified(request) -> bool:
    is_verified = getattr(request.user, "is_verified", None)
    return bool(is_verified and is_verified())


@require("home.view")
def otp_verify(request):
    """The code after the password."""
    if not otp.otp_required(request) or _verified(request):
        return _go_on(request)
    device = otp.confirmed_device(request.user)
    if device is None:
        return redirect(otp.next_step_url(request, _next_url(request)))
    if otp.is_locked(request):
        return _locked(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if otp.check_code(request, device, form.cleaned_data["code"]):
            otp.complete(request, device)
            return _go_on(request)
        if getattr(request, "axes_locked_out", False) or otp.is_locked(request):
            return _locked(request)
        form.add_error("code", BAD_CODE)
    return render(
        request,
        "web/otp_verify.html",
        {"form": form, "next": _next_url(request), "mandatory": otp.otp_mandatory(request.user)},
    )


@require("home.view")
def otp_setup(request):
    """Bind an authenticator app: the secret as text and as a QR code, then one code to confirm."""
    user = request.user
    current = otp.confirmed_device(user)
    if current is not None and not _verified(request):
        # Binding a new device needs the old one first: a password alone never replaces it.
        return redirect(otp.next_step_url(request, _next_url(request)))
    rebinding = current is not None
    if rebinding and request.method == "GET" and request.GET.get("rebind") != "1":
        return render(
            request,
            "web/otp_status.html",
            {"device": current, "mandatory": otp.otp_mandatory(user), "form": CodeForm()},
        )
    if otp.is_locked(request):
        return _locked(request)
    device = otp.pending_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if otp.check_code(request, device, form.cleaned_data["code"]):
            with transaction.atomic():
                TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
                TOTPDevice.objects.filter(pk=device.pk).update(confirmed=True)
                device.confirmed = True
                audit_record(
                    request.actor,
                    "otp_setup",
                    user,
                    after={"enabled": True, "device": device.pk, "replaced": rebinding},
                )
            otp.complete(request, device)
            messages.success(request, _("双因素验证已启用。以后登录时，输入密码后还需输入验证码。"))
            return _go_on(request)
        if getattr(request, "axes_locked_out", False) or otp.is_locked(request):
            return _locked(request)
        form.add_error("code", BAD_CODE)
    return render(
        request,
        "web/otp_setup.html",
        {
            "form": form,
            "next": _next_url(request),
            "secret": otp.device_secret(device),
            "qr_svg": otp.device_qr_svg(device),
            "mandatory": otp.otp_mandatory(user),
            "rebinding": rebinding,
        },
    )


@require("home.view")
@require_POST
def otp_disable(request):
    """Switch the optional second factor off (with a current code); administrators cannot."""
    user = request.user
    device = otp.confirmed_device(user)
    if device is None or otp.otp_mandatory(user) or not _verified(request):
        return redirect("web:otp_setup")
    form = CodeForm(request.POST)
    if form.is_valid() and otp.check_code(request, device, form.cleaned_data["code"]):
        with transaction.atomic():
            TOTPDevice.objects.filter(user=user).delete()
            audit_record(request.actor, "otp_setup", user, after={"enabled": False})
        otp.forget_session_device(request)
        messages.success(request, _("双因素验证已关闭。"))
        return redirect(settings.LOGIN_REDIRECT_URL)
    if getattr(request, "axes_locked_out", False) or otp.is_locked(request):
        return _locked(request)
    if form.is_valid():
        form.add_error("code", BAD_CODE)
    return render(
        request,
        "web/otp_status.html",
        {"device": device, "mandatory": False, "form": form},
        status=400,
    )
