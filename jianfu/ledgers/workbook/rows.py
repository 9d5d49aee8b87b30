"""Turning one sheet's grid into ledger rows and row errors: the bulk path. Pure.

Everything that depends only on the header (which column feeds which field, the duration
unit, the year printed in the title, the sheet's kind) is worked out once per sheet; the loop
over the rows then does a C-level `itemgetter` per row and takes a fast path for cells calamine
already typed (an Excel date is a `date`, a text cell a `str`).

Rows that are not ledger lines and not errors, counted in `Skipped`: blank rows (also rows with
nothing but a 序号, as pre-numbered templates have); rows made only of cells merged down from
the row above (a title cell merged over two rows is one line, not two); a repeat of the header;
notes — a row whose first non-empty cell is in the table's first column and starts with 注, 备注,
说明, 填表说明, 填表人, 审核人, 合计 … while every other non-empty cell also starts with such a
word (制表人：… 审核人：…), and a 合计/总计/小计 row without a date. Merged cells below the
header are filled down in their leftmost column (a 类别 or a date merged over the rows of one
group belongs to each of them); they are never filled to the right.
"""

from __future__ import annotations

import datetime as dt
from operator import itemgetter

from jianfu.core.text import normalize_title

from .dates import MAX_YEAR, MIN_YEAR, parse_date, year_from_texts
from .headers import column_letter, header_in_minutes
from .kinds import KIND_CHOICES, category_kind, category_message
from .types import Column, LedgerRow, RowError, SheetRead
from .values import PLACEHOLDERS, cell_text, doc_no_norm, parse_duration, parse_yes_no

Merge = tuple[tuple[int, int], tuple[int, int]]

NOTE_PREFIXES: tuple[str, ...] = (
    "注",
    "备注",
    "说明",
    "填表说明",
    "填表人",
    "审核人",
    "合计",
    "总计",
    "小计",
    "制表人",
    "制表",
    "填报人",
    "填报单位",
    "填报日期",
    "填表日期",
    "填表时间",
    "审核日期",
    "报送日期",
    "经办人",
    "制表日期",
    "负责人",
    "联系人",
    "联系电话",
    "统计人",
    "审核",
    "※",
)
_SUM_PREFIXES = ("合计", "总计", "小计")
# Cell types whose parsed value is memoised per sheet (equal keys of these types read alike).
CACHED_TYPES = frozenset({str, float})
# The fields read into LedgerRow, in the order the per-row itemgetter returns them.
ROW_FIELDS: tuple[str, ...] = (
    "date",
    "title",
    "counterpart",
    "doc_no",
    "genre",
    "meeting_form",
    "duration",
    "inspection_type",
    "materials",
    "remarks",
    "category",
)


def _is_blank(value: object) -> bool:
    return value == "" or value is None or (type(value) is str and not value.strip())


def _note_text(value: object) -> str:
    return cell_text(value).replace(" ", "").replace("\u3000", "")


def fill_data_merges(
    grid: list[list[object]], merges: list[Merge], first_data_row: int
) -> dict[int, set[int]]:
    """Copy each merged cell below the header down its leftmost column; return what was filled.

    The result maps a 0-based row to the columns that got a copied value there.
    """
    filled: dict[int, set[int]] = {}
    for (top, left), (bottom, _right) in merges:
        if top < first_data_row or bottom <= top or top >= len(grid):
            continue
        value = grid[top][left]
        if _is_blank(value):
            continue
        for r in range(top + 1, min(bottom, len(grid) - 1) + 1):
            if _is_blank(grid[r][left]):
                grid[r][left] = value
                filled.setdefault(r, set()).add(left)
    return filled


def title_year(grid: list[list[object]], header_first_row: int, sheet_name: str) -> int | None:
    """The year the title rows above the header (or the sheet name) name, if exactly one."""
    texts = [sheet_name]
    for r in range(header_first_row):
        texts.extend(value for value in grid[r] if type(value) is str and value)
    return year_from_texts(texts)


def _text_field(value: object, join: str = " ") -> str:
    text = value.strip() if type(value) is str else cell_text(value)
    if "\n" in text or "\r" in text:
        text = join.join(part.strip() for part in text.splitlines() if part.strip())
    return "" if text in PLACEHOLDERS else text


