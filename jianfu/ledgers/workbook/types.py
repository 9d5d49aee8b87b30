"""Plain data the workbook reader returns: ledger rows, errors, per-sheet results, refusals."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# The six ledger kinds, in the order of the standard template (DESIGN.md 5.4).
KINDS: tuple[str, ...] = ("收文", "发文", "参会", "办会", "受检", "督查")
# What a unit receives (the counterpart is the originator) and what it produces itself.
RECEIVING_KINDS: frozenset[str] = frozenset({"收文", "参会", "受检"})
PRODUCING_KINDS: frozenset[str] = frozenset({"发文", "办会", "督查"})


class WorkbookRefused(Exception):
    """The whole file is refused: nothing in it can be imported.

    `code` is stable (tests, the API and the CLI rely on it); `message` is for people (Chinese).
    Codes: not_a_workbook, corrupted, password_protected, encoding, empty, too_large,
    too_many_rows, no_header.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class ReadLimits:
    """Size limits checked before any cell is parsed."""

    max_bytes: int = 50 * 1024 * 1024
    max_rows: int = 200_000  # rows over all sheets, as the sheets' used ranges report them


DEFAULT_LIMITS = ReadLimits()


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem with one cell (or one row, or a whole sheet when `row` is None).

    `column` is the header text as written in the file ("" when the problem is not one cell's),
    `value` the cell as text, `message` says in Chinese what is wrong and how to fix it.
    """

    sheet: str
    row: int | None
    column: str
    value: str
    message: str


@dataclass(slots=True)
class LedgerRow:
    """One line of a unit's daily ledger as read from the workbook; nothing stored yet.

    `row` is the Excel row number (1-based, title rows counted). `doc_no` is the 文号 as written,
    `doc_no_norm` and `title_norm` the normalised forms used for matching and deduplication.
    `extras` keeps every non-empty cell of a column the reader does not know, by header text.
    """

    sheet: str
    row: int
    kind: str
    date: dt.date
    counterpart: str
    doc_no: str
    doc_no_norm: str
    title: str
    title_norm: str
    genre: str
    meeting_form: str
    duration_minutes: int | None
    inspection_type: str
    materials_requested: bool | None
    remarks: str
    extras: dict[str, str]

    @property
    def dedup_key(self) -> tuple[str, dt.date, str, str]:
        return dedup_key(self)


def dedup_key(row: LedgerRow) -> tuple[str, dt.date, str, str]:
    """The identity of a ledger line within one unit: (kind, date, normalised 文号, title)."""
    return (row.kind, row.date, row.doc_no_norm, row.title_norm)


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a sheet's header.

    `field` is the ledger field the column feeds (date, counterpart, doc_no, title, genre,
    meeting_form, duration, inspection_type, materials, remarks, category), "seq" for an
    ignored 序号 column, or None for an unknown column kept in `LedgerRow.extras` under `header`.
    """

    index: int  # 0-based
    letter: str  # as Excel shows it: A, B, …, AA
    header: str  # as written (stripped, line breaks dropped; a two-level header's lower text)
    field: str | None


@dataclass(slots=True)
class Skipped:
    """Rows of a sheet that are not ledger lines and are not errors."""

    title_rows: int = 0  # rows above the header (and the header rows themselves)
    blank: int = 0
    notes: int = 0  # 备注：…, 填表说明, 填表人/审核人, 合计 …
    merged_continuation: int = 0  # rows made only of cells merged down from the row above
    repeated_header: int = 0


@dataclass(slots=True)
class SheetRead:
    """What one sheet gave.

    `kind` is the sheet's kind when the whole sheet has one (None when a 类别 column decides row
    by row, or when it cannot be determined); `kind_reason` explains in Chinese how the kind was
    determined (shown in the import preview). `header_row` is the Excel number of the last header
    row (None: no header found, the sheet was not read). `data_rows` counts the rows that are
    neither blank, notes nor title/header rows: each of them is in `rows` or has at least one
    error in `errors` (or the sheet is `blocked` by a sheet-level error, whose `row` is None).
    """

    name: str
    kind: str | None
    kind_reason: str
    header_row: int | None
    columns: list[Column]
    rows: list[LedgerRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    skipped: Skipped = field(default_factory=Skipped)
    data_rows: int = 0
    blocked: bool = False
    hidden: bool = False
    # Excel row number → (date, title) as typed, for every row with an error (shown with it)
    typed: dict[int, tuple[str, str]] = field(default_factory=dict)

    @property
    def column_map(self) -> dict[str, str | None]:
        """Header text → field, for display (duplicate headers get the column letter)."""
        result: dict[str, str | None] = {}
        for col in self.columns:
            key = col.header if col.header not in result else f"{col.header}（{col.letter}列）"
            result[key] = col.field
        return result


@dataclass(slots=True)
class WorkbookRead:
    """The whole workbook: every sheet, every row read, every error (never only the first)."""

    filename: str
    sheets: list[SheetRead]
    rows_total: int  # data rows over all sheets (LedgerRows + rows in error)
    errors: list[RowError]

    @property
    def rows(self) -> list[LedgerRow]:
        """Every sheet's ledger rows, in workbook order."""
        return [row for sheet in self.sheets for row in sheet.rows]

    @property
    def typed(self) -> dict[tuple[str, int], tuple[str, str]]:
        """(sheet, row) → (date, title) as typed, for the rows in error."""
        return {
            (sheet.name, row): texts for sheet in self.sheets for row, texts in sheet.typed.items()
        }
