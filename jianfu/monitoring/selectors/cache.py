"""Caching the heavy figures of the dashboard and the API between writes.

Every write in Jianfu records an audit event (services do it on purpose, bulk paths included),
and new ledger lines get new ids: the newest audit id of a write (sign-ins and reads excluded)
and the newest ledger line id, both read backwards along the primary key, are the data version
in every cache key. A write therefore
makes the next read compute afresh; between writes, the 8 dashboards open on a Monday morning
share one computation. `JIANFU_FIGURES_CACHE_SECONDS` (default 600; 0 turns caching off) bounds
how long an entry lives in any case. Alerts and overdue tasks are read fresh on every request.

When several requests miss the same entry at once (the Monday-morning rush right after an
import), one computes it and the others wait for its result instead of all computing the same
figures side by side (`cache.add` is the lock; a waiter computes for itself if the result has
not come after `WAIT_SECONDS`). In production the cache is shared by the workers (the database
cache), so a write costs one computation, not one per worker.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache

from jianfu.core.models import AuditEvent
from jianfu.ledgers.models import LedgerEntry

T = TypeVar("T")
DEFAULT_SECONDS = 600
WAIT_SECONDS = 15
POLL_SECONDS = 0.03


# audit actions that change no figure (sign-ins, reads, refusals): they do not invalidate
NOT_WRITES = (
    "login",
    "login_failed",
    "lockout",
    "unlock",
    "logout",
    "session_expired",
    "password",
    "export",
    "download",
    "denied",
    "otp_setup",
    "otp_failed",
    "rate_limited",
)


def data_version() -> tuple[int, int]:
    """(newest audit event that may change a figure, newest ledger line): walks the primary
    keys backwards, so both are read in a few index steps."""
    audit = (
        AuditEvent.objects.exclude(action__in=NOT_WRITES)
        .order_by("-id")
        .values_list("id", flat=True)
        .first()
        or 0
    )
    line = LedgerEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    return audit, line


def scope_key(unit_ids: set[int] | None) -> str:
    if unit_ids is None:
        return "all"
    joined = ",".join(str(pk) for pk in sorted(unit_ids))
    return hashlib.sha256(joined.encode()).hexdigest()[:16]


def cached_figures(
    name: str,
    parts: tuple[Any, ...],
    compute: Callable[[], T],
    version: tuple[int, int] | None = None,
) -> T:
    """`compute()` cached under name, parts and the data version (read now unless a caller that
    reads several entries in one request passes the one it read)."""
    seconds = getattr(settings, "JIANFU_FIGURES_CACHE_SECONDS", DEFAULT_SECONDS)
    if not seconds:
        return compute()
    audit, line = version or data_version()
    key = "jianfu:monitoring:" + ":".join(str(p) for p in (name, *parts, audit, line))
    value = cache.get(key)
    if value is not None:
        return value
    lock = f"{key}:computing"
    owner = cache.add(lock, 1, WAIT_SECONDS)
    if not owner:
        value = _wait_for(key, lock)
        if value is not None:
            return value
    try:
        value = compute()
        cache.set(key, value, seconds)
    finally:
        if owner:
            cache.delete(lock)
    return value


def _wait_for(key: str, lock: str):
    """The entry another request is computing, or None if it did not come in time."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        value = cache.get(key)
        if value is not None:
            return value
        if cache.get(lock) is None:  # finished without a value (it failed): compute here
            return cache.get(key)
    return None
