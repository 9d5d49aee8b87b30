"""R10 groundwork: hostile or malformed requests get a 4xx with a Chinese message, never a 5xx."""

from __future__ import annotations

import json

import pytest

from jianfu.api.models import IdempotencyRecord
from jianfu.ledgers.models import LedgerEntry

pytestmark = pytest.mark.django_db

LINE = {"kind": "收文", "date": "2025-07-01", "title": "关于做好高温天气防范工作的通知"}
BODIES = [
    b"",
    b"not json",
    b"[]",
    b"{}",
    b'{"lines": null}',
    b'{"lines": {}}',
    b'{"lines": [null]}',
    b'{"lines": [[]]}',
    b'{"lines": [{"kind": 1, "date": 20250701, "title": ["x"]}]}',
    b'{"lines": [{"kind": "\\u6536\\u6587", "date": "2025-07-01", "title": "a\\u0000b"}]}',
    b'{"lines": [{"kind": "\\u0000", "date": "\\u0000", "title": "\\u0000"}]}',
    b'{"lines": [{"kind": "\\u6536\\u6587", "date": "9999-12-31", "title": "x"}]}',
    b'{"lines": [{"kind": "\\u6536\\u6587", "date": "2025-07-01", "title": "x",'
    b' "duration_minutes": 99999999999999999999999}]}',
    b'{"lines": [{"kind": "\\u6536\\u6587", "date": "2025-07-01", "title": "x",'
    b' "external_id": "\\u0000"}]}',
    json.dumps({"unit": "QH-HK\x00", "lines": [LINE]}).encode(),
    json.dumps({"lines": [{**LINE, "title": '=HYPERLINK("http://x")' * 30}]}).encode(),
]


@pytest.mark.parametrize("body", BODIES)
@pytest.mark.parametrize("partial", [False, True])
def test_malformed_pushes_never_fail_the_server(client, issue_token, body, partial):
    url = "/api/v1/ledger/entries" + ("?partial=true" if partial else "")
    response = client.post(
        url,
        body,
        "application/json",
        HTTP_AUTHORIZATION=f"Bearer {issue_token('hk')}",
        HTTP_IDEMPOTENCY_KEY=f"fuzz-{BODIES.index(body)}-{partial}",
    )
    assert 200 <= response.status_code < 500, response.content
    data = response.json()
    if response.status_code >= 400:
        assert data.get("detail") or data.get("errors")
    titles = LedgerEntry.objects.values_list("title", flat=True)
    assert not any("\x00" in title for title in titles)


def test_nul_is_refused_and_reported(api_as):
    response = api_as("hk").push([{**LINE, "title": "关于\x00通知"}])
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["field"] == "title" and "\x00" not in error["value"]
    partial = api_as("hk").push([LINE, {**LINE, "remarks": "\x00"}], partial=True)
    assert partial.status_code == 200 and partial.json()["created"] == 1
    assert IdempotencyRecord.objects.count() == 1


@pytest.mark.parametrize(
    "params",
    [
        {"unit": "QH-HK\x00"},
        {"limit": "-1"},
        {"offset": str(10**30)},
        {"from": "2025-13-01"},
        {"counted": "也许"},
        {"kind": "\x00"},
    ],
)
def test_bad_query_parameters_are_4xx(client, issue_token, params):
    response = client.get(
        "/api/v1/ledger/entries", params, HTTP_AUTHORIZATION=f"Bearer {issue_token('hk')}"
    )
    assert 400 <= response.status_code < 500


def test_unit_lookup_with_nul_is_404(client, users, units):
    client.force_login(users["coordinator"])
    assert client.get("/api/v1/units/QH%00HK").status_code == 404
