"""While the SQLite writer thread runs, the GIL changes hands quickly; afterwards, as before.

`quick_handoffs` (import_sqlite.py) lowers Python's switch interval for as long as at least one
writer runs, and restores it when the last one finishes, whether it succeeded or failed.
"""

from __future__ import annotations

import sys
import threading

import pytest
from django.db import DatabaseError, connection

from jianfu.core.actor import Actor
from jianfu.core.threads import HANDOFF_S, quick_handoffs
from jianfu.ledgers.services import import_sqlite, imports
from jianfu.ledgers.services.import_sqlite import SqliteInserts
from jianfu.ledgers.services.imports import ledger_import
from jianfu.ledgers.workbook import source
from jianfu.ledgers.workbook.reader import read_workbook
from tests.ledgers.workbooks import xlsx

ROWS = [["收文日期", "来文单位", "文件标题"]] + [
    [f"2025-03-{day:02d}", "县委办公室", f"关于第{day}项工作的通知"] for day in range(1, 29)
]


@pytest.fixture
def interval():
    before = sys.getswitchinterval()
    sys.setswitchinterval(0.005)
    yield 0.005
    sys.setswitchinterval(before)


def test_overlapping_writers_share_one_lowering_and_the_last_restores_it(interval):
    first, second = quick_handoffs(), quick_handoffs()
    first.__enter__()
    assert sys.getswitchinterval() == pytest.approx(HANDOFF_S)
    second.__enter__()
    first.__exit__(None, None, None)
    assert sys.getswitchinterval() == pytest.approx(HANDOFF_S)  # the second still runs
    second.__exit__(None, None, None)
    assert sys.getswitchinterval() == pytest.approx(interval)


def test_a_failure_restores_the_interval_and_a_lower_one_is_kept(interval):
    with pytest.raises(RuntimeError), quick_handoffs():
        raise RuntimeError("the writer failed")
    assert sys.getswitchinterval() == pytest.approx(interval)
    sys.setswitchinterval(HANDOFF_S / 2)
    with quick_handoffs():
        assert sys.getswitchinterval() == pytest.approx(HANDOFF_S / 2)  # never raised


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite writer thread")
def test_the_writer_runs_with_quick_handoffs_and_the_import_restores_them(
    units, interval, monkeypatch
):
    seen: list[float] = []
    run = SqliteInserts._run

    def watched(self):
        seen.append(sys.getswitchinterval())
        assert threading.current_thread().name == "ledger-import-writer"
        run(self)

    monkeypatch.setattr(SqliteInserts, "_run", watched)
    monkeypatch.setattr(imports, "CHUNK", 5)  # more lines than a chunk: the writer thread
    result = ledger_import(
        actor=Actor.command(), unit=units["hk"], data=xlsx({"收文": ROWS}), filename="a.xlsx"
    )
    assert result.imported == len(ROWS) - 1
    assert seen == [pytest.approx(HANDOFF_S)]
    assert sys.getswitchinterval() == pytest.approx(interval)


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite writer thread")
def test_a_failing_writer_restores_the_interval_and_stores_nothing(units, interval, monkeypatch):
    def broken(self, n):
        raise import_sqlite.sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(SqliteInserts, "_statement", broken)
    monkeypatch.setattr(imports, "CHUNK", 5)
    with pytest.raises(DatabaseError, match="disk I/O error"):
        ledger_import(
            actor=Actor.command(), unit=units["hk"], data=xlsx({"收文": ROWS}), filename="a.xlsx"
        )
    assert sys.getswitchinterval() == pytest.approx(interval)
    assert not units["hk"].ledger_entries.exists()


def test_the_workbook_reader_decodes_with_quick_handoffs(interval, monkeypatch):
    seen: list[tuple[str, float]] = []
    load = source._load_calamine

    def watched(data, limits):
        seen.append((threading.current_thread().name, sys.getswitchinterval()))
        yield from load(data, limits)

    monkeypatch.setattr(source, "_load_calamine", watched)
    read = read_workbook(xlsx({"收文": ROWS}), "a.xlsx")
    assert len(read.rows) == len(ROWS) - 1
    assert seen == [("workbook-reader", pytest.approx(HANDOFF_S))]
    assert sys.getswitchinterval() == pytest.approx(interval)
