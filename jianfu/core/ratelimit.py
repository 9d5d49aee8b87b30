"""Rate limits (R13): one mechanism for login, API writes and exports.

A fixed window per (limit, key) counted in Django's cache. `RateLimitMiddleware` applies the
limits by what a request is, so that pages added later are covered without naming them:

- `login`  — POSTs to the login page and the second-factor pages, per client address;
- `api_write` — POST/PUT/PATCH/DELETE under /api/, per bearer token (else per user, else address);
- `export` — any URL whose name ends in `export` (or contains `export_`), per user.

Over the limit: 429 with `Retry-After` and a Chinese message (JSON for the API); the first
refusal of each window is audited as `rate_limited` (not every refusal: a flood must not flood
the trail). Limits come from `settings.JIANFU_RATE_LIMITS` {name: (requests, seconds)}.

Several worker processes need a cache they share (production uses the database cache); with a
per-process cache each worker counts for itself. If the cache fails, requests are let through
and the failure is logged: a broken cache must not shut the county out.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from .actor import Actor, client_ip
from .audit import audit_record

log = logging.getLogger(__name__)

DEFAULT_LIMITS: dict[str, tuple[int, int]] = {
    "login": (30, 60),
    "api_write": (300, 60),
    # all API writes from one address, whatever token they carry: made-up tokens (each its own
    # key above) must not multiply the allowance; four OA systems behind one address fit
    "api_write_address": (1200, 60),
    "export": (30, 60),
}
LOGIN_URL_NAMES = frozenset({"web:login", "web:otp_verify", "web:otp_setup"})
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@dataclass(frozen=True)
class Decision:
    allowed: bool
    count: int
    limit: int
    period: int
    retry_after: int

    @property
    def first_refusal(self) -> bool:
        return self.count == self.limit + 1


def limit_for(name: str) -> tuple[int, int]:
    configured = getattr(settings, "JIANFU_RATE_LIMITS", {}) or {}
    return tuple(configured.get(name, DEFAULT_LIMITS[name]))  # type: ignore[return-value]


def hit(name: str, key: str, *, now: float | None = None) -> Decision:
    """Count one request for (name, key) and say whether it is within the limit."""
    limit, period = limit_for(name)
    now = time.time() if now is None else now
    window = int(now // period)
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    cache_key = f"jianfu:rl:{name}:{digest}:{window}"
    cache = caches[getattr(settings, "JIANFU_RATE_LIMIT_CACHE", "default")]
    try:
        cache.add(cache_key, 0, timeout=period + 1)
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=period + 1)
        count = 1
    retry_after = max(1, math.ceil((window + 1) * period - now))
    return Decision(count <= limit, count, limit, period, retry_after)


def limited_as_export(view: Any) -> Any:
    """Mark a view that builds a file on request (a workbook, a Word document) from a whole
    ledger, comparison or report: limited like the exports (R13), whatever its URL is called.
    Put it outermost, above the guards."""
    view.jianfu_limited_as_export = True
    return view


def classify(request) -> tuple[str, str] | None:
    """(limit name, key) for a request that is limited, else None."""
    path = request.path_info
    if path.startswith("/api/"):
        if request.method not in WRITE_METHODS:
            return None
        auth = request.headers.get("Authorization", "")
        if auth:
            return "api_write", "token:" + auth
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return "api_write", f"user:{user.pk}"
        return "api_write", f"ip:{client_ip(request)}"
    try:
        match = resolve(path)
    except Resolver404:
        return None
    name = match.view_name
    if name in LOGIN_URL_NAMES:
        if request.method != "POST":
            return None
        return "login", f"ip:{client_ip(request)}"
    short = name.rsplit(":", 1)[-1]
    if short.endswith("export") or "export_" in short or _marked(match.func):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None  # the guard sends it to the login page
        return "export", f"user:{user.pk}"
    return None


def _marked(view: Any) -> bool:
    return bool(getattr(view, "jianfu_limited_as_export", False))


def too_many_response(request, decision: Decision) -> HttpResponse:
    message = _("请求过于频繁，请 %(seconds)s 秒后再试。") % {"seconds": decision.retry_after}
    if request.path_info.startswith("/api/"):
        response: HttpResponse = JsonResponse({"detail": message}, status=429)
    else:
        html = render_to_string(
            "core/rate_limited.html", {"message": message}, request=request
        )
        response = HttpResponse(html, status=429)
    response["Retry-After"] = str(decision.retry_after)
    return response


class RateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for kind in (classify(request), _address_kind(request)):
            if kind is None:
                continue
            name, key = kind
            try:
                decision = hit(name, key)
            except Exception:  # the cache is down: let the request through, say so in the log
                log.exception("rate limit cache failed; request let through")
                return self.get_response(request)
            if not decision.allowed:
                if decision.first_refusal:
                    channel = "api" if request.path_info.startswith("/api/") else "web"
                    actor = getattr(request, "actor", None) or Actor.for_request(request, channel)
                    audit_record(
                        actor,
                        "rate_limited",
                        object_type="",
                        object_repr=request.path_info[:255],
                        after={
                            "limit": name,
                            "requests": decision.limit,
                            "seconds": decision.period,
                            "method": request.method,
                            "key": key.split(":", 1)[0],
                            **_token_prefix(key),
                        },
                        result="failure",
                    )
                return too_many_response(request, decision)
        return self.get_response(request)


def _address_kind(request) -> tuple[str, str] | None:
    """API writes counted once more by the client's address (`api_write_address`)."""
    if request.path_info.startswith("/api/") and request.method in WRITE_METHODS:
        return "api_write_address", f"ip:{client_ip(request)}"
    return None


def _token_prefix(key: str) -> dict:
    """The public prefix of an API token (jf_<prefix>_<secret>), never the secret."""
    if not key.startswith("token:"):
        return {}
    value = key.split(" ", 1)[-1]
    parts = value.split("_")
    if len(parts) >= 3 and parts[0] == "jf":
        return {"token_prefix": parts[1][:16]}
    return {}
