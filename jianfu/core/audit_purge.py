"""Purging old audit records (R9): only records older than 180 days, only a prefix of the chain,
only from an intact chain, and the chain stays verifiable afterwards.

The purge appends a `purge` record holding the last purged record's id and hash and the first
kept id; `audit_verify` starts from that hash (see `chain_anchor`). The delete is the one raw
SQL statement against the table: the model itself refuses every update and delete.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import connection, transaction
from django.utils import timezone

from .actor import Actor
from .audit import _lock_chain, audit_record, audit_verify
from .models import AuditEvent

RETENTION_DAYS = 180


class PurgeRefused(Exception):
    """The purge would break a rule; the message is for the operator (Chinese)."""


@dataclass(frozen=True)
class PurgeResult:
    deleted: int
    last_purged_id: int | None
    first_kept_id: int | None


def earliest_allowed_cutoff(today: date | None = None) -> date:
    """The latest `--before` date allowed: nothing younger than RETENTION_DAYS is purged."""
    today = today or timezone.localdate()
    return today - timedelta(days=RETENTION_DAYS)


def audit_purge(*, actor: Actor, before: date) -> PurgeResult:
    """Delete the records dated before `before` (a day, local time); returns what was done."""
    limit = earliest_allowed_cutoff()
    if before > limit:
        raise PurgeRefused(
            f"不能清理 {RETENTION_DAYS} 天以内的审计记录：--before 最晚为 {limit.isoformat()}。"
        )
    cutoff = timezone.make_aware(datetime.combine(before, time.min))
    with transaction.atomic():
        _lock_chain()
        report = audit_verify()
        if not report.ok:
            raise PurgeRefused(
                f"审计记录链已损坏（第 {report.first_bad_id} 号记录），拒绝清理：请先保全证据。"
            )
        last = (
            AuditEvent.objects.filter(at__lt=cutoff).order_by("-id").values_list("id", "hash")
        ).first()
        if last is None:
            return PurgeResult(0, None, None)
        last_id, last_hash = last
        # Never leave a hole: the purge takes every record up to the last old one (a prefix).
        first_kept = AuditEvent.objects.filter(id__gt=last_id).order_by("id")
        first_kept_id = first_kept.values_list("id", flat=True).first()
        count = AuditEvent.objects.filter(id__lte=last_id).count()
        audit_record(
            actor,
            "purge",
            object_type="core.auditevent",
            object_repr=f"{before.isoformat()} 以前的审计记录",
            after={
                "before": before.isoformat(),
                "deleted": count,
                "last_purged_id": last_id,
                "last_purged_hash": last_hash,
                "first_kept_id": first_kept_id,
            },
        )
        table = connection.ops.quote_name(AuditEvent._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table} WHERE id <= %s", [last_id])  # noqa: S608
        return PurgeResult(count, last_id, first_kept_id)
