"""Storing imported ledger lines in bulk; a line stored meanwhile is a duplicate (ADR 0004).

Why not `bulk_create`: on SQLite Django caps a statement at 999 parameters, i.e. 31 ledger lines
per INSERT, and prepares every value through the field machinery: measured at 0.5 ms a line
(50 s for 100,000 lines, against 1 s to read the file). Here the columns come from the model's
own fields (a field added later is filled with its default), values are adapted once per type
(and once per distinct decision), and the statements are the driver's: on SQLite multi-row
INSERTs run by a writer thread while the next lines are built (`_sqlite_all`), on PostgreSQL
COPY into the ledger (`_copy_all`), for a few lines `executemany` (`write`).
`ON CONFLICT DO NOTHING` (SQLite ≥ 3.24, PostgreSQL; after a failed COPY, PostgreSQL's staging
table) makes a line that a concurrent import stored first a duplicate instead of an error,
exactly like `bulk_create(ignore_conflicts=True)`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from ..classify import Classified
from ..linekey import unit_line_key
from ..models import LedgerEntry, Source
from ..workbook import LedgerRow
from .import_sqlite import SqliteInserts
from .rollup import RollupDelta

# Decision columns of an exported ledger (exports.DECISION_HEADERS): derived again on import,
# never kept as the line's own facts.
DERIVED_HEADERS = frozenset({"计入统计", "占用数额", "统计类别", "规则", "理由"})

STAGING = "ledgers_import_staging"  # the temporary table of a PostgreSQL import

# The columns that differ from line to line, in the order `_values` returns them: the line's
# own facts, then its decision (the same tuple for every line with the same decision).
VARYING = (
    "line_key",
    "kind",
    "date",
    "counterpart",
    "doc_no",
    "doc_no_norm",
    "title",
    "title_norm",
    "genre",
    "meeting_form",
    "duration_minutes",
    "inspection_type",
    "materials_requested",
    "remarks",
    "extras",
    "source_sheet",
    "source_row",
    "counterpart_unit_id",
    "originator_level",
    "counted",
    "quota_charged",
    "category",
    "rule",
    "reason",
    "ruleset_version",
)


class EntryWriter:
    """Writes the lines of one import batch; build once per batch, then `write_all` (or `write`
    per chunk) inside the caller's transaction (on SQLite, under `import_sqlite.page_cache`)."""

    def __init__(
        self,
        *,
        county_id: int,
        unit_id: int,
        batch_id: int,
        username: str,
        decide: Callable[[LedgerRow], Classified] | None = None,
    ) -> None:
        self._decide = decide  # for lines given without their decision (None)
        meta = LedgerEntry._meta
        fields = {f.attname: f for f in meta.concrete_fields if not f.primary_key}
        now = timezone.now()
        given: dict[str, Any] = {
            "county_id": county_id,
            "unit_id": unit_id,
            "batch_id": batch_id,
            "source": str(Source.IMPORT),
            "created_by": username[:150],
            "created_at": now,
            "updated_at": now,
        }
        static: dict[str, Any] = {}
        for name, field in fields.items():
            if name in VARYING:
                continue
            # a field this writer does not know gets its default ("" for text, None when null)
            value = given[name] if name in given else field.get_default()
            static[name] = field.get_db_prep_save(value, connection)
        self._static = tuple(static.values())
        self._key = unit_line_key(unit_id)
        # Decider shares one Classified among equal lines: their columns are built once (the
        # objects stay alive in the caller's list, so their ids are not reused meanwhile)
        self._decided: dict[int, tuple] = {}
        self._rolled: dict[int, tuple] = {}  # the rollup's decision dimensions, per decision
        self.delta = RollupDelta()  # the rollup of the lines built so far (rollup.rollup_add)
        self.inserted = 0  # lines the database took (ON CONFLICT DO NOTHING may drop some)
        self._days: dict[Any, Any] = {}
        self._extras_field = fields["extras"]
        # JSON text: both databases take it for the column, and COPY then dumps nothing per line
        self._no_extras = "{}"
        self._adapt_date = connection.ops.adapt_datefield_value
        # SQLite stores a flag as the integer 1 or 0, and binds an int fastest (core/sqlite.py)
        self._flag = int if connection.vendor == "sqlite" else bool
        quote = connection.ops.quote_name
        # Table and column names come from the model; every value is a parameter.
        columns = ", ".join(quote(c) for c in (*VARYING, *static))
        marks = ", ".join(["%s"] * (len(VARYING) + len(static)))
        table = quote(meta.db_table)
        self.sql = f"INSERT INTO {table} ({columns}) VALUES ({marks}) ON CONFLICT DO NOTHING"  # noqa: S608
        # PostgreSQL: COPY into the ledger; after a conflict, COPY into a temporary table and
        # one INSERT … SELECT … ON CONFLICT (`_copy_all`)
        self._pg = [
            f"COPY {table} ({columns}) FROM STDIN",
            f"CREATE TEMPORARY TABLE {STAGING} ON COMMIT DROP AS "  # noqa: S608
            f"SELECT {columns} FROM {table} WITH NO DATA",
            f"COPY {STAGING} ({columns}) FROM STDIN",
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {STAGING} "  # noqa: S608
            "ON CONFLICT DO NOTHING",
            f"DROP TABLE {STAGING}",
        ]

    def write(self, lines: Iterable[tuple[str | None, LedgerRow, Classified | None]]) -> None:
        """Insert (line key, row, decision) triples: one executemany. A key of None is computed
        here (linekey.py)."""
        static = self._static
        rows = [row + static for row in self.values(lines)]
        if rows:
            with connection.cursor() as cursor:
                changes = _total_changes()
                cursor.executemany(self.sql, rows)
                if changes is None:
                    self.inserted += max(cursor.rowcount, 0)
                else:  # SQLite's executemany rowcount counts the dropped lines as well
                    self.inserted += _total_changes() - changes

    def write_all(
        self,
        lines: list[tuple[str | None, LedgerRow, Classified | None]],
        chunk: int,
        progress: Callable[[int, int], None] | None = None,
    ) -> None:
        """Insert every line, in chunks of `chunk` (each reported to `progress`).

        PostgreSQL: COPY (`_copy_all`). SQLite: `_sqlite_all`. Small batches: `write` per chunk.
        """
        total = len(lines)
        if total > chunk and connection.vendor == "postgresql":
            self._copy_all(lines, chunk, progress)
        elif total > chunk and connection.vendor == "sqlite":
            self._sqlite_all(lines, chunk, progress)
        else:
            for start in range(0, total, chunk):
                self.write(lines[start : start + chunk])
                if progress is not None:
                    progress(min(start + chunk, total), total)

    def _sqlite_all(
        self,
        lines: list[tuple[str | None, LedgerRow, Classified | None]],
        chunk: int,
        progress: Callable[[int, int], None] | None,
    ) -> None:
        """SQLite: multi-row INSERTs from a writer thread while this one builds the next rows
        (import_sqlite.py)."""
        total = len(lines)
        with SqliteInserts(self.sql, limit=chunk, fixed=self._static) as sink:
            step = sink.step
            for start in range(0, total, step):
                if sink.failed:
                    break
                sink.put(self.values(lines[start : start + step]))
                done = min(start + step, total)
                if progress is not None and (done % chunk < step or done == total):
                    progress(done, total)
        self.inserted += sink.inserted

    def _copy_all(
        self,
        lines: list[tuple[str | None, LedgerRow, Classified | None]],
        chunk: int,
        progress: Callable[[int, int], None] | None,
    ) -> None:
        """PostgreSQL: COPY (no statement per row) straight into the ledger, in a savepoint; the
        server stores the rows as they stream in, while this thread builds the next ones.

        COPY knows no ON CONFLICT. Should a line be in the ledger already (stored by another
        writer after this import looked), the savepoint is rolled back and the rows go again,
        by COPY into a temporary table of the same columns and then into the ledger with one
        INSERT … ON CONFLICT DO NOTHING: such a line is a duplicate, never an error.
        """
        from psycopg.errors import UniqueViolation

        direct, create, staged, insert, drop = self._pg
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                self._copy(cursor, direct, lines, chunk, progress)
            self.inserted += len(lines)
            return
        except UniqueViolation:
            self.delta = RollupDelta()  # the rows are built again, and counted again
        with connection.cursor() as cursor:
            cursor.execute(create)
            self._copy(cursor, staged, lines, chunk, progress)
            cursor.execute(insert)
            self.inserted += max(cursor.rowcount, 0)
            cursor.execute(drop)

    def _copy(
        self,
        cursor: Any,
        sql: str,
        lines: list[tuple[str | None, LedgerRow, Classified | None]],
        chunk: int,
        progress: Callable[[int, int], None] | None,
    ) -> None:
        total = len(lines)
        static = self._static
        with cursor.cursor.copy(sql) as copy:
            for start in range(0, total, chunk):
                for row in self.values(lines[start : start + chunk]):
                    copy.write_row(row + static)
                if progress is not None:
                    progress(min(start + chunk, total), total)

    def values(self, lines: Iterable[tuple[str | None, LedgerRow, Classified | None]]) -> list:
        """The lines' `VARYING` columns (the batch's fixed columns follow them in `sql`)."""
        row_values = self._values
        return [row_values(key, row, classified) for key, row, classified in lines]

    def _values(
        self, key: str | None, row: LedgerRow, classified: Classified | None
    ) -> Sequence[Any]:
        if classified is None:
            assert self._decide is not None, "a line without its decision needs `decide`"
            classified = self._decide(row)
        if key is None:
            key = self._key(row.kind, row.date, row.doc_no_norm, row.title_norm)
        decided = self._decided.get(id(classified))
        if decided is None:
            decided = self._decided[id(classified)] = self._decision_values(classified)
            decision = classified.decision
            self._rolled[id(classified)] = (
                decided[4],
                decided[5],
                decision.counted,
                decision.quota_charged,
                decided[0],
            )
        day = self._days.get(row.date)
        if day is None:
            day = self._days[row.date] = self._adapt_date(row.date)
        extras = self._no_extras
        if row.extras:
            kept = {_t(k): _t(v) for k, v in row.extras.items() if k not in DERIVED_HEADERS}
            if kept:
                extras = self._extras_field.get_db_prep_save(kept, connection)
        genre = row.genre or classified.decision.genre
        texts = (
            row.counterpart,
            row.doc_no,
            row.doc_no_norm,
            row.title,
            row.title_norm,
            genre,
            row.meeting_form,
            row.inspection_type,
            row.remarks,
            row.sheet,
        )
        if "\x00" in "".join(texts):  # rare: replace NUL in every text column (see `_t`)
            texts = tuple(_t(text) for text in texts)
        counterpart, doc_no, doc_no_norm, title, title_norm, genre, form, itype, remarks, sheet = (
            texts
        )
        form = form[:32]
        self.delta.add(
            row.date,
            row.kind,
            self._rolled[id(classified)],
            row.duration_minutes,
            form,
            row.materials_requested,
        )
        return (
            key,
            row.kind,
            day,
            counterpart[:255],
            doc_no[:128],
            doc_no_norm[:128],
            title[:500],
            title_norm[:500],
            genre[:32],
            form,
            row.duration_minutes,
            itype[:32],
            row.materials_requested,
            remarks[:500],
            extras,
            sheet[:64],
            row.row,
            *decided,
        )

    def _decision_values(self, classified: Classified) -> tuple:
        """The decision columns, once per distinct decision."""
        decision = classified.decision
        flag = self._flag
        return (
            classified.counterpart_unit_id,
            classified.originator_level,
            flag(decision.counted),
            flag(decision.quota_charged),
            decision.category[:16],
            decision.rule,
            _t(decision.reason)[:500],
            decision.ruleset_version,
        )


def _total_changes() -> int | None:
    """SQLite: rows changed on this connection since it opened; None on other databases."""
    if connection.vendor != "sqlite":
        return None
    connection.ensure_connection()
    return connection.connection.total_changes


def _t(text: str) -> str:
    """Text a database column can hold: PostgreSQL refuses NUL (a CSV may carry one)."""
    return text.replace("\x00", "\ufffd") if "\x00" in text else text
