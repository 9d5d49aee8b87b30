"""Plain data the ledger import pipeline returns: preview lines, results, refusals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..models import ImportBatch
from ..workbook import RowError

# progress(stage, done, total): stage is one of "read", "classify", "store", "done".
Progress = Callable[[str, int, int], None]

# Line statuses in a preview.
NEW = "new"
DUPLICATE = "duplicate"
ERROR = "error"


class LedgerImportRefused(Exception):
    """The file as a whole is refused; nothing was stored.

    `code` is stable (not_a_workbook, corrupted, password_protected, encoding, empty, too_large,
    too_many_rows, no_header, zip_bomb); `message` is for people (Simplified Chinese).
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message

    def as_error(self, filename: str = "") -> dict[str, Any]:
        """The refusal in the shape of a row error (DESIGN.md 5.3 `errors` item)."""
        return {"sheet": "", "row": None, "column": "", "value": filename, "message": self.message}


# An error as DESIGN.md 5.3 lists it (the CLI and API output exactly these keys).
ERROR_KEYS = ("sheet", "row", "column", "value", "message")


def error_dict(
    error: RowError, typed: dict[tuple[str, int], tuple[str, str]] | None = None
) -> dict[str, Any]:
    """An error as a dict; with `typed` (WorkbookRead.typed), a row's error also carries the
    row's date and title as typed ("row_date", "row_title"), for the pages that list errors."""
    found: dict[str, Any] = {
        "sheet": error.sheet,
        "row": error.row,
        "column": error.column,
        "value": error.value,
        "message": error.message,
    }
    if typed and error.row is not None:
        texts = typed.get((error.sheet, error.row))
        if texts is not None:
            found["row_date"], found["row_title"] = texts
    return found


def plain_error(error: dict[str, Any]) -> dict[str, Any]:
    """Only the DESIGN.md 5.3 keys of an error dict."""
    return {key: error.get(key) for key in ERROR_KEYS}


@dataclass(slots=True)
class PreviewLine:
    """How one row of the workbook will be read and decided (or why it cannot be)."""

    sheet: str
    row: int | None
    kind: str = ""
    date: dt.date | None = None
    date_text: str = ""  # the date as typed, for a row in error
    counterpart: str = ""
    counterpart_unit_name: str = ""
    doc_no: str = ""
    title: str = ""
    counted: bool | None = None
    quota_charged: bool | None = None
    category: str = ""
    rule: str = ""
    reason: str = ""
    status: str = NEW  # new | duplicate | error
    errors: list[dict[str, Any]] = field(default_factory=list)


@dataclass(slots=True)
class PreviewSheet:
    """One sheet as the reader understood it: its kind and why, its header row, its counts."""

    name: str
    kind: str | None
    kind_reason: str
    header_row: int | None
    rows: int
    hidden: bool = False


@dataclass(slots=True)
class ImportPreview:
    """Every row of a staged workbook, read and classified, nothing stored.

    `lines` holds at most `limit` lines (the totals always count every row).
    """

    batch: ImportBatch
    lines: list[PreviewLine]
    sheets: list[PreviewSheet]
    rows: int
    new: int
    duplicates: int
    error_rows: int
    errors: list[dict[str, Any]]

    @property
    def totals(self) -> dict[str, int]:
        return {
            "rows": self.rows,
            "new": self.new,
            "duplicates": self.duplicates,
            "errors": self.error_rows,
        }


@dataclass(slots=True)
class ImportResult:
    """What an import did. Accounting holds: rows == imported + duplicates + error_rows.

    `refused` is true when nothing was stored (a row error without `partial`): the batch is kept
    (status refused, the original file and the errors with it, for the error workbook) but
    `as_dict()["batch"]` is null, since no ledger line refers to it.
    """

    batch: ImportBatch | None
    rows: int
    imported: int
    duplicates: int
    error_rows: int
    errors: list[dict[str, Any]]
    refused: bool = False
    # hidden sheets that were read, with their lines (a clerk may have forgotten them)
    hidden: list[tuple[str, int]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """Exactly DESIGN.md 5.3: {"batch", "rows", "imported", "duplicates", "errors"}."""
        return {
            "batch": None if self.refused or self.batch is None else self.batch.pk,
            "rows": self.rows,
            "imported": self.imported,
            "duplicates": self.duplicates,
            "errors": [plain_error(error) for error in self.errors],
        }

    @classmethod
    def for_refused_file(cls, refusal: LedgerImportRefused, filename: str) -> ImportResult:
        return cls(None, 0, 0, 0, 0, [refusal.as_error(filename)], refused=True)


PROGRESS_EVERY = 2000  # rows between two progress rows written to the batch


class ImportTracker:
    """Reports progress to the caller and, every PROGRESS_EVERY rows, to the batch row (which
    the browser polls)."""

    def __init__(self, batch: ImportBatch | None, callback: Progress | None) -> None:
        self.batch = batch
        self.callback = callback
        self.stage = ""
        self.written = -PROGRESS_EVERY

    def __call__(self, stage: str, done: int, total: int, *, store: bool = True) -> None:
        if self.callback is not None:
            self.callback(stage, done, total)
        if self.batch is None or not store:
            return
        if stage != self.stage or done - self.written >= PROGRESS_EVERY or done == total:
            ImportBatch.objects.filter(pk=self.batch.pk).update(
                progress_stage=stage, progress_done=done, progress_total=total
            )
            self.stage, self.written = stage, done
