"""The None and bool adapters (core/sqlite.py) bind exactly what the driver binds without them.

They exist for speed only (the driver's fallback for unregistered types is slow), so what must
hold is that they are in place once Django is set up and that they change nothing stored: None
is NULL, True and False are the integers 1 and 0, and every other type is bound as before.
"""

from __future__ import annotations

import sqlite3

from jianfu.core.sqlite import register_adapters


def test_registered_when_django_starts():
    adapters = sqlite3.adapters
    assert (type(None), sqlite3.PrepareProtocol) in adapters
    assert (bool, sqlite3.PrepareProtocol) in adapters


def test_values_are_stored_as_without_adapters():
    register_adapters()  # idempotent
    values = [None, True, False, 0, 7, 1.5, "", "关于做好防汛工作的通知", b"\x00\x01"]
    with sqlite3.connect(":memory:") as con:
        con.execute("CREATE TABLE t (n INTEGER PRIMARY KEY, v)")
        con.executemany("INSERT INTO t (n, v) VALUES (?, ?)", list(enumerate(values)))
        stored = con.execute("SELECT v, typeof(v) FROM t ORDER BY n").fetchall()
        # a many-parameter statement (the import's multi-row INSERT) binds them the same way
        marks = ", ".join(f"(?{i})" for i in range(1, len(values) + 1))
        sql = f"SELECT column1, typeof(column1) FROM (VALUES {marks})"  # noqa: S608
        again = con.execute(sql, values)
        assert again.fetchall() == stored
    assert stored == [
        (None, "null"),
        (1, "integer"),
        (0, "integer"),
        (0, "integer"),
        (7, "integer"),
        (1.5, "real"),
        ("", "text"),
        ("关于做好防汛工作的通知", "text"),
        (b"\x00\x01", "blob"),
    ]
