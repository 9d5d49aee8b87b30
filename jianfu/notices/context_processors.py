"""The unread count in the top bar."""

from __future__ import annotations

from .services import unread_count


def unread_notices(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notices": unread_count(user)}
