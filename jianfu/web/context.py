"""Template context shared by every page: the navigation and the top bar."""

from __future__ import annotations

from .navigation import nav_for


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    resolver = getattr(request, "resolver_match", None)
    current = getattr(resolver, "namespace", "") if resolver else ""
    section = {"web": "home", "supervision": "oversight"}.get(current, current)
    if resolver and (resolver.url_name or "").startswith("audit"):
        section = "audit"
    if resolver and current == "org" and (resolver.url_name or "").startswith("user"):
        section = "users"
    return {"nav_items": nav_for(user, section)}
