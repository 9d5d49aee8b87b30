"""The audit recorder: services call `audit_record` on purpose, bulk paths included.

Every record is chained to the one before it by a SHA-256 hash, so that `jianfu audit verify`
can name the first altered or missing record.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .actor import Actor
from .models import AuditEvent

GENESIS = "0" * 64

# The registered vocabulary of audit actions (R8). Object types say what was acted on.
ACTIONS: dict[str, Any] = {
    "login": _("登录"),
    "login_failed": _("登录失败"),
    "lockout": _("账号锁定"),
    "unlock": _("解除锁定"),
    "logout": _("退出登录"),
    "session_expired": _("会话超时"),
    "create": _("新增"),
    "update": _("修改"),
    "delete": _("删除"),
    "restore": _("恢复"),
    "permission": _("权限变更"),
    "password": _("修改密码"),
    "approve": _("批准"),
    "return": _("退回"),
    "reject": _("驳回"),
    "archive": _("备案"),
    "import": _("导入"),
    "export": _("导出"),
    "download": _("下载"),
    "config": _("配置变更"),
    "backup": _("备份"),
    "restore_backup": _("恢复备份"),
    "denied": _("拒绝访问"),
    "submit": _("提交"),
    "withdraw": _("撤回"),
    "sign": _("签批"),
    "remind": _("提醒"),
    "acknowledge": _("确认收到"),
    "verify": _("核验"),
    "generate": _("生成"),
    "otp_setup": _("绑定双因素"),
    "otp_failed": _("双因素验证失败"),
    "rate_limited": _("请求过频"),
    "purge": _("清理"),
}

# Field names whose values never enter the audit trail.
SECRET_FIELDS = frozenset({"password", "token", "secret", "key", "otp", "totp"})


@dataclass(frozen=True)
class AuditEntry:
    """What a caller wants recorded; `audit_record_many` takes a batch of these."""

    action: str
    object_type: str = ""
    object_id: str = ""
    object_repr: str = ""
    before: dict | None = None
    after: dict | None = None
    result: str = "success"
    county_id: int | None = None


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            str(k): ("***" if str(k).lower() in SECRET_FIELDS else _jsonable(v))
            for k, v in value.items()
        }
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def record_digest(prev_hash: str, fields: dict[str, Any]) -> str:
    """The chain hash of one record: SHA-256 over the previous hash and the canonical fields."""
    payload = json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256((prev_hash + payload).encode("utf-8")).hexdigest()


def chained_fields(event: AuditEvent) -> dict[str, Any]:
    return {
        "at": event.at.astimezone(UTC).isoformat(timespec="microseconds"),
        "county_id": event.county_id,
        "user_id": event.user_id,
        "username": event.username,
        "unit_id": event.unit_id,
        "ip": event.ip,
        "channel": event.channel,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_repr": event.object_repr,
        "before": event.before,
        "after": event.after,
        "result": event.result,
        "request_id": event.request_id,
    }


def _lock_chain() -> None:
    """Serialise appends so that two writers cannot fork the chain."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(7419001)")
    # SQLite runs write transactions one at a time (transaction_mode IMMEDIATE).


def audit_record_many(actor: Actor, entries: Iterable[AuditEntry]) -> list[AuditEvent]:
    """Append several records in one transaction (bulk paths call this once per batch)."""
    entries = list(entries)
    if not entries:
        return []
    for entry in entries:
        if entry.action not in ACTIONS:
            raise ValueError(f"unknown audit action {entry.action!r}")
    with transaction.atomic():
        _lock_chain()
        last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
        prev = last or GENESIS
        events = []
        now = timezone.now()
        for entry in entries:
            event = AuditEvent(
                at=now,
                county_id=entry.county_id if entry.county_id is not None else actor.county_id,
                user_id=actor.user_id,
                username=actor.username[:150],
                unit_id=actor.unit_id,
                ip=actor.ip,
                channel=actor.channel,
                action=entry.action,
                object_type=entry.object_type[:64],
                object_id=str(entry.object_id)[:64],
                object_repr=str(entry.object_repr)[:255],
                before=_jsonable(entry.before) if entry.before is not None else None,
                after=_jsonable(entry.after) if entry.after is not None else None,
                result=entry.result,
                request_id=actor.request_id[:64],
                prev_hash=prev,
            )
            event.hash = record_digest(prev, chained_fields(event))
            prev = event.hash
            events.append(event)
        AuditEvent.objects.bulk_create(events)
    return events


def audit_record(actor: Actor, action: str, obj: Any = None, **kwargs: Any) -> AuditEvent:
    """Append one record. `obj` (a model instance) fills the object columns when given."""
    if obj is not None:
        kwargs.setdefault("object_type", obj._meta.label_lower)
        kwargs.setdefault("object_id", str(obj.pk))
        kwargs.setdefault("object_repr", str(obj))
        kwargs.setdefault("county_id", getattr(obj, "county_id", None))
    return audit_record_many(actor, [AuditEntry(action=action, **kwargs)])[0]


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    first_bad_id: int | None = None
    problem: str = ""


def chain_anchor() -> str:
    """Where the chain starts: GENESIS, or after a purge (`jianfu audit purge`) the hash of the
    last purged record, as attested by a later (chained, so unalterable) `purge` record."""
    first = AuditEvent.objects.order_by("id").values_list("id", "prev_hash").first()
    if first is None or first[1] == GENESIS:
        return GENESIS
    first_id, prev_hash = first
    purges = AuditEvent.objects.filter(action="purge", result="success").order_by("-id")
    for event_id, after in purges.values_list("id", "after")[:100]:
        if not isinstance(after, dict) or after.get("last_purged_hash") != prev_hash:
            continue
        kept = after.get("first_kept_id")
        if kept == first_id or (kept is None and event_id == first_id):
            return prev_hash
    return GENESIS


def audit_verify(batch_size: int = 5000) -> ChainReport:
    """Walk the chain in id order; name the first record whose hash or link does not hold."""
    prev = chain_anchor()
    checked = 0
    last_id = 0
    while True:
        batch = list(AuditEvent.objects.filter(id__gt=last_id).order_by("id")[:batch_size])
        if not batch:
            break
        for event in batch:
            if event.prev_hash != prev:
                # The record before this one was removed, or this link was rewritten.
                return ChainReport(False, checked, event.id, "missing_before")
            if record_digest(prev, chained_fields(event)) != event.hash:
                return ChainReport(False, checked, event.id, "altered")
            prev = event.hash
            checked += 1
            last_id = event.id
    return ChainReport(True, checked)


def model_snapshot(obj: Any, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """A plain dict of a model instance's concrete fields, for before/after in the trail."""
    names = list(fields) if fields is not None else [
        f.attname for f in obj._meta.concrete_fields
    ]
    return _jsonable({name: getattr(obj, name) for name in names})
