"""How API requests authenticate: a unit's bearer token (OA systems) or the web session.

A request with a token acts as the token's unit, never as a person: its `Actor` is
`token:<prefix>` on the "api" channel, and the endpoints limit it to that unit's lines.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from jianfu.core.actor import Actor, client_ip
from jianfu.org.access import has_perm, visible_units
from jianfu.org.models import Unit

from .models import ApiToken
from .tokens import api_token_authenticate


class TokenAuth(HttpBearer):
    """`Authorization: Bearer jf_<prefix>_<secret>`; revoked, expired or unknown → 401 alike."""

    openapi_description = "单位接口令牌，格式 jf_<前缀>_<密钥>，由系统管理员在“接口令牌”页面签发"

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        return api_token_authenticate(token)


def ledger_auth() -> list:
    return [TokenAuth(), SessionAuth()]


@dataclass(frozen=True)
class Caller:
    """Who is calling, as the ledger endpoints need it."""

    actor: Actor
    token: ApiToken | None
    user: Any

    def may(self, action: str) -> bool:
        """A token may read and push its unit's ledger; a user what their role allows."""
        if self.token is not None:
            return action in ("ledger.view", "ledger.edit")
        return has_perm(self.user, action)

    def unit_for(self, code: str) -> Unit | None:
        """The unit named by `code` if the caller's scope reaches it (a token: its own unit)."""
        if "\x00" in code:
            return None
        if self.token is not None:
            if code and code != self.token.unit.code:
                return None
            return self.token.unit
        if not code:
            return None
        return visible_units(self.user).select_related("county").filter(code=code).first()


def caller_of(request: HttpRequest) -> Caller:
    auth = request.auth
    if isinstance(auth, ApiToken):
        actor = Actor(
            channel="api",
            username=f"token:{auth.prefix}",
            ip=client_ip(request),
            request_id=request.headers.get("X-Request-ID", "")[:64] or uuid.uuid4().hex,
        )
        return Caller(actor=actor, token=auth, user=None)
    return Caller(actor=Actor.for_request(request, channel="api"), token=None, user=auth)
