"""Batch push of ledger lines by OA systems: validated line by line, classified with the shared
`LineClassifier`, stored with one bulk insert, idempotent by (unit, Idempotency-Key).

Idempotency: the record for the key is inserted FIRST inside the push's transaction. A second
request with the same key then waits on the unique index (PostgreSQL) or on the write lock
(SQLite) and, once the first commits, gets IntegrityError and answers with the stored response
(same body) or 409 (different body). A refused push rolls its record back with everything else,
so that the client may correct the lines and push again under the same key.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jianfu.core.actor import Actor
from jianfu.core.audit import AuditEntry, audit_record_many
from jianfu.ledgers.classify import LineClassifier, LineInput
from jianfu.ledgers.models import Kind, LedgerEntry, Source
from jianfu.ledgers.services.entries import entry_fields
from jianfu.ledgers.services.rollup import rollup_refresh_lines
from jianfu.org.models import Unit

from .models import IdempotencyRecord
from .schemas import MAX_LINES

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
EARLIEST = date(2000, 1, 1)
MAX_LENGTHS = {
    "title": 500,
    "counterpart": 255,
    "doc_no": 128,
    "genre": 32,
    "meeting_form": 32,
    "inspection_type": 32,
    "remarks": 500,
    "external_id": 128,
}
TEXT_FIELDS = tuple(MAX_LENGTHS)
BULK_BATCH = 500
RACE_RETRIES = 3


@dataclass
class PushResult:
    status: int
    body: dict[str, Any]
    replayed: bool = False
    created_ids: list[int] = field(default_factory=list)


class _Refused(Exception):
    def __init__(self, result: PushResult):
        super().__init__(result.status)
        self.result = result


def request_digest(unit: Unit, lines: list[dict[str, Any]], partial: bool) -> str:
    """SHA-256 of the canonical request: the same lines in the same order give the same digest."""
    canonical = json.dumps(
        {"unit": unit.code, "partial": partial, "lines": lines},
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _shown(value: Any) -> str:
    """A value as received, for an error: JSON for objects, arrays and true/false."""
    if isinstance(value, bool | dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _error(index: int | None, name: str, value: Any, message: str) -> dict[str, Any]:
    return {
        "index": index,
        "field": name,
        "value": "" if value is None else str(value)[:200].replace("\x00", "\ufffd"),
        "message": message,
    }


def validate_line(index: int, raw: dict[str, Any]) -> tuple[LineInput | None, list[dict]]:
    """The line as the classifier takes it, or every problem it has."""
    errors: list[dict] = []
    text = {}
    for name in (*TEXT_FIELDS, "kind", "date"):
        value = raw.get(name)
        if isinstance(value, bool | dict | list):  # a number is taken as its digits (文号 12)
            errors.append(_error(index, name, _shown(value), _("应为文本。")))
            value = ""
        text[name] = str(value if value is not None else "").strip()
    kind = text.pop("kind")
    if kind not in Kind.values:
        errors.append(
            _error(index, "kind", kind, _("类别应为 收文、发文、参会、办会、受检、督查 之一。"))
        )
    raw_date = text.pop("date")
    day = None
    if not raw_date and any(e["field"] == "date" for e in errors):
        pass  # said above: not a text
    elif not ISO_DATE.match(raw_date):
        message = _("日期格式应为 YYYY-MM-DD，如 2025-03-18。")
        errors.append(_error(index, "date", raw_date, message))
    else:
        try:
            day = date.fromisoformat(raw_date)
        except ValueError:
            errors.append(_error(index, "date", raw_date, _("没有这一天，请检查月份和日期。")))
    latest = timezone.localdate() + timedelta(days=366)
    if day is not None and not EARLIEST <= day <= latest:
        errors.append(
            _error(index, "date", raw_date, _("日期超出合理范围（2000 年以后、一年以内）。"))
        )
    for name, value in text.items():
        if "\x00" in value:
            errors.append(_error(index, name, value, _("含有不允许的控制字符。")))
            text[name] = value.replace("\x00", "")
    if not text["title"]:
        errors.append(_error(index, "title", raw.get("title"), _("标题不能为空。")))
    for name, limit in MAX_LENGTHS.items():
        if len(text[name]) > limit:
            errors.append(
                _error(index, name, text[name], _("内容过长，最多 %(n)d 个字。") % {"n": limit})
            )
    minutes = raw.get("duration_minutes")
    if minutes is not None and (type(minutes) is not int or not 0 <= minutes <= 7 * 24 * 60):
        message = _("时长应为 0 到 10080 之间的整数（分钟）。")
        errors.append(_error(index, "duration_minutes", _shown(minutes), message))
    materials = raw.get("materials_requested")
    if materials is not None and type(materials) is not bool:
        message = _("应为 true 或 false。")
        errors.append(_error(index, "materials_requested", _shown(materials), message))
    if errors:
        return None, errors
    line = LineInput(
        kind=kind,
        date=day,
        title=text["title"],
        counterpart=text["counterpart"],
        doc_no=text["doc_no"],
        genre=text["genre"],
        meeting_form=text["meeting_form"],
        duration_minutes=minutes,
        inspection_type=text["inspection_type"],
        materials_requested=materials,
        remarks=text["remarks"],
    )
    return line, []


def _replay(record: IdempotencyRecord, digest: str) -> PushResult:
    if record.request_sha256 != digest:
        return PushResult(
            409,
            {"detail": _("该幂等键已用于内容不同的另一次推送；新的推送请使用新的幂等键。")},
            replayed=True,
        )
    return PushResult(record.status_code, record.response, replayed=True)


def ledger_push(
    *,
    actor: Actor,
    unit: Unit,
    lines: list[dict[str, Any]],
    idempotency_key: str,
    partial: bool = False,
) -> PushResult:
    """Store a batch of lines for one unit (the caller has checked that the actor may)."""
    digest = request_digest(unit, lines, partial)
    try:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    record = IdempotencyRecord.objects.create(
                        county_id=unit.county_id,
                        unit=unit,
                        key=idempotency_key,
                        request_sha256=digest,
                    )
            except IntegrityError:
                record = None
            if record is None:
                existing = IdempotencyRecord.objects.get(unit=unit, key=idempotency_key)
                return _replay(existing, digest)
            result = _store(actor, unit, lines, idempotency_key, partial)
            if result.status != 200:
                raise _Refused(result)
            record.response = result.body
            record.status_code = result.status
            record.save(update_fields=["response", "status_code"])
            return result
    except _Refused as refused:
        return refused.result


def _store(
    actor: Actor, unit: Unit, lines: list[dict[str, Any]], key: str, partial: bool
) -> PushResult:
    received = len(lines)
    if not 1 <= received <= MAX_LINES:
        message = _("每次推送 1 到 %(n)d 条。") % {"n": MAX_LINES}
        return PushResult(422, _body(received, 0, 0, [_error(None, "lines", received, message)]))

    classifier = LineClassifier(unit.county)
    errors: list[dict] = []
    valid: list[tuple[int, dict, str]] = []  # (index, fields, external_id)
    for index, raw in enumerate(lines):
        line, line_errors = validate_line(index, raw)
        if line_errors:
            errors.extend(line_errors)
            continue
        fields = entry_fields(unit, line, classifier.classify(unit, line))
        valid.append((index, fields, str(raw.get("external_id") or "").strip()))
    if errors and not partial:
        return PushResult(422, _body(received, 0, 0, errors))

    # A concurrent push (another key, another channel) may store one of these lines between the
    # duplicate check and the insert; then the insert fails on the unique line constraint after the
    # other transaction committed, and the check runs again and sees its rows.
    for _attempt in range(RACE_RETRIES):
        existing = _existing_lines(unit, [f for _i, f, _e in valid])
        to_create, dup_of = _split(actor, valid, existing, key)
        try:
            with transaction.atomic():
                LedgerEntry.objects.bulk_create([e for _i, e in to_create], batch_size=BULK_BATCH)
                rollup_refresh_lines((e.county_id, e.unit_id, e.date) for _i, e in to_create)
            break
        except IntegrityError:
            continue
    else:
        message = _("其他请求同时登记了相同的条目，请用同一幂等键重新推送。")
        return PushResult(409, {"detail": message})

    created_by_key = {_line_key_of(e): e for _i, e in to_create}
    rows = [_pushed(i, e, "created") for i, e in to_create]
    for index, line_key in dup_of:
        target = existing.get(line_key) or created_by_key[line_key]
        rows.append(_pushed(index, target, "duplicate"))
    rows.sort(key=lambda r: r["index"])
    body = _body(received, len(to_create), len(dup_of), errors, rows)
    audit_record_many(
        actor,
        [
            AuditEntry(
                action="import",
                object_type="ledgers.ledgerentry",
                object_id="",
                object_repr=_("接口推送：%(unit)s") % {"unit": unit.name},
                after={
                    "unit": unit.code,
                    "idempotency_key": key,
                    "partial": partial,
                    "received": received,
                    "created": len(to_create),
                    "duplicates": len(dup_of),
                    "errors": len({e["index"] for e in errors}),
                },
                county_id=unit.county_id,
            )
        ],
    )
    return PushResult(200, body, created_ids=[e.pk for _i, e in to_create])


def _split(actor: Actor, valid: list, existing: dict, key: str) -> tuple[list, list]:
    """The lines to create (first of each key) and the duplicates (index, key)."""
    seen: set[str] = set()
    to_create: list[tuple[int, LedgerEntry]] = []
    dup_of: list[tuple[int, str]] = []
    for index, fields, external_id in valid:
        line_key = _line_key(fields)
        if line_key in existing or line_key in seen:
            dup_of.append((index, line_key))
            continue
        seen.add(line_key)
        entry = LedgerEntry(
            **fields,
            source=Source.API,
            idempotency_key=key[:128],
            created_by=actor.username[:150],
            extras={"external_id": external_id} if external_id else {},
        )
        to_create.append((index, entry))
    return to_create, dup_of


def _line_key(fields: dict) -> str:
    return fields["line_key"]  # computed by entry_fields (jianfu/ledgers/linekey.py)


def _line_key_of(entry: LedgerEntry) -> str:
    return entry.line_key


def _existing_lines(unit: Unit, fields: list[dict]) -> dict[str, LedgerEntry]:
    """The lines of this batch already in the ledger, by their duplicate key (one query)."""
    if not fields:
        return {}
    wanted = {_line_key(f) for f in fields}
    rows = LedgerEntry.objects.filter(
        unit=unit, date__in={f["date"] for f in fields}, line_key__in=wanted
    ).only("id", "line_key", "counted", "rule", "reason")
    return {k: e for e in rows if (k := _line_key_of(e)) in wanted}


def _pushed(index: int, entry: LedgerEntry, status: str) -> dict[str, Any]:
    return {
        "index": index,
        "id": entry.pk,
        "status": status,
        "counted": entry.counted,
        "rule": entry.rule,
        "reason": entry.reason,
    }


def _body(received, created, duplicates, errors, entries=None) -> dict[str, Any]:
    return {
        "received": received,
        "created": created,
        "duplicates": duplicates,
        "errors": errors,
        "entries": entries or [],
    }
