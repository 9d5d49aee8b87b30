"""R15: the same file imported twice at the same moment stores each line once.

On PostgreSQL the two transactions race; on SQLite (a file database in the tests) IMMEDIATE
transactions and the busy timeout serialise them, and the re-check inside the transaction does
the rest. Either way each line is stored once.
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection

from jianfu.ledgers.models import LedgerEntry

from .helpers import HEKOU_ROWS, cli_actor, hekou_workbook


@pytest.mark.django_db(transaction=True)
def test_two_imports_of_one_file_at_once_store_each_line_once(units):
    from jianfu.ledgers.services.imports import ledger_import

    data = hekou_workbook()
    start = threading.Barrier(2)
    results, failures = [], []

    def run():
        try:
            start.wait(timeout=10)
            results.append(
                ledger_import(actor=cli_actor(), unit=units["hk"], data=data, filename="a.xlsx")
            )
        except Exception as exc:  # reported below: the test must see every failure
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not failures, failures
    assert sorted(r.imported for r in results) == [0, HEKOU_ROWS]
    assert all(r.rows == r.imported + r.duplicates for r in results)
    assert LedgerEntry.objects.filter(unit=units["hk"]).count() == HEKOU_ROWS


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite's writers take turns for the whole file"
)
@pytest.mark.django_db(transaction=True)
def test_an_import_holds_up_no_line_that_names_its_unit(units):
    """While an import into 县农业农村局 runs (its unit row locked so that imports into one
    unit take turns), a clerk can still save a line of that unit and a line of another unit
    whose counterpart is that unit: their foreign-key checks are not held up."""
    from jianfu.ledgers.classify import LineInput
    from jianfu.ledgers.services.entries import ledger_entry_create
    from jianfu.ledgers.services.imports import ledger_import

    inside, release = threading.Event(), threading.Event()
    results, failures = [], []

    def progress(stage: str, done: int, total: int) -> None:
        if stage == "store" and not inside.is_set():  # inside the import's transaction
            inside.set()
            release.wait(timeout=30)

    def run():
        try:
            results.append(
                ledger_import(
                    actor=cli_actor(),
                    unit=units["ny"],
                    data=hekou_workbook(),
                    filename="a.xlsx",
                    progress=progress,
                )
            )
        except Exception as exc:  # reported below
            failures.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    try:
        assert inside.wait(timeout=30)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '3s'")  # an error, not a hang, if held up
        day = dt.date(2025, 9, 1)
        own = ledger_entry_create(
            actor=cli_actor(),
            unit=units["ny"],
            line=LineInput(kind="发文", date=day, title="关于秋粮收购的通知"),
        )
        named = ledger_entry_create(
            actor=cli_actor(),
            unit=units["hk"],
            line=LineInput(
                kind="收文", date=day, title="关于秋粮收购的通知", counterpart="县农业农村局"
            ),
        )
    finally:
        release.set()
        thread.join(timeout=60)
    assert not failures, failures
    assert results[0].imported == HEKOU_ROWS
    assert named.counterpart_unit_id == units["ny"].pk
    assert LedgerEntry.objects.filter(unit=units["ny"]).count() == HEKOU_ROWS + 1
    assert LedgerEntry.objects.filter(pk=own.pk).exists()
