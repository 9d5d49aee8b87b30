"""R9: `jianfu audit purge --before DATE` never touches anything younger than 180 days, keeps the
chain verifiable (a chained `purge` record attests where it now starts), and refuses a broken
chain; and a mutation test: altering any column of any record is found by the verifier."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection

from jianfu.core.actor import Actor
from jianfu.core.audit import audit_record, audit_verify
from jianfu.core.models import AuditEvent

pytestmark = pytest.mark.django_db
TABLE = AuditEvent._meta.db_table
NOW = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)  # 10:00 in Asia/Shanghai


def raw(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def record_at(moment: datetime, n: int = 1) -> list[AuditEvent]:
    with time_machine.travel(moment, tick=False):
        return [audit_record(Actor.command(), "export", object_id=str(i)) for i in range(n)]


def purge(*args) -> tuple[int, dict | str]:
    out = StringIO()
    try:
        call_command("audit", "purge", *args, "--json", stdout=out, stderr=StringIO())
    except CommandError as exc:
        return exc.returncode, str(exc)
    return 0, json.loads(out.getvalue())


def history() -> dict[str, list[AuditEvent]]:
    return {
        "old": record_at(NOW - timedelta(days=400), 3),
        "older_than_180": record_at(NOW - timedelta(days=200), 2),
        "recent": record_at(NOW - timedelta(days=30), 2),
    }


def test_nothing_younger_than_180_days_can_be_purged():
    history()
    with time_machine.travel(NOW, tick=False):
        code, message = purge("--before", "2025-09-03")  # 179 days before 2026-03-01
        assert code == 1 and "180 天以内" in message and "2025-09-02" in message
        code, message = purge("--before", "2026-03-01")
        assert code == 1
    assert AuditEvent.objects.count() == 7 and not AuditEvent.objects.filter(action="purge")


def test_purge_keeps_the_chain_verifiable_and_is_itself_recorded():
    events = history()
    with time_machine.travel(NOW, tick=False):
        code, result = purge("--before", "2025-09-02")
    assert code == 0
    assert result["deleted"] == 5
    assert result["first_kept_id"] == events["recent"][0].id
    remaining = list(AuditEvent.objects.order_by("id"))
    assert [e.id for e in remaining[:2]] == [e.id for e in events["recent"]]
    record = remaining[-1]
    assert record.action == "purge" and record.after["last_purged_hash"] == (
        events["older_than_180"][-1].hash
    )
    report = audit_verify()
    assert report.ok and report.checked == 3
    # A later purge (the first purge record is old by then) keeps the chain verifiable too.
    later = NOW + timedelta(days=400)
    record_at(later - timedelta(days=1))
    with time_machine.travel(later, tick=False):
        code, result = purge("--before", (later - timedelta(days=190)).date().isoformat())
    assert code == 0 and result["deleted"] == 3
    assert audit_verify().ok


def test_a_forged_purge_is_caught():
    events = history()
    with time_machine.travel(NOW, tick=False):
        purge("--before", "2025-09-02")
    record = AuditEvent.objects.get(action="purge")
    forged = dict(record.after, deleted=1)
    raw(f"UPDATE {TABLE} SET after = %s WHERE id = %s", [json.dumps(forged), record.id])  # noqa: S608
    report = audit_verify()
    assert not report.ok and report.first_bad_id == record.id
    # Deleting old records without the purge command (no attestation) is named too.
    raw(f"DELETE FROM {TABLE} WHERE id = %s", [events["recent"][0].id])  # noqa: S608
    assert audit_verify().first_bad_id == events["recent"][1].id


def test_a_broken_chain_is_not_purged():
    events = history()
    raw(f"UPDATE {TABLE} SET username = %s WHERE id = %s", ["x", events["old"][1].id])  # noqa: S608
    with time_machine.travel(NOW, tick=False):
        code, message = purge("--before", "2025-09-02")
    assert code == 1 and "已损坏" in message
    assert AuditEvent.objects.count() == 7


def test_a_bad_date_is_a_usage_error():
    assert purge("--before", "last year")[0] == 2


# --- mutation test ---------------------------------------------------------------------------


def mutated(field, value):
    internal = field.get_internal_type()
    if internal in ("CharField", "TextField"):
        return (value or "") + "x" if field.name not in ("hash", "prev_hash") else "e" * 64
    if internal in ("BigIntegerField", "IntegerField"):
        return (value or 0) + 1
    if internal == "DateTimeField":
        return value + timedelta(microseconds=1)
    if internal == "GenericIPAddressField":
        return "10.99.99.99" if value != "10.99.99.99" else "10.99.99.98"
    if internal == "JSONField":
        return json.dumps({"tampered": True})
    raise AssertionError(f"no mutation for {field.name} ({internal})")


COLUMNS = [f for f in AuditEvent._meta.concrete_fields if f.name != "id"]


@pytest.mark.parametrize("field", COLUMNS, ids=[f.name for f in COLUMNS])
def test_altering_any_column_of_any_row_is_found(field):
    events = [
        audit_record(
            Actor(channel="web", username=f"u{i}", ip="10.0.0.1"),
            "update",
            object_type="ledgers.ledgerentry",
            object_id=str(i),
            object_repr=f"条目{i}",
            before={"title": "旧"},
            after={"title": "新"},
            county_id=1,
        )
        for i in range(4)
    ]
    for index, event in enumerate(events):
        original = AuditEvent.objects.filter(pk=event.pk).values_list(field.attname, flat=True)[0]
        value = mutated(field, original)
        if field.get_internal_type() == "DateTimeField" and connection.vendor == "sqlite":
            value = value.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")
        raw(f"UPDATE {TABLE} SET {field.column} = %s WHERE id = %s", [value, event.pk])  # noqa: S608
        report = audit_verify()
        assert not report.ok, (field.name, index)
        assert report.first_bad_id == event.pk, (field.name, index)
        restore = original
        if field.get_internal_type() == "JSONField":
            restore = json.dumps(original) if original is not None else None
        elif field.get_internal_type() == "DateTimeField" and connection.vendor == "sqlite":
            restore = original.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")
        raw(f"UPDATE {TABLE} SET {field.column} = %s WHERE id = %s", [restore, event.pk])  # noqa: S608
        assert audit_verify().ok, (field.name, index)
