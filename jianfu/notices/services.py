"""Sending notifications: in the app always, by e-mail where the county configured it
(`JIANFU_EMAIL_NOTICES=1` and the user has an address). Callers pass users, not ids."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from .models import Notification

log = logging.getLogger(__name__)


def notify(users: Iterable, *, topic: str, title: str, body: str = "", url: str = "") -> int:
    """Notify each active user once; returns how many were notified. Bulk insert."""
    targets = {u.pk: u for u in users if u is not None and u.is_active}
    rows = [
        Notification(
            county_id=u.county_id, recipient=u, topic=topic, title=title[:255], body=body, url=url
        )
        for u in targets.values()
        if u.county_id
    ]
    Notification.objects.bulk_create(rows)
    if getattr(settings, "JIANFU_EMAIL_NOTICES", False):
        addresses = [u.email for u in targets.values() if u.email]
        if addresses:
            transaction.on_commit(lambda: _email(addresses, title, body, url))
    return len(rows)


def _email(addresses: list[str], title: str, body: str, url: str) -> None:
    try:
        send_mail(f"[减负] {title}", f"{body}\n\n{url}".strip(), None, addresses)
    except OSError:  # a mail server down must not break the workflow that notified
        log.warning("notification e-mail to %d recipients failed", len(addresses))


def notice_mark_read(user, ids: Iterable[int] | None = None) -> int:
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
