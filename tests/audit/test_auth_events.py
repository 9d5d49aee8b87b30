"""R8 for authentication: login, logout, login_failed and lockout each write exactly one record
with user, IP, action and result; no password reaches any record."""

from __future__ import annotations

import json

import pytest
from django.forms.models import model_to_dict
from django.test import Client

from jianfu.core.audit import audit_verify
from jianfu.core.models import AuditEvent
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
WRONG = "Secret-Wrong-Pass-42"


def only(action):
    rows = list(AuditEvent.objects.filter(action=action))
    assert len(rows) == 1, f"{action}: {len(rows)} records"
    return rows[0]


def test_login_writes_one_record(client, users):
    client.post("/login/", {"username": "clerk_ny", "password": PASSWORD}, REMOTE_ADDR="10.1.2.3")
    event = only("login")
    user = users["clerk_ny"]
    assert (event.user_id, event.username, event.unit_id, event.county_id) == (
        user.pk,
        "clerk_ny",
        user.unit_id,
        user.county_id,
    )
    assert event.ip == "10.1.2.3"
    assert event.result == "success"
    assert event.channel == "web"
    assert (event.object_type, event.object_id) == ("org.user", str(user.pk))


def test_logout_writes_one_record(client, users):
    client.post("/login/", {"username": "clerk_ny", "password": PASSWORD})
    client.post("/logout/", REMOTE_ADDR="10.1.2.4")
    event = only("logout")
    assert event.user_id == users["clerk_ny"].pk
    assert event.ip == "10.1.2.4"
    assert event.result == "success"


def test_failed_login_writes_one_record(client, users):
    client.post("/login/", {"username": "clerk_ny", "password": WRONG}, REMOTE_ADDR="10.1.2.5")
    event = only("login_failed")
    assert event.username == "clerk_ny"
    assert event.user_id is None  # the record does not say whether the account exists
    assert event.ip == "10.1.2.5"
    assert event.result == "failure"


def test_failed_login_of_unknown_name_looks_the_same(client, users):
    client.post("/login/", {"username": "nobody_here", "password": WRONG})
    client.post("/login/", {"username": "clerk_ny", "password": WRONG})
    unknown, known = AuditEvent.objects.filter(action="login_failed").order_by("id")
    fields = ("user_id", "unit_id", "county_id", "object_type", "object_id", "result", "after")
    assert [getattr(unknown, f) for f in fields] == [getattr(known, f) for f in fields]


def test_lockout_writes_one_record(client, users):
    for _ in range(5):
        client.post("/login/", {"username": "clerk_ny", "password": WRONG}, REMOTE_ADDR="10.1.2.6")
    for _ in range(3):  # tries during the lock are failures, not new locks
        client.post("/login/", {"username": "clerk_ny", "password": PASSWORD})
    event = only("lockout")
    assert event.object_repr == "clerk_ny"
    assert event.ip == "10.1.2.6"
    assert event.result == "failure"
    failures = AuditEvent.objects.filter(action="login_failed")
    assert failures.count() == 8
    # The failure that caused the lock and the lock share one request id.
    assert failures.filter(request_id=event.request_id).count() == 1


def test_no_password_in_any_record(users):
    browser = Client()
    browser.post("/login/", {"username": "clerk_ny", "password": WRONG})
    browser.post("/login/", {"username": "clerk_ny", "password": PASSWORD})
    browser.post("/logout/")
    for _ in range(5):
        browser.post("/login/", {"username": "clerk_jy", "password": WRONG})
    browser.post("/login/", {"username": "clerk_jy", "password": PASSWORD})
    rows = list(AuditEvent.objects.all())
    assert {r.action for r in rows} >= {"login", "logout", "login_failed", "lockout"}
    dump = json.dumps([model_to_dict(r) for r in rows], ensure_ascii=False, default=str)
    assert PASSWORD not in dump
    assert WRONG not in dump
    assert audit_verify().ok
