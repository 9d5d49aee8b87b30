"""R15: the same Idempotency-Key twice stores once, also when the two requests arrive at once."""

from __future__ import annotations

import contextlib
import json
import threading

import pytest
from django.db import connection
from django.test import Client

from jianfu.api.models import IdempotencyRecord
from jianfu.core.models import AuditEvent
from jianfu.ledgers.models import LedgerEntry


@pytest.mark.django_db
def test_same_key_same_body_replays_the_stored_response(api_as, hk_lines, units):
    api = api_as("hk")
    first = api.push(hk_lines, key="oa-20250303-001")
    audits = AuditEvent.objects.filter(action="import").count()
    second = api.push(hk_lines, key="oa-20250303-001")
    assert first.status_code == second.status_code == 200
    assert second.json() == first.json()
    assert second.json()["created"] == 5  # the stored answer, not "5 duplicates"
    assert LedgerEntry.objects.filter(unit=units["hk"]).count() == 5
    assert AuditEvent.objects.filter(action="import").count() == audits
    record = IdempotencyRecord.objects.get(unit=units["hk"], key="oa-20250303-001")
    assert record.status_code == 200 and record.response == first.json()
    assert all(e.idempotency_key == "oa-20250303-001" for e in LedgerEntry.objects.all())


@pytest.mark.django_db
def test_same_key_other_body_is_409(api_as, hk_lines, units):
    api = api_as("hk")
    api.push(hk_lines[:2], key="oa-k1")
    response = api.push(hk_lines[2:], key="oa-k1")
    assert response.status_code == 409
    assert "幂等键" in response.json()["detail"]
    assert LedgerEntry.objects.filter(unit=units["hk"]).count() == 2
    # the partial flag is part of the request too
    assert api.push(hk_lines[:2], key="oa-k1", partial=True).status_code == 409


@pytest.mark.django_db
def test_keys_belong_to_a_unit(api_as, hk_lines, units):
    assert api_as("hk").push(hk_lines[:1], key="shared-key").status_code == 200
    response = api_as("cg").push(hk_lines[1:2], key="shared-key")
    assert response.status_code == 200 and response.json()["created"] == 1


@pytest.mark.django_db
def test_a_refused_push_does_not_use_up_its_key(api_as, hk_lines, units):
    api = api_as("hk")
    bad = [*hk_lines[:2], {**hk_lines[2], "date": "下周一"}]
    assert api.push(bad, key="oa-retry").status_code == 422
    assert not IdempotencyRecord.objects.exists()
    fixed = api.push(hk_lines[:3], key="oa-retry")
    assert fixed.status_code == 200 and fixed.json()["created"] == 3


def race(token: str, jobs: list[tuple[str, list]]) -> list[tuple[str, int, dict]]:
    """Send the pushes from threads released together; each thread has its own connection.

    In-memory shared-cache SQLite (the default test database) reports a table lock at once
    instead of waiting for it, so there the threads take turns, in whatever order they arrive;
    file-backed SQLite and PostgreSQL race for real (IMMEDIATE transactions / the unique index).
    """
    name = str(connection.settings_dict["NAME"])
    in_memory = connection.vendor == "sqlite" and ("memory" in name or name == "")
    turn = threading.Lock() if in_memory else contextlib.nullcontext()
    start = threading.Barrier(len(jobs))
    results: list[tuple[str, int, dict]] = []

    def push(key: str, lines: list):
        client = Client()
        start.wait()
        try:
            with turn:
                response = client.post(
                    "/api/v1/ledger/entries",
                    json.dumps({"lines": lines}, ensure_ascii=False),
                    "application/json",
                    HTTP_AUTHORIZATION=f"Bearer {token}",
                    HTTP_IDEMPOTENCY_KEY=key,
                )
            results.append((key, response.status_code, response.json()))
        finally:
            connection.close()

    threads = [threading.Thread(target=push, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == len(jobs)
    return results


@pytest.mark.django_db(transaction=True)
def test_two_requests_with_the_same_key_at_once_store_once(issue_token, hk_lines, units):
    """The loser waits for the winner, then replays its stored answer: one set of rows."""
    results = race(issue_token("hk"), [("oa-race-1", hk_lines)] * 4)
    assert [status for _k, status, _b in results] == [200] * 4
    assert all(body == results[0][2] for _k, _s, body in results)
    assert results[0][2]["created"] == 5
    assert LedgerEntry.objects.filter(unit=units["hk"]).count() == 5
    assert IdempotencyRecord.objects.filter(key="oa-race-1").count() == 1
    assert AuditEvent.objects.filter(action="import").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_same_and_different_keys_at_once(issue_token, hk_lines, units):
    """Same key with two bodies and a second key with overlapping lines, all at once."""
    jobs = [("k-a", hk_lines[:3])] * 3 + [("k-a", hk_lines[3:])] + [("k-b", hk_lines[3:])] * 2
    results = race(issue_token("hk"), jobs)
    a = [(status, body) for key, status, body in results if key == "k-a"]
    b = [(status, body) for key, status, body in results if key == "k-b"]
    assert [status for status, _b in b] == [200, 200] and b[0][1] == b[1][1]
    # key a: whichever body won, the other body gets 409 and the winning body replays
    assert sorted(status for status, _b in a) in ([200, 200, 200, 409], [200, 409, 409, 409])
    assert IdempotencyRecord.objects.count() == 2
    stored = LedgerEntry.objects.filter(unit=units["hk"])
    won_with_three = sorted(status for status, _b in a) == [200, 200, 200, 409]
    assert stored.count() == (5 if won_with_three else 2)
    assert sorted(e.title for e in stored) == sorted(
        {line["title"] for line in (hk_lines if won_with_three else hk_lines[3:])}
    )
