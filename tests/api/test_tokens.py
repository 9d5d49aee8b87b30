"""Token lifecycle: issued once, only a hash kept, revoked or expired → 401, one unit only."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.utils import timezone

from jianfu.api.models import ApiToken
from jianfu.api.tokens import api_token_authenticate, api_token_revoke, parse_token
from jianfu.core.actor import Actor
from jianfu.core.models import AuditEvent

from .conftest import Api

pytestmark = pytest.mark.django_db


def test_only_the_hash_of_the_secret_is_stored(issue_token, units):
    plaintext = issue_token("hk", name="河口乡 OA")
    prefix, secret = parse_token(plaintext)
    assert plaintext == f"jf_{prefix}_{secret}" and len(prefix) == 8 and len(secret) >= 40
    token = ApiToken.objects.get(prefix=prefix)
    assert token.unit == units["hk"] and token.county == units["hk"].county
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    stored = [str(v) for v in ApiToken.objects.values_list().get(pk=token.pk)]
    assert not any(secret in value for value in stored)
    event = AuditEvent.objects.get(action="create", object_type="api.apitoken")
    assert secret not in str(event.after) and event.after["prefix"] == prefix


def test_a_token_acts_as_its_unit(client, issue_token):
    api = Api(client, issue_token("hk"))
    response = api.get("/ledger/entries")
    assert response.status_code == 200
    token = ApiToken.objects.get()
    assert token.last_used_at is not None


def test_revoked_token_is_refused(client, issue_token, users):
    plaintext = issue_token("hk")
    api = Api(client, plaintext)
    assert api.get("/ledger/entries").status_code == 200
    token = ApiToken.objects.get()
    api_token_revoke(actor=Actor.command(users["sysadmin"]), token=token)
    response = api.get("/ledger/entries")
    assert response.status_code == 401
    assert api_token_authenticate(plaintext) is None
    event = AuditEvent.objects.get(action="update", object_type="api.apitoken")
    assert event.before["revoked_at"] is None and event.after["revoked_at"]


def test_expired_token_is_refused(client, issue_token):
    plaintext = issue_token("hk", expires_at=timezone.now() + timedelta(days=30))
    assert Api(client, plaintext).get("/ledger/entries").status_code == 200
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert Api(client, plaintext).get("/ledger/entries").status_code == 401


def test_failures_do_not_reveal_whether_a_prefix_exists(client, issue_token):
    plaintext = issue_token("hk")
    prefix, secret = parse_token(plaintext)
    wrong_secret = f"jf_{prefix}_{secret[:-2]}xx"
    unknown_prefix = f"jf_{'0' * 8 if prefix != '0' * 8 else '1' * 8}_{secret}"
    answers = {
        Api(client, candidate).get("/ledger/entries").content
        for candidate in (wrong_secret, unknown_prefix, "jf_short_x", "Bearer-garbage", "")
    }
    assert len(answers) == 1
    response = Api(client, wrong_secret).get("/ledger/entries")
    assert response.status_code == 401 and "令牌" in response.json()["detail"]


def test_token_of_an_inactive_unit_is_refused(client, issue_token, units):
    plaintext = issue_token("hk")
    units["hk"].is_active = False
    units["hk"].save()
    assert Api(client, plaintext).get("/ledger/entries").status_code == 401


def test_token_is_not_a_session_for_other_endpoints(client, issue_token):
    # /me and /units belong to people; a unit's token does not open them.
    api = Api(client, issue_token("hk"))
    for path in ("/me", "/units"):  # refused, and told why (the token itself is valid)
        response = api.get(path)
        assert response.status_code == 403 and "接口令牌不能访问" in response.json()["detail"]
    assert Api(client, "jf_nope_nope").get("/me").status_code == 401
