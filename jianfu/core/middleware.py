"""Request middleware: the acting user for the audit trail, and session timeouts (R4)."""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .actor import Actor
from .audit import audit_record

LOGIN_AT = "_jianfu_login_at"
LAST_SEEN = "_jianfu_last_seen"


class ActorMiddleware:
    """Attach `request.actor`, the Actor services record in the audit trail."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        channel = "api" if request.path.startswith("/api/") else "web"
        request.actor = Actor.for_request(request, channel=channel)
        return self.get_response(request)


class SessionTimeoutMiddleware:
    """End a session after 30 minutes idle or 12 hours in all, whichever comes first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            session = request.session
            login_at = session.get(LOGIN_AT)
            last_seen = session.get(LAST_SEEN)
            if login_at is None:
                session[LOGIN_AT] = login_at = now
            if last_seen is None:
                last_seen = now
            idle = now - last_seen > settings.SESSION_IDLE_SECONDS
            too_old = now - login_at > settings.SESSION_ABSOLUTE_SECONDS
            if idle or too_old:
                actor = Actor.for_request(request)
                audit_record(
                    actor,
                    "session_expired",
                    object_type="org.user",
                    object_id=str(user.pk),
                    object_repr=user.get_username(),
                    after={"reason": "idle" if idle else "absolute"},
                )
                logout(request)
                if request.path.startswith("/api/"):
                    return HttpResponse(status=401)
                messages.info(request, _("登录已超时，请重新登录。"))
                if request.headers.get("HX-Request"):
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = settings.LOGIN_URL_PATH
                    return response
                return redirect(f"{settings.LOGIN_URL_PATH}?{urlencode({'next': request.get_full_path()})}")
            session[LAST_SEEN] = now
        return self.get_response(request)
