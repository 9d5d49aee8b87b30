"""SQLite: multi-row INSERTs run by a second thread while the caller builds the next rows.

One statement inserts up to ROWS_PER_STATEMENT lines: the driver binds them in one call and
SQLite then inserts them with the GIL released, so that the writer thread's database work
overlaps the Python of the caller, which builds the next lines' values (import_insert.py).
(`executemany` would take and release the GIL once per line, and the two threads would only
take turns.) Binding holds the GIL, and it is most of the driver's cost: the columns that are
the same for the whole batch (unit, batch, who, when …) are bound once per statement as
numbered parameters (?1 …) that every row names again, a quarter fewer values to bind.
The writer uses the caller's connection, inside its transaction (Django's thread sharing; the
caller does not touch the connection meanwhile). While it runs, the GIL changes hands within
1 ms instead of Python's 5 ms (`quick_handoffs`, core/threads.py): after each statement the
writer waits for the GIL the caller holds, and by the default it waited longer than SQLite
worked (ADR 0004).
An error in the writer stops the work and is raised by `close`; the caller's transaction then
rolls everything back.
"""

from __future__ import annotations

import queue
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections

from jianfu.core.threads import quick_handoffs

# lines per multi-row INSERT on SQLite (fewer when its parameter limit is lower, see below)
ROWS_PER_STATEMENT = 300
BACKLOG = 4  # statements built ahead of the writer
CACHE_KIB = 256 * 1024  # SQLite's page cache while an import writes: 256 MiB (the default is 2)


@contextmanager
def page_cache(kib: int = CACHE_KIB) -> Iterator[None]:
    """On SQLite, a page cache of `kib` KiB for the block (a no-op on other databases).

    The ledger's indexes take a new line each; with the default 2 MiB the pages they need are
    read back again and again. Wrap the whole transaction: the size is restored after the
    commit, because a smaller cache with the import's pages still dirty makes the next
    statement spill them to the WAL one by one (~55 ms more at 100,000 lines, measured).
    """
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA cache_size = {-int(kib)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {before}")


class SqliteInserts:
    """Feed rows of values (`put`), then `close` (waits for the writer, raises its error).

    `sql` is one row's `INSERT … VALUES (%s, …) ON CONFLICT …`; at most BACKLOG statements wait
    for the writer. `fixed` are the values of `sql`'s last columns, the same for every row: the
    rows put carry only the columns before them.
    `inserted` is what SQLite took (ON CONFLICT DO NOTHING drops a line stored concurrently).
    """

    def __init__(self, sql: str, *, limit: int | None = None, fixed: Sequence[Any] = ()) -> None:
        head, _values, tail = sql.partition(" VALUES ")
        self._head = head
        self._width = tail[: tail.index(")") + 1].count("%s") - len(fixed)  # values put per row
        self._fixed = list(fixed)
        self._upsert = tail[tail.index(")") + 1 :]
        self._statements: dict[int, str] = {}
        self._db = db = connections[DEFAULT_DB_ALIAS]  # the caller's connection, lent
        room = _max_params(db) - len(self._fixed)
        self.step = max(1, min(ROWS_PER_STATEMENT, limit or ROWS_PER_STATEMENT,
                               room // max(self._width, 1)))  # fmt: skip
        self._pending: queue.Queue[tuple[int, list[Any]] | None] = queue.Queue(maxsize=BACKLOG)
        self._failed: list[BaseException] = []
        self._buffer: list[Sequence[Any]] = []
        db.validate_no_broken_transaction()
        self._changes = db.connection.total_changes
        db.inc_thread_sharing()
        self._handoffs = quick_handoffs()
        self._handoffs.__enter__()
        self._thread = threading.Thread(target=self._run, name="ledger-import-writer", daemon=True)
        self._thread.start()
        self._closed = False
        self.inserted = 0

    @property
    def failed(self) -> bool:
        return bool(self._failed)

    def put(self, rows: list[Sequence[Any]]) -> None:
        """Queue rows; full statements go to the writer, the rest waits for more or `close`."""
        buffer = self._buffer
        buffer.extend(rows)
        step = self.step
        while len(buffer) >= step and not self._failed:
            self._send(buffer[:step])
            del buffer[:step]

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            if self._buffer and not self._failed:
                self._send(self._buffer)
            self._buffer = []
        finally:
            self._pending.put(None)
            self._thread.join()
            self._db.dec_thread_sharing()
            self._handoffs.__exit__(None, None, None)
        if self._failed:
            raise self._failed[0]
        self.inserted = self._db.connection.total_changes - self._changes

    def __enter__(self) -> SqliteInserts:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _send(self, rows: Sequence[Sequence[Any]]) -> None:
        params: list[Any] = self._fixed.copy()
        for row in rows:
            params.extend(row)
        self._pending.put((len(rows), params))

    def _statement(self, n: int) -> str:
        """`n` rows' INSERT: numbered parameters, the fixed values first (?1 …), bound once
        per statement and named again in every row."""
        if n not in self._statements:
            width, fixed = self._width, len(self._fixed)
            tail = "".join(f", ?{i}" for i in range(1, fixed + 1))
            rows = []
            for r in range(n):
                first = fixed + r * width + 1
                marks = ", ".join(f"?{i}" for i in range(first, first + width))
                rows.append(f"({marks}{tail})")
            self._statements[n] = f"{self._head} VALUES {', '.join(rows)}{self._upsert}"
        return self._statements[n]

    def _run(self) -> None:
        pending = self._pending
        try:
            # the driver's cursor: Django's would rewrite the long statement every time
            with self._db.wrap_database_errors:
                cursor = self._db.connection.cursor()
                try:
                    while (item := pending.get()) is not None:
                        count, params = item
                        cursor.execute(self._statement(count), params)
                finally:
                    cursor.close()
        except BaseException as exc:  # raised by `close` in the caller's thread
            self._failed.append(exc)
            while pending.get() is not None:  # let the caller finish putting
                pass


def _max_params(db: Any) -> int:
    """How many parameters this SQLite binds per statement (999 unless built with more)."""
    db.ensure_connection()
    try:
        return int(db.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))
    except (AttributeError, sqlite3.Error):
        return 999
