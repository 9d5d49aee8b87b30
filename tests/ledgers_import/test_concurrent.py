"""R15: the same file imported twice at the same moment stores each line once.

On PostgreSQL the two transactions race; on SQLite (a file database in the tests) IMMEDIATE
transactions and the busy timeout serialise them, and the re-check inside the transaction does
the rest. Either way each line is stored once.
"""

from __future__ import annotations

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
