"""R6 groundwork: every URL pattern of the project names a permission, and every role gets what
`has_perm` says it should. New URLs are covered automatically: nothing here lists them.

Walks `get_resolver()` through every include (jianfu/web/permission_matrix.py, which also
writes docs/permissions.md); the django-ninja API's operations are swept at the end of this file
from its OpenAPI document, each declaring its permission in `x-permission`. Patterns with
arguments are called with a placeholder value (`<int:pk>` -> 999999): a role without the
permission must get 403 before the view looks the object up; a role with it gets 200 or 404
(the placeholder object does not exist).
Object-level and cross-unit behaviour is tested next to each view, e.g.
    web:audit_detail  audit/<int:pk>/   -> tests/audit/test_viewer.py
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.core.management import call_command

from jianfu.org.access import PERMISSIONS, has_perm
from jianfu.web.permission_matrix import api_entries, problems, web_entries

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


def routes() -> list[Route]:
    """Every web URL pattern, from the permission matrix's own walk (one walk, not two)."""
    return [Route(e.route, e.name, e.view) for e in web_entries()]


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


# --- the generated matrix and the API's operations -------------------------------------------


def test_nothing_is_left_without_a_decision():
    assert problems() == []


def test_docs_permissions_md_is_up_to_date():
    """Fails when a URL or operation was added or changed: run `jianfu permissions_matrix`."""
    call_command("permissions_matrix", "--check")


def test_a_new_unguarded_url_is_caught(settings, tmp_path):
    import sys
    import types

    from django.urls import clear_url_caches, path

    module = types.ModuleType("rel_probe_urls")
    module.urlpatterns = [
        path("probe/", lambda request: None, name="probe"),
        *__import__("jianfu.urls", fromlist=["urlpatterns"]).urlpatterns,
    ]
    sys.modules["rel_probe_urls"] = module
    settings.ROOT_URLCONF = "rel_probe_urls"
    clear_url_caches()
    try:
        assert problems() == ["web probe: no require()/public"]
    finally:
        del sys.modules["rel_probe_urls"]
        clear_url_caches()


# A valid body for operations that take one, so that a refusal is about the role, not the body.
API_BODIES = {
    "POST /api/v1/ledger/entries": {
        "unit": "QH-NY",
        "lines": [
            {"kind": "收文", "date": "2025-03-03", "title": "权限巡检", "counterpart": "县委办"}
        ],
    },
}
API_PLACEHOLDER = re.compile(r"\{[^}]+\}")


def api_calls():
    for entry in api_entries():
        method, path = entry.name.split(" ", 1)
        yield entry, method.lower(), API_PLACEHOLDER.sub("999999", path)


def test_every_api_operation_is_in_the_sweep():
    names = {entry.name for entry, _, _ in api_calls()}
    assert {"GET /api/v1/me", "POST /api/v1/ledger/entries"} <= names


@pytest.mark.django_db
def test_anonymous_api_calls_are_401(client):
    for entry, method, path in api_calls():
        response = getattr(client, method)(path, content_type="application/json")
        assert response.status_code == 401, entry.name


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_every_api_operation_answers_each_role_as_has_perm_says(client, users, role):
    user = users[role]
    client.force_login(user)
    problems_found = []
    for entry, method, path in api_calls():
        if method == "get":
            response = client.get(path)
        else:
            response = getattr(client, method)(
                path,
                data=API_BODIES.get(entry.name, {}),
                content_type="application/json",
                HTTP_IDEMPOTENCY_KEY=f"sweep-{role}",
            )
        status = response.status_code
        if entry.allowed(user.role):
            ok = status not in (401, 403) and status < 500
        else:
            ok = status == 403
        if not ok:
            problems_found.append(f"{entry.name} [{entry.permission}] -> {status}")
    assert not problems_found, f"{role}: {problems_found}"


@pytest.mark.django_db
def test_a_unit_token_reaches_exactly_the_operations_marked_for_tokens(client, units, users):
    from jianfu.api.tokens import api_token_create
    from jianfu.core.actor import Actor

    token = api_token_create(actor=Actor.command(users["sysadmin"]), unit=units["ny"], name="OA")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token.plaintext}"}
    found = []
    for entry, method, path in api_calls():
        if method == "get":
            response = client.get(path, **auth)
        else:
            response = getattr(client, method)(
                path,
                data=API_BODIES.get(entry.name, {}),
                content_type="application/json",
                HTTP_IDEMPOTENCY_KEY="sweep-token",
                **auth,
            )
        refused = response.status_code in (401, 403)
        if refused == entry.token or response.status_code >= 500:
            found.append(f"{entry.name} token={entry.token} -> {response.status_code}")
    assert not found
