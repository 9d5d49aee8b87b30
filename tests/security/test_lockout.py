"""R3: 5 failures lock an account for 15 minutes, without revealing whether it exists."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from jianfu.core.models import AuditEvent
from tests.conftest import PASSWORD

WRONG = "Wrong-Password-9"
REFUSED = "用户名或密码不正确。请注意区分大小写。"
LOCKED = "账号已锁定"
START = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)

pytestmark = pytest.mark.django_db


def attempt(client, username, password):
    return client.post("/login/", {"username": username, "password": password})


def five_failures(client, username):
    return [attempt(client, username, WRONG) for _ in range(5)]


def shape(response) -> tuple[int, bool, bool]:
    page = response.content.decode()
    return response.status_code, REFUSED in page, LOCKED in page


def test_wrong_password_and_unknown_user_get_the_same_chinese_message(client, users):
    wrong = attempt(client, "clerk_ny", WRONG)
    unknown = attempt(client, "no_such_user", WRONG)
    assert shape(wrong) == shape(unknown) == (200, True, False)


def test_inactive_account_gets_the_same_message(client, users):
    users["clerk_jy"].is_active = False
    users["clerk_jy"].save()
    assert shape(attempt(client, "clerk_jy", PASSWORD)) == (200, True, False)


def test_five_failures_then_the_right_password_is_still_refused(client, users):
    responses = five_failures(client, "clerk_ny")
    assert [shape(r) for r in responses[:4]] == [(200, True, False)] * 4
    assert responses[4].status_code == 429  # the fifth failure locks
    right = attempt(client, "clerk_ny", PASSWORD)
    assert right.status_code == 429
    assert LOCKED in right.content.decode()
    assert "15 分钟" in right.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302


def test_unknown_account_goes_through_the_same_flow(client, users):
    known = [shape(r) for r in five_failures(client, "clerk_ny")]
    known.append(shape(attempt(client, "clerk_ny", PASSWORD)))
    unknown = [shape(r) for r in five_failures(client, "ghost_user")]
    unknown.append(shape(attempt(client, "ghost_user", PASSWORD)))
    assert known == unknown
    locked_known = attempt(client, "clerk_ny", PASSWORD).content
    locked_unknown = attempt(client, "ghost_user", PASSWORD).content
    assert locked_known == locked_unknown  # byte for byte


def test_lockout_is_by_account_not_by_address(client, users):
    five_failures(client, "clerk_ny")
    # A colleague behind the same address still logs in.
    response = attempt(client, "clerk_jy", PASSWORD)
    assert response.status_code == 302


def test_failures_and_the_lock_are_audited(client, users):
    five_failures(client, "clerk_ny")
    attempt(client, "clerk_ny", PASSWORD)  # refused while locked
    failed = AuditEvent.objects.filter(action="login_failed", username="clerk_ny")
    assert failed.count() == 6
    assert set(failed.values_list("result", flat=True)) == {"failure"}
    assert failed.filter(after={"locked": True}).count() == 2  # the locking try and the next
    lock = AuditEvent.objects.filter(action="lockout")
    assert lock.count() == 1
    assert lock.get().object_repr == "clerk_ny"
    assert lock.get().ip == "127.0.0.1"
    assert not AuditEvent.objects.filter(action="login").exists()


def test_lock_lasts_15_minutes_then_login_works(client, users):
    with time_machine.travel(START, tick=False) as clock:
        five_failures(client, "clerk_ny")
        clock.shift(timedelta(minutes=14))
        # Refused; a try during the lock does not restart it (AXES_RESET_COOL_OFF_... = False).
        assert attempt(client, "clerk_ny", PASSWORD).status_code == 429
        clock.shift(timedelta(minutes=1, seconds=30))
        response = attempt(client, "clerk_ny", PASSWORD)
        assert response.status_code == 302
        assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(action="login", username="clerk_ny").count() == 1


def test_success_resets_the_count(client, users):
    for _ in range(4):
        attempt(client, "clerk_ny", WRONG)
    assert attempt(client, "clerk_ny", PASSWORD).status_code == 302
    client.post("/logout/")
    for _ in range(4):
        attempt(client, "clerk_ny", WRONG)
    assert attempt(client, "clerk_ny", PASSWORD).status_code == 302


def test_axes_keeps_no_password(client, users):
    from axes.models import AccessAttempt

    five_failures(client, "clerk_ny")
    for row in AccessAttempt.objects.all():
        assert WRONG not in row.post_data
        assert WRONG not in row.get_data
    assert AccessAttempt.objects.get().failures_since_start == 5
