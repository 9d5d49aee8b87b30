"""Audit receivers for Django's authentication signals (login, logout, failure, lockout).

These are the only signal handlers in the project: authentication happens inside Django and
django-axes, where no service of ours runs.
"""

from __future__ import annotations

import time

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from jianfu.core.actor import Actor, client_ip
from jianfu.core.audit import audit_record
from jianfu.core.middleware import LAST_SEEN, LOGIN_AT


def _actor(request, user=None, username: str = "") -> Actor:
    channel = "api" if request is not None and request.path.startswith("/api/") else "web"
    return Actor(
        channel=channel,
        user=user,
        username=(user.get_username() if user is not None else username)[:150],
        ip=client_ip(request) if request is not None else None,
    )


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[LOGIN_AT] = now
        request.session[LAST_SEEN] = now
    audit_record(_actor(request, user), "login", user)


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(_actor(request, user), "logout", user)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    # The username typed is recorded as typed; whether such an account exists is not.
    username = str(credentials.get("username", ""))[:150]
    audit_record(
        _actor(request, username=username),
        "login_failed",
        object_type="org.user",
        object_repr=username,
        result="failure",
    )


@receiver(user_locked_out)
def on_locked_out(sender, request, username=None, ip_address=None, **kwargs):
    audit_record(
        _actor(request, username=str(username or "")),
        "lockout",
        object_type="org.user",
        object_repr=str(username or ""),
        result="failure",
    )
