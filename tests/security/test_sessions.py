"""R4: 30 minutes idle and 12 hours absolute; a new key at login; logout kills the cookie;
deactivating or moving a user ends their sessions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client

from jianfu.core.models import AuditEvent
from tests.conftest import PASSWORD

START = datetime(2026, 3, 2, 0, 30, tzinfo=UTC)  # 08:30 in the county
EXPIRED = "登录已超时，请重新登录。"

pytestmark = pytest.mark.django_db


def login(client, username="clerk_ny"):
    response = client.post("/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def test_idle_31_minutes_logs_out_with_a_chinese_message(client, users):
    with time_machine.travel(START, tick=False) as clock:
        login(client)
        assert client.get("/").status_code == 200
        clock.shift(timedelta(minutes=31))
        response = client.get("/")
        assert response.status_code == 302
        assert response["Location"] == "/login/?next=%2F"
        page = client.get(response["Location"]).content.decode()
        assert EXPIRED in page
        assert client.get("/").status_code == 302  # still out
    expired = AuditEvent.objects.filter(action="session_expired")
    assert expired.count() == 1
    assert expired.get().after == {"reason": "idle"}
    assert expired.get().username == "clerk_ny"
    assert not AuditEvent.objects.filter(action="logout").exists()  # nobody logged out


def test_idle_29_minutes_is_fine(client, users):
    with time_machine.travel(START, tick=False) as clock:
        login(client)
        clock.shift(timedelta(minutes=29))
        assert client.get("/").status_code == 200


def test_activity_every_20_minutes_lasts_12_hours_then_ends(client, users):
    with time_machine.travel(START, tick=False) as clock:
        login(client)
        for _ in range(36):  # 36 x 20 min = 12 h
            clock.shift(timedelta(minutes=20))
            assert client.get("/").status_code == 200
        clock.shift(timedelta(minutes=1))
        response = client.get("/")
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")
    assert AuditEvent.objects.get(action="session_expired").after == {"reason": "absolute"}


def test_htmx_and_api_requests_are_told_plainly(client, users):
    with time_machine.travel(START, tick=False) as clock:
        login(client)
        clock.shift(timedelta(minutes=31))
        response = client.get("/", headers={"HX-Request": "true"})
        assert response.status_code == 204
        assert response["HX-Redirect"] == "/login/"
    other = Client()
    with time_machine.travel(START, tick=False) as clock:
        login(other)
        clock.shift(timedelta(minutes=31))
        assert other.get("/api/v1/me").status_code == 401


def test_reads_do_not_write_the_session_every_time(client, users):
    with time_machine.travel(START, tick=False) as clock:
        login(client)
        key = client.cookies[settings.SESSION_COOKIE_NAME].value
        stored = SessionStore(session_key=key).load()
        clock.shift(timedelta(seconds=10))
        client.get("/")
        assert SessionStore(session_key=key).load() == stored
        clock.shift(timedelta(seconds=settings.SESSION_TOUCH_SECONDS))
        client.get("/")
        assert SessionStore(session_key=key).load() != stored


def test_login_issues_a_new_session_key(client, users):
    session = client.session  # an anonymous session, as an attacker could plant it
    session["planted"] = True
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    before = session.session_key
    login(client)
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before
    assert not SessionStore().exists(before)


def test_old_cookie_is_dead_after_logout(client, users):
    login(client)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.post("/logout/").status_code == 302
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = cookie
    assert replay.get("/").status_code == 302
    assert not SessionStore().exists(cookie)


def test_session_cookie_flags(client, users):
    login(client)
    morsel = client.cookies[settings.SESSION_COOKIE_NAME]
    assert morsel["httponly"]
    assert morsel["samesite"] == "Lax"
    assert morsel["max-age"] == ""  # ends with the browser


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda user, units: setattr(user, "is_active", False), id="deactivated"),
        pytest.param(lambda user, units: setattr(user, "unit", units["jy"]), id="moved-unit"),
        pytest.param(lambda user, units: setattr(user, "role", "leader"), id="new-role"),
        pytest.param(lambda user, units: setattr(user, "data_scope", "county"), id="new-scope"),
        pytest.param(lambda user, units: user.set_password("Another-Pass-77"), id="new-password"),
    ],
)
def test_changing_the_account_ends_its_sessions(client, users, units, change):
    login(client)
    assert client.get("/").status_code == 200
    second = Client()
    login(second)  # a second browser of the same user
    user = users["clerk_ny"]
    user.refresh_from_db()
    change(user, units)
    user.save()
    for browser in (client, second):
        response = browser.get("/")
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")


def test_other_users_sessions_survive_a_change(client, users, units):
    login(client, "clerk_jy")
    user = users["clerk_ny"]
    user.unit = units["hk"]
    user.save()
    assert client.get("/").status_code == 200
