"""Audit receivers for Django's authentication signals (login, logout, failure, lockout).

These are the only signal handlers in the project: authentication happens inside Django and
django-axes, where no service of ours runs. Each event writes exactly one record; no password
(nor anything typed into the password field) ever reaches the trail.
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
    extra = {}
    request_actor = getattr(request, "actor", None)
    if request_actor is not None:
        # One request id for every record a request writes (a failure and the lockout it causes).
        extra["request_id"] = request_actor.request_id
    return Actor(
        channel=channel,
        user=user,
        username=(user.get_username() if user is not None else username)[:150],
        ip=client_ip(request) if request is not None else None,
        **extra,
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
    # `credentials` arrive with the password already masked by Django; only the username is read.
    username = str(credentials.get("username", ""))[:150]
    locked = bool(getattr(request, "axes_locked_out", False))
    audit_record(
        _actor(request, username=username),
        "login_failed",
        object_type="org.user",
        object_repr=username,
        after={"locked": True} if locked else None,
        result="failure",
    )


@receiver(user_locked_out)
def on_locked_out(sender, request, username=None, ip_address=None, **kwargs):
    # django-axes signals again on every attempt while the account is locked; only the attempt
    # that caused the lock counts its failures, so the lock itself is recorded once.
    if request is not None and getattr(request, "axes_failures_since_start", 0) is None:
        return
    audit_record(
        _actor(request, username=str(username or "")),
        "lockout",
        object_type="org.user",
        object_repr=str(username or ""),
        result="failure",
    )
