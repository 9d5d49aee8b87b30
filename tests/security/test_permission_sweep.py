"""R6 groundwork: every URL pattern of the project names a permission, and every role gets what
`has_perm` says it should. New URLs are covered automatically: nothing here lists them.

Walks `get_resolver()` through every include. Skipped: the django-ninja API under `api/` (tested
through its own operations) and static files. Patterns with arguments are called with a
placeholder value (`<int:pk>` -> 999999): a role without the permission must get 403 before the
view looks the object up; a role with it gets 200 or 404 (the placeholder object does not exist).
Object-level and cross-unit behaviour is tested next to each view, e.g.
    web:audit_detail  audit/<int:pk>/   -> tests/audit/test_viewer.py
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

from jianfu.org.access import PERMISSIONS, has_perm

ROLES = [
    "clerk_ny",
    "clerk_hk",
    "leader_ny",
    "coordinator",
    "approver",
    "inspector",
    "sysadmin",
    "secadmin",
    "auditadmin",
]
SKIP_PREFIXES = ("api/", settings.STATIC_URL.lstrip("/"), "media/")
PLACEHOLDERS = {"int": "999999", "uuid": "00000000-0000-0000-0000-000000000000"}
CONVERTER = re.compile(r"<(?:(?P<kind>[^>:]+):)?(?P<name>[^>]+)>")


@dataclass(frozen=True)
class Route:
    route: str
    name: str
    view: object

    @property
    def permission(self) -> str | None:
        return getattr(self.view, "jianfu_permission", None)

    @property
    def has_args(self) -> bool:
        return "<" in self.route

    @property
    def path(self) -> str:
        return "/" + CONVERTER.sub(
            lambda m: PLACEHOLDERS.get(m.group("kind") or "str", "x"), self.route
        )


def walk(patterns, prefix: str = "", namespace: str = ""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(SKIP_PREFIXES):
            continue
        if isinstance(pattern, URLResolver):
            ns = ":".join(filter(None, [namespace, pattern.namespace or ""]))
            yield from walk(pattern.url_patterns, route, ns)
        elif isinstance(pattern, URLPattern):
            name = ":".join(filter(None, [namespace, pattern.name or ""]))
            yield Route(route, name, pattern.callback)


def routes() -> list[Route]:
    return list(walk(get_resolver().url_patterns))


def test_the_sweep_finds_the_known_pages():
    names = {r.name for r in routes()}
    assert {"web:home", "web:login", "web:logout", "web:audit", "web:audit_export"} <= names
    assert not any(r.route.startswith("api/") for r in routes())


def test_every_url_names_a_permission():
    missing = [f"{r.route} ({r.name})" for r in routes() if r.permission is None]
    assert not missing, f"views without require()/public(): {missing}"
    unknown = [
        f"{r.route}: {r.permission}"
        for r in routes()
        if r.permission != "public" and r.permission not in PERMISSIONS
    ]
    assert not unknown


def test_no_regex_patterns_escape_the_sweep():
    # re_path routes cannot be given placeholder arguments here; use path() converters.
    assert not [r.route for r in routes() if "(?P<" in r.route or r.route.startswith("^")]


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client):
    problems = []
    for r in routes():
        response = client.get(r.path)
        if r.permission == "public":
            ok = response.status_code in (200, 302, 405)
        else:
            ok = response.status_code == 302 and response["Location"].startswith("/login/")
        if not ok:
            problems.append(f"{r.path} -> {response.status_code}")
    assert not problems


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_every_url_answers_each_role_as_has_perm_says(client, users, role):
    user = users[role]
    client.force_login(user)
    problems = []
    for r in routes():
        response = client.get(r.path)
        status = response.status_code
        if r.permission == "public":
            ok = status in (200, 302, 405)
        elif has_perm(user, r.permission):
            allowed = {200, 405} | ({404} if r.has_args else set())
            redirect_ok = status == 302 and not response["Location"].startswith("/login/")
            ok = status in allowed or redirect_ok
        else:
            ok = status in (403, 405)
        if not ok:
            problems.append(f"{r.path} [{r.permission}] -> {status}")
    assert not problems, f"{role}: {problems}"
