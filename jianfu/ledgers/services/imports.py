"""The ledger import pipeline shared by the web import, the CLI and the API (DESIGN.md 5.3).

stage (check the file, keep the original, create the batch) → preview (read, classify, find
duplicates; nothing stored) → commit (store the new lines in one transaction, or refuse).
`ledger_import` is stage + commit in one call, reading the workbook once.

The bulk path: rows are read by the pure workbook reader, deduplicated within the file and
against the ledger (one query for the file's date range, answered by the unique index on unit,
date and line key), decided with one `LineClassifier` and a decision cache keyed by the line
(identical lines recur), and stored by `EntryWriter` (import_insert.py: multi-row INSERTs from a
writer thread on SQLite, COPY on PostgreSQL; ADR 0004); one audit record per batch, never one
per line.

Accounting: rows == imported + duplicates + error rows. A file with any row error stores nothing
unless `partial` (then only its valid, new rows); the refused attempt keeps its batch (status
refused, the original file and the errors with it) so that the error workbook can be downloaded.
"""

from __future__ import annotations

import hashlib

from django.db import transaction

from jianfu.core.actor import Actor
from jianfu.core.audit import AuditEntry, audit_record_many
from jianfu.core.text import remembered_halfwidth
from jianfu.org.models import Unit

from ..classify import Classified
from ..models import ImportBatch
from ..workbook import LedgerRow, WorkbookRead
from ..workbook.reader import cyclic_gc_paused
from .import_decide import Decider, existing_keys, keys_between, split_new, with_keys
from .import_errors import ledger_error_workbook
from .import_insert import EntryWriter
from .import_preview import ledger_import_preview
from .import_sqlite import page_cache
from .import_store import (
    check_import_scope,
    read_source,
    read_stored,
    remove_original,
    safe_filename,
    sniff_extension,
    store_original,
)
from .import_types import (
    ImportPreview,
    ImportResult,
    ImportTracker,
    LedgerImportRefused,
    PreviewLine,
    PreviewSheet,
    Progress,
    error_dict,
)
from .rollup import lock_unit_lines, rollup_add, rollup_refresh

__all__ = [
    "ImportPreview",
    "ImportResult",
    "LedgerImportRefused",
    "PreviewLine",
    "PreviewSheet",
    "ledger_error_workbook",
    "ledger_import",
    "ledger_import_commit",
    "ledger_import_preview",
    "ledger_import_stage",
]

CHUNK = 2000  # rows per INSERT statement (and per progress report: ImportTracker)


# ---- stage ---------------------------------------------------------------------------------


def ledger_import_stage(*, actor: Actor, unit: Unit, data: bytes, filename: str) -> ImportBatch:
    """Check and keep an uploaded workbook; returns the batch (status preview).

    The type is judged by the content (zip container with a workbook inside, OLE .xls, or text
    named .csv/.tsv/.txt), the size and the unzipped size are bounded, and the whole workbook is
    read once so that a file with nothing importable (corrupted, password-protected, empty, no
    recognisable header) is refused here. Refusals raise LedgerImportRefused and store nothing.
    The original is kept as MEDIA_ROOT/ledger_imports/<county>/<uuid>.<ext>.
    """
    with cyclic_gc_paused(), remembered_halfwidth():  # see `ledger_import`
        batch, _read_result = _stage(actor=actor, unit=unit, data=data, filename=filename)
        del _read_result
    return batch


def _stage(
    *, actor: Actor, unit: Unit, data: bytes, filename: str, progress: Progress | None = None
) -> tuple[ImportBatch, WorkbookRead]:
    check_import_scope(actor, unit)
    name = safe_filename(filename)
    extension = sniff_extension(data, name)
    if progress is not None:
        progress("read", 0, 0)
    read = read_source(data, name)
    if not read.rows_total:  # only sheet-level problems: not one line that could be imported
        problems = "；".join(error.message for error in read.errors[:3])
        raise LedgerImportRefused("empty", f"工作簿中没有可以导入的台账行：{problems}")
    relative = store_original(unit, data, extension)
    try:
        batch = ImportBatch.objects.create(
            county_id=unit.county_id,
            unit=unit,
            filename=name,
            stored_file=relative,
            sha256=hashlib.sha256(data).hexdigest(),
            size=len(data),
            status=ImportBatch.Status.PREVIEW,
            rows=read.rows_total,
            error_count=read.rows_total - len(read.rows),
            channel=actor.channel[:16],
            # Staged, not running: a commit sets the stage again as it reads, decides and stores.
            progress_stage="",
            progress_done=0,
            progress_total=read.rows_total,
            created_by=actor.username[:150],
        )
    except BaseException:
        remove_original(relative)
        raise
    if progress is not None:
        progress("read", read.rows_total, read.rows_total)
    return batch, read


