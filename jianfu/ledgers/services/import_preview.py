"""The import preview: how every row of a staged workbook will be read and decided."""

from __future__ import annotations

from jianfu.org.models import Unit

from ..classify import Classified
from ..models import ImportBatch
from ..workbook import LedgerRow
from .import_decide import Decider, existing_keys, row_keys
from .import_store import read_stored
from .import_types import (
    DUPLICATE,
    ERROR,
    NEW,
    ImportPreview,
    PreviewLine,
    PreviewSheet,
    error_dict,
)


def ledger_import_preview(batch: ImportBatch, *, limit: int | None = None) -> ImportPreview:
    """How every row of a staged workbook will be read and decided; nothing is stored.

    Lines come in workbook order (sheet by sheet, by row); a row in error has status "error" and
    its errors, a sheet-level problem a line with row None. At most `limit` lines are returned
    (and classified); the totals always count the whole file.
    """
    read = read_stored(batch)
    typed = read.typed
    unit = batch.unit
    existing = existing_keys(unit, read.rows)
    seen = set(existing)
    decider: Decider | None = None
    names = dict(Unit.objects.filter(county_id=unit.county_id).values_list("pk", "name"))
    lines: list[PreviewLine] = []
    new = duplicates = 0
    sheets = []
    for sheet in read.sheets:
        sheets.append(
            PreviewSheet(
                sheet.name,
                sheet.kind,
                sheet.kind_reason,
                sheet.header_row,
                sheet.data_rows,
                sheet.hidden,
            )
        )
        by_row: dict[int | None, list[dict]] = {}
        for error in sheet.errors:
            by_row.setdefault(error.row, []).append(error_dict(error))
        pending: list[tuple[int, int, PreviewLine | LedgerRow]] = []
        for row, errs in by_row.items():
            date_text, title = sheet.typed.get(row, ("", "")) if row is not None else ("", "")
            line = PreviewLine(
                sheet.name, row, date_text=date_text, title=title, status=ERROR, errors=errs
            )
            pending.append((-1 if row is None else row, 0, line))
        for key, row in zip(row_keys(unit, sheet.rows), sheet.rows, strict=True):
            duplicate = key in seen
            seen.add(key)
            if duplicate:
                duplicates += 1
            else:
                new += 1
            pending.append((row.row, 1 if not duplicate else 2, row))
        pending.sort(key=lambda item: (item[0], item[1]))
        for _number, flag, item in pending:
            if limit is not None and len(lines) >= limit:
                break
            if isinstance(item, PreviewLine):
                lines.append(item)
                continue
            decider = decider or Decider(unit)
            lines.append(_preview_line(item, decider.decide(item), names, flag == 2))
    return ImportPreview(
        batch=batch,
        lines=lines,
        sheets=sheets,
        rows=read.rows_total,
        new=new,
        duplicates=duplicates,
        error_rows=read.rows_total - len(read.rows),
        errors=[error_dict(error, typed) for error in read.errors],
    )


def _preview_line(
    row: LedgerRow, classified: Classified, names: dict[int, str], duplicate: bool
) -> PreviewLine:
    decision = classified.decision
    unit_id = classified.counterpart_unit_id
    return PreviewLine(
        sheet=row.sheet,
        row=row.row,
        kind=row.kind,
        date=row.date,
        counterpart=row.counterpart,
        counterpart_unit_name=names.get(unit_id, "") if unit_id else "",
        doc_no=row.doc_no,
        title=row.title,
        counted=decision.counted,
        quota_charged=decision.quota_charged,
        category=decision.category,
        rule=decision.rule,
        reason=decision.reason,
        status=DUPLICATE if duplicate else NEW,
    )
