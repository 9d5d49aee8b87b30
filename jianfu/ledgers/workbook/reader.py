"""`read_workbook`: a unit's ledger workbook in, ledger rows and every error out. Pure.

Per sheet: find the header (headers.py), map the columns, decide the kind (kinds.py), read the
rows (rows.py). A sheet with no recognisable header is not read: when its name looks like a
ledger (收文登记 …) that is a sheet-level error, otherwise (a 说明 or 统计 sheet) it is only noted
in `kind_reason`. When no sheet at all has a header the file is refused.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .headers import COUNTERPART_DIRECTION as _DIRECTIONS
from .headers import HEADER_SCAN_ROWS, find_header, header_rank, map_columns, normalize_header
from .kinds import decide_sheet_kind, name_kind, undetermined_message
from .rows import read_rows
from .source import RawSheet, Source, iter_sheets
from .types import (
    DEFAULT_LIMITS,
    RECEIVING_KINDS,
    Column,
    ReadLimits,
    RowError,
    SheetRead,
    WorkbookRead,
    WorkbookRefused,
)

NO_HEADER_HINT = (
    f"在前 {HEADER_SCAN_ROWS} 行中未找到表头：表头需要有日期列"
    "（日期、收文日期、会议日期 …）和标题列（标题、文件标题、会议名称、事项名称 …）"
)


def read_workbook(
    source: Source, filename: str = "", *, limits: ReadLimits = DEFAULT_LIMITS
) -> WorkbookRead:
    """Read a ledger workbook (.xlsx/.xlsm/.xls/.ods/.csv) from a path, bytes or a binary file.

    `filename` names the upload (its suffix matters only for CSV; defaults to the path's name).
    Raises WorkbookRefused when the file as a whole cannot be read or holds no ledger line at
    all; everything else — every problem of every row — is in the result's `errors`.
    """
    if not filename and isinstance(source, str | os.PathLike):
        filename = Path(os.fspath(source)).name
    raw_sheets: list[RawSheet] = []
    sheets: list[SheetRead] = []
    with cyclic_gc_paused():
        for raw in iter_sheets(source, filename, limits):  # the next sheet decodes meanwhile
            raw_sheets.append(raw)
            sheets.append(read_sheet(raw))
    if not any(not _is_empty(raw) for raw in raw_sheets):
        raise WorkbookRefused("empty", "工作簿中没有任何内容")
    if all(sheet.header_row is None for sheet in sheets):
        names = "、".join(f"“{raw.name}”" for raw in raw_sheets if not _is_empty(raw))
        raise WorkbookRefused("no_header", f"工作表{names}{NO_HEADER_HINT}")
    errors = [error for sheet in sheets for error in sheet.errors]
    rows_total = sum(sheet.data_rows for sheet in sheets)
    if not rows_total and not errors:
        raise WorkbookRefused("empty", "工作簿中只有表头、标题或说明，没有任何台账行")
    return WorkbookRead(filename, sheets, rows_total, errors)


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a workbook is read, then restore it.

    The import pipeline pauses it too while it decides and stores the rows read.

    Reading creates a million short cells and 100,000 rows, none in a reference cycle; the
    collector would otherwise walk the whole grid again and again (a third of the parse time
    at 100,000 rows). Reference counting still frees everything as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _is_empty(raw: RawSheet) -> bool:
    return not any(
        value != "" and not (type(value) is str and not value.strip())
        for row in raw.grid
        for value in row
    )


def read_sheet(raw: RawSheet) -> SheetRead:
    """One sheet: header, columns, kind, rows (see the module docstring)."""
    name = raw.name
    header = find_header(raw.grid, raw.merges) if raw.grid else None
    if header is None:
        if _is_empty(raw):
            return SheetRead(name, None, "空白工作表，已跳过", None, [], hidden=raw.hidden)
        sheet = SheetRead(
            name, None, f"{NO_HEADER_HINT}，未读取此工作表", None, [], hidden=raw.hidden
        )
        if name_kind(name) is not None:
            sheet.errors.append(
                RowError(
                    name,
                    None,
                    "",
                    name,
                    f"工作表“{name}”像是台账，但{NO_HEADER_HINT}。请检查表头名称",
                )
            )
        return sheet
    columns = map_columns(header.labels)
    decision = decide_sheet_kind(name, columns)
    columns = resolve_duplicates(columns, decision.kind)
    has_category = any(col.field == "category" for col in columns)
    if has_category:
        fallback = (
            f"；类别为空的行：{decision.reason}"
            if decision.kind
            else "；类别为空的行无法确定类别，将报错"
        )
        reason = "按“类别”列逐行确定" + fallback
        kind = None
    else:
        reason, kind = decision.reason, decision.kind
    sheet = SheetRead(name, kind, reason, header.last_row + 1, columns, hidden=raw.hidden)
    sheet.skipped.title_rows = header.last_row + 1
    if kind is None and not has_category:
        sheet.blocked = True
        sheet.errors.append(
            RowError(name, None, "", name, undetermined_message(name, decision.reason))
        )
    read_rows(sheet, raw.grid, raw.merges, header.first_row, decision.kind, decision.direction)
    return sheet


def resolve_duplicates(columns: list[Column], kind: str | None) -> list[Column]:
    """Keep one column per field; the others become extras (field None).

    The winner: for the counterpart, a column whose direction fits the sheet's kind (来文单位 in a
    收文 sheet, 主送单位 in a 发文 sheet); then the synonym listed first (日期 before 时间); then
    the leftmost column.
    """
    by_field: dict[str, list[Column]] = {}
    for col in columns:
        if col.field and col.field != "seq":
            by_field.setdefault(col.field, []).append(col)
    losers: set[int] = set()
    wanted = None if kind is None else ("in" if kind in RECEIVING_KINDS else "out")
    for field, candidates in by_field.items():
        if len(candidates) < 2:
            continue

        def preference(col: Column, field: str = field) -> tuple[int, int, int]:
            fits = 0
            if field == "counterpart" and wanted:
                fits = 0 if _DIRECTIONS.get(normalize_header(col.header).key) == wanted else 1
            return (fits, header_rank(col.header), col.index)

        winner = min(candidates, key=preference)
        losers.update(col.index for col in candidates if col is not winner)
    return [
        Column(col.index, col.letter, col.header, None) if col.index in losers else col
        for col in columns
    ]


def bench_read(path: str | Path, repeat: int = 3) -> dict[str, float | int]:
    """Time a plain calamine read of a workbook against `read_workbook` on it (for reports).

    Each is run `repeat` times, alternating, and the fastest run of each counts (the machine's
    other load only ever adds time). Returns seconds for each, their ratio and the number of
    ledger rows and errors read. Not a test: timings never go into assertions.
    """
    import python_calamine

    limits = ReadLimits(max_bytes=1 << 31, max_rows=10_000_000)
    raw_runs, read_runs = [], []
    result = None
    for _ in range(repeat):
        started = time.perf_counter()
        with python_calamine.CalamineWorkbook.from_path(str(path)) as workbook:
            for name in workbook.sheet_names:
                workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
        raw_runs.append(time.perf_counter() - started)
        started = time.perf_counter()
        result = read_workbook(path, limits=limits)
        read_runs.append(time.perf_counter() - started)
    assert result is not None
    raw_seconds, read_seconds = min(raw_runs), min(read_runs)
    return {
        "raw_seconds": round(raw_seconds, 3),
        "read_workbook_seconds": round(read_seconds, 3),
        "ratio": round(read_seconds / raw_seconds, 2),
        "rows": len(result.rows),
        "errors": len(result.errors),
    }
