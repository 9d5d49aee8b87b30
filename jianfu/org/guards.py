"""View guards. Every URL's view is wrapped in `require(action)` or marked `public`, so that the
permission matrix test can find a decision for each URL pattern (R6)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from .access import PERMISSIONS, has_perm


def require(action: str) -> Callable:
    if action not in PERMISSIONS:
        raise KeyError(f"unknown permission {action!r}")

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            if not has_perm(request.user, action):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.jianfu_permission = action  # type: ignore[attr-defined]
        return wrapped

    return decorator


def public(view: Callable) -> Callable:
    view.jianfu_permission = "public"  # type: ignore[attr-defined]
    return view


def api_permission(action: str, *, token: bool = False) -> dict:
    """`openapi_extra` for a django-ninja operation: the permission it checks (R6), and whether a
    unit's OA token may call it. The permission matrix and its tests read it from the schema;
    the operation still checks it itself (`has_perm`, or the API's `Caller.may`)."""
    if action != "public" and action not in PERMISSIONS:
        raise KeyError(f"unknown permission {action!r}")
    return {"x-permission": action, "x-token": token}