def read_rows(
    sheet: SheetRead,
    grid: list[list[object]],
    merges: list[Merge],
    header_first_row: int,
    sheet_kind: str | None,
    direction: str | None,
) -> None:
    """Parse every row below the header into `sheet.rows` / `sheet.errors` / `sheet.skipped`.

    `grid` rows must all be as wide as the widest plus one trailing "" (the reader pads them):
    a field without a column reads that last, always empty, cell.
    """
    name = sheet.name
    start = sheet.header_row or 0  # header_row is 1-based: the first data row's 0-based index
    width = len(grid[0])
    absent = width - 1
    columns = {col.field: col for col in sheet.columns if col.field and col.field != "seq"}
    headers = {f: columns[f].header if f in columns else "" for f in ROW_FIELDS}
    getter = itemgetter(*(columns[f].index if f in columns else absent for f in ROW_FIELDS))
    seq_columns = {col.index for col in sheet.columns if col.field == "seq"}
    table_left = min((col.index for col in sheet.columns), default=0)
    extra_plan = _extra_plan(sheet.columns, grid, start, absent)
    in_minutes = "duration" in columns and header_in_minutes(headers["duration"])
    year_hint = title_year(grid, header_first_row, name)
    filled = fill_data_merges(grid, merges, start)
    header_date, header_title = headers["date"], headers["title"]
    title_initial = header_title[:1]
    has_category = "category" in columns
    category_cache: dict[str, str | None] = {}
    date_cache: dict[object, dt.date | str] = {}
    duration_cache: dict[object, int | str | None] = {}
    materials_cache: dict[object, bool | str | None] = {}
    title_cache: dict[str, str] = {}  # cell text → cleaned title
    norm_cache: dict[str, str] = {}  # title → normalize_title(title)
    text_cache: dict[str, str] = {}  # counterpart cell text → cleaned name
    doc_cache: dict[object, tuple[str, str]] = {}  # 文号 cell → (as written, normalised)
    blocked = sheet.blocked
    rows, errors, skipped = sheet.rows, sheet.errors, sheet.skipped
    data_rows = 0
    date_type = dt.date

    for r in range(start, len(grid)):
        cells = grid[r]
        (date_v, title_v, cp_v, doc_v, genre_v, form_v, dur_v, type_v, mat_v, rem_v, cat_v) = (
            getter(cells)
        )
        if (
            (filled and r in filled)
            or not date_v
            or not title_v
            or (type(title_v) is str and title_v.isspace())
            or (type(date_v) is str and date_v.isspace())
        ):
            status = _not_a_line(cells, r, filled, seq_columns, table_left, date_v)
            if status:
                setattr(skipped, status, getattr(skipped, status) + 1)
                continue
        if (
            type(title_v) is str
            and title_v[:1] == title_initial  # cheap guard before the exact comparison
            and "".join(title_v.split()) == header_title
            and "".join(cell_text(date_v).split()) == header_date
        ):
            skipped.repeated_header += 1
            continue
        data_rows += 1
        row_number = r + 1
        errors_before = len(errors)

        kind = sheet_kind
        if has_category:
            category = cell_text(cat_v)
            if category:
                if category not in category_cache:
                    category_cache[category] = category_kind(category, direction)
                kind = category_cache[category]
                if kind is None:
                    errors.append(
                        RowError(
                            name,
                            row_number,
                            headers["category"],
                            category,
                            category_message(category),
                        )
                    )
            elif kind is None:
                errors.append(
                    RowError(
                        name,
                        row_number,
                        headers["category"],
                        "",
                        f"类别为空，且无法从工作表名称确定类别，请填写{KIND_CHOICES}之一",
                    )
                )

        date: dt.date | str
        if type(date_v) is date_type and MIN_YEAR <= date_v.year <= MAX_YEAR:
            date = date_v
        elif _is_blank(date_v):
            date = ""
            errors.append(
                RowError(
                    name,
                    row_number,
                    header_date,
                    "",
                    "缺少日期，每一行都必须填写日期（如 2025-08-07）",
                )
            )
        else:
            # Dates repeat (a year has 365 days): each distinct text or number is parsed once.
            # Only str and float are cached: True == 1.0 as dict keys, and they read differently.
            if type(date_v) not in CACHED_TYPES:
                date = parse_date(date_v, year_hint)
            elif date_v in date_cache:
                date = date_cache[date_v]
            else:
                date = date_cache[date_v] = parse_date(date_v, year_hint)
            if type(date) is str:
                errors.append(RowError(name, row_number, header_date, cell_text(date_v), date))

        if type(title_v) is str:  # titles recur: each distinct text is cleaned once
            title = title_cache.get(title_v)
            if title is None:
                title = title_cache[title_v] = _text_field(title_v, "")
        else:
            title = _text_field(title_v, "")
        if not title:
            errors.append(
                RowError(
                    name,
                    row_number,
                    header_title,
                    cell_text(title_v),
                    "缺少标题，每一行都必须填写文件标题、会议名称或事项名称",
                )
            )

        duration = None
        if dur_v != "":
            if type(dur_v) not in CACHED_TYPES:
                duration = parse_duration(dur_v, in_minutes)
            elif dur_v in duration_cache:
                duration = duration_cache[dur_v]
            else:
                duration = duration_cache[dur_v] = parse_duration(dur_v, in_minutes)
            if type(duration) is str:
                errors.append(
                    RowError(name, row_number, headers["duration"], cell_text(dur_v), duration)
                )
        materials = None
        if mat_v != "":
            if type(mat_v) not in CACHED_TYPES:
                materials = parse_yes_no(mat_v)
            elif mat_v in materials_cache:
                materials = materials_cache[mat_v]
            else:
                materials = materials_cache[mat_v] = parse_yes_no(mat_v)
            if type(materials) is str:
                errors.append(
                    RowError(name, row_number, headers["materials"], cell_text(mat_v), materials)
                )

        if len(errors) != errors_before:
            # shown with the row's errors: which line it was, as the clerk typed it
            sheet.typed[row_number] = (cell_text(date_v), cell_text(title_v))
            continue
        if blocked:
            continue
        extras: dict[str, str] = {}
        for index, key in extra_plan:
            value = cells[index]
            if value != "":
                text = cell_text(value)
                if text:
                    extras[key] = text
        # 文号 recur too (a document is received, filed, forwarded): each distinct cell once
        doc = doc_cache.get(doc_v) if type(doc_v) is str else None
        if doc is None:
            doc_no = _text_field(doc_v, "") if doc_v != "" else ""
            doc = (doc_no, doc_no_norm(doc_no) if doc_no else "")
            if type(doc_v) is str:
                doc_cache[doc_v] = doc
        doc_no, doc_norm = doc
        title_norm = norm_cache.get(title)
        if title_norm is None:
            title_norm = norm_cache[title] = normalize_title(title)
        if type(cp_v) is str:
            counterpart = text_cache.get(cp_v)
            if counterpart is None:
                counterpart = text_cache[cp_v] = _text_field(cp_v, "、") if cp_v != "" else ""
        else:
            counterpart = _text_field(cp_v, "、")
        rows.append(
            LedgerRow(
                name,
                row_number,
                kind,  # type: ignore[arg-type]  # None only with an error or a blocked sheet
                date,  # type: ignore[arg-type]  # a str only with an error
                counterpart,
                doc_no,
                doc_norm,
                title,
                title_norm,
                _text_field(genre_v) if genre_v != "" else "",
                _text_field(form_v) if form_v != "" else "",
                duration,  # type: ignore[arg-type]
                _text_field(type_v) if type_v != "" else "",
                materials,  # type: ignore[arg-type]
                _text_field(rem_v) if rem_v != "" else "",
                extras,
            )
        )
    sheet.data_rows = data_rows


