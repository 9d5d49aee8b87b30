"""Request middleware: the acting user for the audit trail, and session timeouts (R4)."""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.cache import patch_cache_control
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
        request.actor = Actor.for_request(request, channel=_channel(request))
        return self.get_response(request)


class SessionTimeoutMiddleware:
    """End a session after 30 minutes idle or 12 hours in all, whichever comes first.

    Runs after the message middleware, so that the login page can say why the user is there.
    The expiry is recorded once as `session_expired` (not also as `logout`: nobody logged out).
    """

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
                return self.expire(request, user, "idle" if idle else "absolute")
            # Write the stamp only when it moved on, so that most requests do not save the session.
            if LAST_SEEN not in session or now - last_seen >= settings.SESSION_TOUCH_SECONDS:
                session[LAST_SEEN] = now
            response = self.get_response(request)
            # A logged-in page holds county data: no cache may keep it (shared office PCs).
            patch_cache_control(response, private=True, no_store=True)
            return response
        return self.get_response(request)

    def expire(self, request, user, reason: str) -> HttpResponse:
        audit_record(
            Actor.for_request(request, channel=_channel(request)),
            "session_expired",
            object_type="org.user",
            object_id=str(user.pk),
            object_repr=user.get_username(),
            county_id=getattr(user, "county_id", None),
            after={"reason": reason},
        )
        # What django.contrib.auth.logout does, without the logged-out signal.
        request.session.flush()
        request.user = AnonymousUser()
        if request.path.startswith("/api/"):
            return HttpResponse(status=401)
        messages.info(request, _("登录已超时，请重新登录。"))
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = settings.LOGIN_URL_PATH
            return response
        query = urlencode({"next": request.get_full_path()})
        return redirect(f"{settings.LOGIN_URL_PATH}?{query}")


def _channel(request) -> str:
    return "api" if request.path.startswith("/api/") else "web"
