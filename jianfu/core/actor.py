"""Who is acting: a user through the web, the API, a command or a background job.

Services take an `actor` keyword so that the audit trail records who did what through which
channel, also on bulk paths where no request exists.
"""

from __future__ import annotations

import getpass
import ipaddress
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

CHANNELS = ("web", "api", "cli", "job", "system")


@dataclass(frozen=True)
class Actor:
    channel: str
    user: Any = None
    username: str = ""
    ip: str | None = None
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex)

    @property
    def user_id(self) -> int | None:
        return getattr(self.user, "pk", None)

    @property
    def unit_id(self) -> int | None:
        return getattr(self.user, "unit_id", None)

    @property
    def county_id(self) -> int | None:
        return getattr(self.user, "county_id", None)

    @classmethod
    def for_request(cls, request: Any, channel: str = "web") -> Actor:
        user = getattr(request, "user", None)
        authenticated = bool(user is not None and user.is_authenticated)
        return cls(
            channel=channel,
            user=user if authenticated else None,
            username=user.get_username() if authenticated else "",
            ip=client_ip(request),
            request_id=request.headers.get("X-Request-ID", "")[:64] or uuid.uuid4().hex,
        )

    @classmethod
    def command(cls, user: Any = None) -> Actor:
        """The actor of a management command: the named user, else the operating-system user."""
        if user is not None:
            return cls(channel="cli", user=user, username=user.get_username())
        try:
            name = getpass.getuser()
        except OSError:  # pragma: no cover - no login name in some containers
            name = "cli"
        return cls(channel="cli", username=f"os:{name}")

    @classmethod
    def system(cls, name: str = "system") -> Actor:
        return cls(channel="system", username=name)


def client_ip(request: Any) -> str | None:
    """The client address for the audit trail.

    REMOTE_ADDR, unless it is one of the reverse proxies named in `JIANFU_TRUSTED_PROXIES`
    (settings.TRUSTED_PROXIES): then the nearest address in X-Forwarded-For that is not itself a
    trusted proxy. A client can write anything into that header, so it is read only when the
    request really came through our proxy, and only from the right (the proxy appends).
    """
    addr = request.META.get("REMOTE_ADDR") or None
    trusted = set(getattr(settings, "TRUSTED_PROXIES", ()))
    if addr not in trusted:
        return _valid_ip(addr)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed([h.strip() for h in forwarded.split(",") if h.strip()]):
        if hop not in trusted:
            return _valid_ip(hop)
    return _valid_ip(addr)


def _valid_ip(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None
