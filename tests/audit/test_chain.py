"""R9: the audit trail cannot be altered through the application, and `audit_verify` names the
first record that was altered or removed behind its back (raw SQL)."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from jianfu.core.actor import Actor
from jianfu.core.audit import AuditEntry, audit_record, audit_record_many, audit_verify
from jianfu.core.models import AuditEvent

pytestmark = pytest.mark.django_db
TABLE = AuditEvent._meta.db_table


def chain(n: int = 5) -> list[AuditEvent]:
    actor = Actor.system("test")
    return [
        audit_record(
            actor,
            "config",
            object_type="core.setting",
            object_id=str(i),
            before={"value": i},
            after={"value": i + 1},
        )
        for i in range(n)
    ]


def raw(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_an_intact_chain_verifies():
    events = chain()
    report = audit_verify()
    assert report.ok and report.checked == len(events) and report.first_bad_id is None


def test_an_empty_chain_verifies():
    assert audit_verify().ok


def test_batches_make_no_difference():
    chain(7)
    assert audit_verify(batch_size=2).ok
    assert audit_verify(batch_size=2).checked == 7


def test_bulk_appends_chain_too():
    entries = [
        AuditEntry(action="import", object_type="ledgers.entry", object_id=str(i))
        for i in range(10)
    ]
    audit_record_many(Actor.system("test"), entries)
    chain(2)
    assert audit_verify().checked == 12


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("object_repr", "nothing happened"),
        ("username", "someone_else"),
        ("result", "failure"),
        ("after", '{"value": 999}'),
        ("at", "2020-01-01 00:00:00"),
    ],
)
def test_a_raw_update_is_named(column, value):
    events = chain()
    target = events[2]
    raw(f"UPDATE {TABLE} SET {column} = %s WHERE id = %s", [value, target.id])  # noqa: S608
    report = audit_verify()
    assert not report.ok
    assert report.first_bad_id == target.id
    assert report.problem == "altered"
    assert report.checked == 2


def test_a_rewritten_hash_is_caught_at_the_next_record():
    events = chain()
    raw(
        f"UPDATE {TABLE} SET object_repr = %s, hash = %s WHERE id = %s",  # noqa: S608
        ["forged", "f" * 64, events[1].id],
    )
    report = audit_verify()
    assert report.first_bad_id == events[1].id  # its hash no longer matches its content


def test_a_raw_delete_in_the_middle_names_the_next_record():
    events = chain()
    raw(f"DELETE FROM {TABLE} WHERE id = %s", [events[2].id])  # noqa: S608
    report = audit_verify()
    assert not report.ok
    assert report.first_bad_id == events[3].id
    assert report.problem == "missing_before"


def test_deleting_the_first_record_is_caught():
    events = chain()
    raw(f"DELETE FROM {TABLE} WHERE id = %s", [events[0].id])  # noqa: S608
    assert audit_verify().first_bad_id == events[1].id


def test_orm_update_is_refused():
    chain(2)
    with pytest.raises(PermissionError):
        AuditEvent.objects.update(object_repr="x")
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(action="config").update(result="failure")


def test_orm_delete_is_refused():
    events = chain(2)
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=events[0].pk).delete()
    with pytest.raises(PermissionError):
        events[0].delete()
    assert AuditEvent.objects.count() == 2


def test_saving_an_existing_record_is_refused():
    event = chain(1)[0]
    event.object_repr = "changed"
    with pytest.raises(PermissionError):
        event.save()
    loaded = AuditEvent.objects.get(pk=event.pk)
    loaded.result = "failure"
    with pytest.raises(PermissionError):
        loaded.save(update_fields=["result"])


def test_bulk_update_and_the_base_manager_are_refused():
    events = chain(2)
    for event in events:
        event.object_repr = "changed"
    with pytest.raises(PermissionError), transaction.atomic():
        AuditEvent.objects.bulk_update(events, ["object_repr"])
    with pytest.raises(PermissionError):
        AuditEvent._base_manager.all().delete()
    with pytest.raises(PermissionError):
        AuditEvent._default_manager.update(result="x")
    assert audit_verify().ok


def test_unknown_actions_are_refused():
    with pytest.raises(ValueError, match="unknown audit action"):
        audit_record(Actor.system(), "made_up")
    assert AuditEvent.objects.count() == 0


def test_secrets_are_masked_in_snapshots():
    event = audit_record(
        Actor.system(),
        "update",
        object_type="org.user",
        before={"password": "old-secret", "name": "a"},
        after={"password": "new-secret", "token": "t0k", "name": "b"},
    )
    assert event.before == {"password": "***", "name": "a"}
    assert event.after == {"password": "***", "token": "***", "name": "b"}
    assert audit_verify().ok