def _not_a_line(
    cells: list[object],
    r: int,
    filled: dict[int, set[int]],
    seq_columns: set[int],
    table_left: int,
    date_v: object,
) -> str:
    """Which `Skipped` counter a row belongs to, or "" when it is a ledger line (maybe bad)."""
    present = [c for c, value in enumerate(cells) if not _is_blank(value)]
    if not present:
        return "blank"
    if r in filled and not set(present) - filled[r]:
        return "merged_continuation"
    first = _note_text(cells[present[0]])
    if (
        present[0] <= table_left
        and first.startswith(NOTE_PREFIXES)
        and all(_note_text(cells[c]).startswith(NOTE_PREFIXES) for c in present[1:])
    ):
        return "notes"
    if first.startswith(_SUM_PREFIXES) and _is_blank(date_v):
        return "notes"
    own = set(present) - seq_columns
    if not own:
        return "blank"  # only a 序号: a pre-numbered empty template row
    if r in filled and not own - filled[r]:
        return "merged_continuation"  # a 序号 of its own, the rest merged from above
    return ""


def _extra_plan(
    columns: list[Column], grid: list[list[object]], start: int, absent: int
) -> list[tuple[int, str]]:
    """(column index, extras key) for every column not read into a field, labelled or not.

    A column without a header is included only when some data row has a value in it; its key
    is its letter ("G列"). Duplicate header texts get the letter appended.
    """
    plan: list[tuple[int, str]] = []
    used: set[str] = set()
    labelled = {col.index for col in columns}
    for col in columns:
        if col.field is None:
            key = col.header if col.header not in used else f"{col.header}（{col.letter}列）"
            used.add(key)
            plan.append((col.index, key))
    for index in range(absent):
        if index in labelled:
            continue
        if any(not _is_blank(grid[r][index]) for r in range(start, len(grid))):
            plan.append((index, f"{column_letter(index)}列"))
    return plan
