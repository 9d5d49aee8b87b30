"""Fixtures for the API tests: unit tokens and a client that speaks bearer tokens."""

from __future__ import annotations

import json
import uuid

import pytest

from jianfu.core.actor import Actor


@pytest.fixture
def issue_token(units, users):
    """issue_token("hk") -> the plaintext of a new token for that unit."""
    from jianfu.api.tokens import api_token_create

    def issue(unit_key: str, name: str = "OA 推送", **extra) -> str:
        actor = Actor.command(users["sysadmin"])
        return api_token_create(actor=actor, unit=units[unit_key], name=name, **extra).plaintext

    return issue


class Api:
    """Calls /api/v1 with a bearer token (or the client's session when token is None)."""

    def __init__(self, client, token: str | None = None):
        self.client = client
        self.token = token

    def _headers(self, key: str | None = None) -> dict:
        headers = {}
        if self.token:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {self.token}"
        if key is not None:
            headers["HTTP_IDEMPOTENCY_KEY"] = key
        return headers

    def get(self, path: str, **params):
        return self.client.get(f"/api/v1{path}", params, **self._headers())

    def push(self, lines, *, key: str | None = "auto", unit: str | None = None, partial=False):
        body = {"lines": lines}
        if unit is not None:
            body["unit"] = unit
        key = uuid.uuid4().hex if key == "auto" else key
        url = "/api/v1/ledger/entries" + ("?partial=true" if partial else "")
        return self.client.post(
            url, json.dumps(body, ensure_ascii=False), "application/json", **self._headers(key)
        )


@pytest.fixture
def api_as(client, issue_token):
    """api_as("hk") -> an Api with a fresh token of that unit."""

    def make(unit_key: str) -> Api:
        return Api(client, issue_token(unit_key))

    return make


# A township's week of received work, as its OA system would push it.
HK_LINES = [
    {
        "kind": "收文",
        "date": "2025-03-03",
        "title": "关于做好2025年春耕生产工作的通知",
        "counterpart": "县委办",
        "doc_no": "县委办发〔2025〕12号",
        "external_id": "OA-2025-0301",
    },
    {
        "kind": "收文",
        "date": "2025-03-04",
        "title": "关于表彰2024年度平安建设先进集体和先进个人的决定",
        "counterpart": "县委办公室",
        "doc_no": "县委发〔2025〕3号",
    },
    {
        "kind": "收文",
        "date": "2025-03-05",
        "title": "关于转发《市农业农村局关于加强高标准农田建设的通知》的通知",
        "counterpart": "市委办公室",
    },
    {
        "kind": "参会",
        "date": "2025-03-06",
        "title": "全县农业农村工作会议",
        "counterpart": "农业农村局",
        "meeting_form": "现场",
        "duration_minutes": 120,
    },
    {
        "kind": "受检",
        "date": "2025-03-07",
        "title": "春季校园安全专项检查",
        "counterpart": "县教育局",
        "inspection_type": "检查",
        "materials_requested": True,
        "remarks": "要求提供台账资料 3 份",
    },
]


@pytest.fixture
def hk_lines():
    return [dict(line) for line in HK_LINES]