# ---- commit --------------------------------------------------------------------------------


def ledger_import_commit(
    *, actor: Actor, batch: ImportBatch, partial: bool = False, progress: Progress | None = None
) -> ImportResult:
    """Store a staged batch's new lines, or refuse it (see the module docstring).

    A batch already committed raises LedgerImportRefused("already_committed"); a refused batch
    may be committed again (e.g. with `partial` after the person saw the errors).
    """
    with cyclic_gc_paused(), remembered_halfwidth():  # see `ledger_import`
        return _commit(actor=actor, batch=batch, read=None, partial=partial, progress=progress)


def ledger_import(
    *,
    actor: Actor,
    unit: Unit,
    data: bytes,
    filename: str,
    partial: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Stage and commit in one call (the CLI and the API); the workbook is read once.

    Lines are decided as they are stored (`_store`, `overlap`): nobody polls this batch's
    progress row, and the caller's `progress` still hears of every chunk decided and stored.

    Python's cyclic collector stays paused until the rows read are freed (reference counting
    frees them; none is in a cycle): re-enabled while they lived, its next pass would walk the
    million objects allocated meanwhile (~80 ms at 100,000 rows, measured). Each text's
    half-width form is worked out once for the line keys and the rules (`remembered_halfwidth`).
    """
    with cyclic_gc_paused(), remembered_halfwidth():
        batch, read = _stage(
            actor=actor, unit=unit, data=data, filename=filename, progress=progress
        )
        result = _commit(
            actor=actor, batch=batch, read=read, partial=partial, progress=progress, overlap=True
        )
        del read
    return result


def _commit(
    *,
    actor: Actor,
    batch: ImportBatch,
    read: WorkbookRead | None,
    partial: bool,
    progress: Progress | None,
    overlap: bool = False,
) -> ImportResult:
    unit = batch.unit
    check_import_scope(actor, unit)
    if batch.status == ImportBatch.Status.COMMITTED:
        raise LedgerImportRefused("already_committed", "该文件已经导入，不能重复提交")
    if batch.status == ImportBatch.Status.CANCELLED:
        raise LedgerImportRefused("cancelled", "该导入已取消，请重新上传文件")
    track = ImportTracker(batch, progress)
    if read is None:
        track("read", 0, 0)
        read = read_stored(batch)
        track("read", read.rows_total, read.rows_total)
    rows = read.rows
    error_rows = read.rows_total - len(rows)
    typed = read.typed
    errors = [error_dict(error, typed) for error in read.errors]
    if read.errors and not partial:
        _fresh, duplicates = split_new(unit, rows, existing_keys(unit, rows))
        return _refuse(actor, batch, read, errors, error_rows, duplicates, track)

    return _store(actor, batch, read, rows, errors, error_rows, partial, track, progress, overlap)


def _store(
    actor: Actor,
    batch: ImportBatch,
    read: WorkbookRead,
    rows: list,
    errors: list[dict],
    error_rows: int,
    partial: bool,
    track: ImportTracker,
    progress: Progress | None,
    overlap: bool,
) -> ImportResult:
    """Decide and store the new rows in one transaction.

    The web commit decides every row first, its progress written to the batch row as it goes
    (the browser polls it), then stores them in the transaction. With `overlap` (the one-shot
    `ledger_import`) the rows are decided inside the transaction as they are stored, so that
    deciding overlaps the database's work on the rows before (import_insert.py): a progress
    row written inside the transaction would be seen by nobody until it ends.
    """
    unit = batch.unit
    before = existing_keys(unit, rows)
    fresh, _duplicates = split_new(unit, rows, before)
    # Stored in date order (stable: the file's order within a day): both of the ledger's indexes
    # lead with the unit or county and then the date, so lines in date order land next to each
    # other in them instead of all over both B-trees (~40 % of SQLite's insert time, ADR 0004).
    fresh.sort(key=_line_date)
    decider = Decider(unit)  # reads the database now, never while it decides (the writer does)
    decided: list[tuple[str | None, LedgerRow, Classified | None]]
    total = len(fresh)
    if overlap:
        decided = fresh  # the writer decides each line as it builds its row
    else:
        decide = decider.decide
        decided = []
        for start in range(0, total, CHUNK):
            decided.extend(
                [(key, row, decide(row)) for key, row, _ in fresh[start : start + CHUNK]]
            )
            track("classify", min(start + CHUNK, total), total)
        track("classify", total, total)

    def stored_so_far(done: int, total: int) -> None:
        if overlap:
            track("classify", done, total, store=False)
        track("store", done, total, store=False)

    with page_cache(), transaction.atomic():
        # Imports into one unit take turns from here, so that this one sees the lines of one
        # that committed meanwhile and never waits on lines another is still inserting.
        lock_unit_lines(unit.pk)
        # Again inside the transaction: a concurrent import may have added some of these lines.
        # A fresh line's key was not among `before`, so only keys added since can drop one.
        added: set[str] = set()
        if fresh:
            added = keys_between(unit, fresh[0][1].date, fresh[-1][1].date) - before
        todo = decided
        if added:
            todo = [line for line in with_keys(unit, decided) if line[0] not in added]
        writer = EntryWriter(
            county_id=unit.county_id,
            unit_id=unit.pk,
            batch_id=batch.pk,
            username=actor.username,
            decide=decider.decide,
        )
        writer.write_all(todo, CHUNK, stored_so_far)
        # ON CONFLICT DO NOTHING may have dropped a line stored concurrently: what went in
        imported = writer.inserted
        duplicates = len(rows) - imported
        if imported and imported == len(writer.delta):  # every line the writer counted is in
            rollup_add(unit.county_id, unit.pk, writer.delta)
        elif todo:  # some were not: the months of the stored lines again (one GROUP BY)
            days = [row.date for _key, row, _decision in todo]
            rollup_refresh(unit.county_id, min(days), max(days), [unit.pk])
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportBatch.Status.COMMITTED,
            partial=partial,
            rows=read.rows_total,
            imported=imported,
            duplicates=duplicates,
            error_count=error_rows,
            errors=errors,
            progress_stage="done",
            progress_done=read.rows_total,
            progress_total=read.rows_total,
        )
        _audit(actor, batch, read.rows_total, imported, duplicates, error_rows, partial, "success")
    batch.refresh_from_db()
    if progress is not None:
        progress("done", read.rows_total, read.rows_total)
    return ImportResult(
        batch, read.rows_total, imported, duplicates, error_rows, errors, hidden=_hidden(read)
    )


def _line_date(line: tuple[str | None, LedgerRow]) -> object:
    return line[1].date


def _refuse(
    actor: Actor,
    batch: ImportBatch,
    read: WorkbookRead,
    errors: list[dict],
    error_rows: int,
    duplicates: int,
    track: ImportTracker,
) -> ImportResult:
    """Row errors without `partial`: nothing stored, every error listed and kept on the batch."""
    with transaction.atomic():
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportBatch.Status.REFUSED,
            partial=False,
            rows=read.rows_total,
            imported=0,
            duplicates=duplicates,
            error_count=error_rows,
            errors=errors,
        )
        _audit(actor, batch, read.rows_total, 0, duplicates, error_rows, False, "refused")
    track("done", read.rows_total, read.rows_total)
    batch.refresh_from_db()
    return ImportResult(
        batch,
        read.rows_total,
        0,
        duplicates,
        error_rows,
        errors,
        refused=True,
        hidden=_hidden(read),
    )


def _hidden(read: WorkbookRead) -> list[tuple[str, int]]:
    return [
        (sheet.name, sheet.data_rows) for sheet in read.sheets if sheet.hidden and sheet.data_rows
    ]


def _audit(
    actor: Actor,
    batch: ImportBatch,
    rows: int,
    imported: int,
    duplicates: int,
    error_rows: int,
    partial: bool,
    result: str,
) -> None:
    audit_record_many(
        actor,
        [
            AuditEntry(
                action="import",
                object_type="ledgers.importbatch",
                object_id=str(batch.pk),
                object_repr=str(batch.filename),
                after={
                    "filename": batch.filename,
                    "unit": batch.unit.code,
                    "sha256": batch.sha256,
                    "rows": rows,
                    "imported": imported,
                    "duplicates": duplicates,
                    "errors": error_rows,
                    "partial": partial,
                },
                result=result,
                county_id=batch.county_id,
            )
        ],
    )
