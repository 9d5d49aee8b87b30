"""R13: rate limits on login (per address), API writes (per token) and exports (per user),
with 429, Retry-After and a Chinese message; audited once per window; normal OA rates pass."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client

from jianfu.api.tokens import api_token_create
from jianfu.core.actor import Actor
from jianfu.core.models import AuditEvent
from jianfu.core.ratelimit import classify, hit
from tests.api.conftest import HK_LINES, Api
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
START = datetime(2026, 3, 2, 1, 0, 5, tzinfo=UTC)
TOO_MANY = "请求过于频繁"


def test_fixed_window_counts_and_says_when_to_come_back(settings):
    settings.JIANFU_RATE_LIMITS = {"login": (3, 60)}
    base = 1_800_000_000 - (1_800_000_000 % 60)
    decisions = [hit("login", "ip:10.0.0.1", now=base + 10) for _ in range(4)]
    assert [d.allowed for d in decisions] == [True, True, True, False]
    assert decisions[-1].retry_after == 50 and decisions[-1].first_refusal
    assert hit("login", "ip:10.0.0.2", now=base + 10).allowed  # another key, its own count
    assert hit("login", "ip:10.0.0.1", now=base + 60).allowed  # the next window


def test_login_is_limited_per_address(settings, users):
    settings.JIANFU_RATE_LIMITS = {"login": (5, 60)}
    with time_machine.travel(START, tick=False) as clock:
        office = Client(REMOTE_ADDR="10.8.0.1")
        answers = [
            office.post("/login/", {"username": f"nobody{i}", "password": "x"})
            for i in range(8)
        ]
        assert [a.status_code for a in answers] == [200] * 5 + [429] * 3
        refused = answers[-1]
        assert refused["Retry-After"] == "55"
        assert TOO_MANY in refused.content.decode()
        # Another address is not affected; the refused address may log in in the next minute.
        other = Client(REMOTE_ADDR="10.8.0.2")
        assert other.post("/login/", {"username": "clerk_ny", "password": PASSWORD})[
            "Location"
        ] == "/"
        clock.shift(timedelta(seconds=60))
        ok = office.post("/login/", {"username": "clerk_ny", "password": PASSWORD})
        assert ok.status_code == 302
    limited = AuditEvent.objects.filter(action="rate_limited")
    assert limited.count() == 1  # the first refusal of the window, not every one
    event = limited.get()
    assert event.ip == "10.8.0.1" and event.result == "failure"
    assert event.after["limit"] == "login" and event.object_repr == "/login/"


def test_a_normal_oa_push_burst_passes_and_a_flood_is_refused(client, settings, units, users):
    # One frozen instant for the whole test: the limit counts per minute, and a burst that ran
    # across a minute's end would be counted in two windows.
    with time_machine.travel(datetime.now(UTC).replace(second=1, microsecond=0), tick=False):
        _push_burst_then_flood(client, settings, units, users)


def _push_burst_then_flood(client, settings, units, users):
    plaintext = api_token_create(
        actor=Actor.command(users["sysadmin"]), unit=units["hk"], name="OA"
    ).plaintext
    api = Api(client, plaintext)
    # A busy morning: 40 pushes one after another, each a few lines.
    for i in range(40):
        lines = [dict(line, title=f"{line['title']}（{i}）") for line in HK_LINES]
        assert api.push(lines).status_code == 200
    assert not AuditEvent.objects.filter(action="rate_limited").exists()
    # A runaway OA system: over the limit it gets 429 with Retry-After, as JSON.
    settings.JIANFU_RATE_LIMITS = {"api_write": (45, 60)}
    answers = [api.push(HK_LINES).status_code for _ in range(10)]
    assert 429 in answers and answers.index(429) <= 5
    refused = api.push(HK_LINES)
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    assert TOO_MANY in refused.json()["detail"]
    # Another unit's token has its own count; reading is not limited.
    other = Api(Client(), api_token_create(
        actor=Actor.command(users["sysadmin"]), unit=units["cg"], name="OA"
    ).plaintext)
    assert other.push([dict(HK_LINES[0], title="城关镇收文")]).status_code == 200
    assert api.get("/ledger/entries").status_code == 200
    event = AuditEvent.objects.get(action="rate_limited")
    assert event.channel == "api" and event.after["limit"] == "api_write"
    secret = plaintext.split("_", 2)[2]
    assert secret not in json.dumps(event.after) and event.after["token_prefix"]


def test_exports_are_limited_per_user(client, settings, users):
    settings.JIANFU_RATE_LIMITS = {"export": (3, 60)}
    client.force_login(users["auditadmin"])
    with time_machine.travel(START, tick=False):
        answers = [client.get("/audit/export/").status_code for _ in range(4)]
        assert answers == [200, 200, 200, 429]
        colleague = Client()
        colleague.force_login(users["secadmin"])
        assert colleague.get("/org/users/export/").status_code != 429
    assert AuditEvent.objects.filter(action="rate_limited", username="auditadmin").count() == 1


def test_every_export_url_is_recognised_without_being_named(users):
    from django.test import RequestFactory

    from tests.security.test_permission_sweep import routes

    exports = [r for r in routes() if "export" in r.name.rsplit(":", 1)[-1]]
    assert len(exports) >= 3
    factory = RequestFactory()
    for route in exports:
        request = factory.get(route.path)
        request.user = users["coordinator"]
        assert classify(request) == ("export", f"user:{users['coordinator'].pk}"), route.name
    # files built on request under other names: the batch's error workbook, a comparison
    for path in ("/ledgers/batches/1/errors.xlsx", "/ledgers/compare/1/download/"):
        request = factory.get(path)
        request.user = users["coordinator"]
        assert classify(request) == ("export", f"user:{users['coordinator'].pk}"), path
    request = factory.get("/ledgers/batches/1/")
    request.user = users["coordinator"]
    assert classify(request) is None
    request = factory.post("/api/v1/ledger/entries", HTTP_AUTHORIZATION="Bearer jf_x_y")
    assert classify(request)[0] == "api_write"
    request = factory.get("/api/v1/ledger/entries", HTTP_AUTHORIZATION="Bearer jf_x_y")
    assert classify(request) is None


def test_made_up_tokens_do_not_multiply_the_allowance(client, settings):
    """Each made-up token is its own per-token key; the address count still stops the flood."""
    settings.JIANFU_RATE_LIMITS = {"api_write": (300, 60), "api_write_address": (5, 60)}
    with time_machine.travel(START, tick=False):
        answers = [
            client.post(
                "/api/v1/ledger/entries", "{}", "application/json",
                HTTP_AUTHORIZATION=f"Bearer jf_fake{n}_secret", HTTP_IDEMPOTENCY_KEY=f"k{n}",
            ).status_code
            for n in range(7)
        ]  # fmt: skip
    assert answers[:5] == [401] * 5 and answers[5:] == [429, 429]
    event = AuditEvent.objects.get(action="rate_limited")
    assert event.after["limit"] == "api_write_address"
