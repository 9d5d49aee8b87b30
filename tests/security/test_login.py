"""The login page: no open redirect, a new CSRF secret at login, nothing cached."""

from __future__ import annotations

import pytest
from django.conf import settings

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "http://testserver.evil.example/",
        "/\\evil.example",
        "javascript:alert(1)",
    ],
)
def test_next_cannot_leave_the_site(client, users, target):
    response = client.post(
        f"/login/?next={target}", {"username": "clerk_ny", "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_next_inside_the_site_is_followed(client, users):
    response = client.post(
        "/login/", {"username": "clerk_ny", "password": PASSWORD, "next": "/rules/"}
    )
    assert response["Location"] == "/rules/"


def test_login_rotates_the_csrf_secret(client, users):
    client.get("/login/")
    before = client.cookies[settings.CSRF_COOKIE_NAME].value
    client.post("/login/", {"username": "clerk_ny", "password": PASSWORD})
    assert client.cookies[settings.CSRF_COOKIE_NAME].value != before


def test_logged_in_user_is_sent_home_from_the_login_page(client, users):
    client.force_login(users["clerk_ny"])
    assert client.get("/login/")["Location"] == "/"


def test_logout_by_get_is_refused(client, users):
    client.force_login(users["clerk_ny"])
    assert client.get("/logout/").status_code == 405
    assert client.get("/").status_code == 200
