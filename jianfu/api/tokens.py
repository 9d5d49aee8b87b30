"""API tokens: create (the secret is returned once), revoke, and resolve a presented token.

A token reads `jf_<prefix>_<secret>`. The prefix is public (it names the token in lists and in the
audit trail); of the secret only its SHA-256 is stored, and it is compared in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from jianfu.core.actor import Actor
from jianfu.core.audit import audit_record, model_snapshot
from jianfu.org.models import Unit

from .models import ApiToken

TOKEN_PREFIX = "jf"  # noqa: S105 - the fixed start of every token, not a secret
AUDITED_FIELDS = ("unit_id", "name", "prefix", "expires_at", "revoked_at")
# last_used_at is written at most this often, so that reads do not turn into writes.
TOUCH_EVERY = timedelta(minutes=1)
# Compared against when the prefix is unknown, so that a miss costs what a hit costs.
_DUMMY_HASH = hashlib.sha256(b"jianfu-no-such-token").hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    plaintext: str  # shown once, never stored


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def parse_token(raw: str) -> tuple[str, str] | None:
    """(prefix, secret) of a well-formed token, else None."""
    parts = (raw or "").strip().split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX or len(parts[1]) != 8 or not parts[2]:
        return None
    return parts[1], parts[2]


@transaction.atomic
def api_token_create(
    *, actor: Actor, unit: Unit, name: str, expires_at: datetime | None = None
) -> IssuedToken:
    """A new token for the unit; the returned plaintext is the only copy of the secret."""
    secret = secrets.token_urlsafe(32)
    for _attempt in range(5):
        prefix = secrets.token_hex(4)
        try:
            with transaction.atomic():
                token = ApiToken.objects.create(
                    county_id=unit.county_id,
                    unit=unit,
                    name=name.strip()[:100],
                    prefix=prefix,
                    key_hash=secret_hash(secret),
                    created_by=actor.user,
                    expires_at=expires_at,
                )
            break
        except IntegrityError:  # a prefix collision: 1 in 4 billion, try another
            continue
    else:  # pragma: no cover - five collisions in a row
        raise RuntimeError("could not allocate a token prefix")
    audit_record(
        actor,
        "create",
        token,
        county_id=unit.county_id,
        after=model_snapshot(token, AUDITED_FIELDS),
    )
    return IssuedToken(token, f"{TOKEN_PREFIX}_{prefix}_{secret}")


@transaction.atomic
def api_token_revoke(*, actor: Actor, token: ApiToken) -> ApiToken:
    """Revoke a token at once; revoking twice changes nothing."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        return token
    before = model_snapshot(token, AUDITED_FIELDS)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(
        actor,
        "update",
        token,
        county_id=token.county_id,
        before=before,
        after=model_snapshot(token, AUDITED_FIELDS),
    )
    return token


def api_token_authenticate(raw: str) -> ApiToken | None:
    """The active token a presented string stands for, else None (for any reason alike)."""
    parsed = parse_token(raw)
    prefix, secret = parsed if parsed else ("", "")
    token = (
        ApiToken.objects.select_related("unit", "county").filter(prefix=prefix).first()
        if parsed
        else None
    )
    presented = secret_hash(secret)
    stored = token.key_hash if token is not None else _DUMMY_HASH
    matches = hmac.compare_digest(presented, stored)
    if token is None or not matches or not token.is_active or not token.unit.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
