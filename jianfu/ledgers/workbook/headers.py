"""Finding a sheet's header row and mapping its columns to ledger fields. Pure.

Header texts are compared after normalising: full-width → half-width, every space and line
break removed, a leading/trailing "*"/"※"/":" dropped, and a trailing parenthesised unit
("时长（小时）", "时长(分钟)", "来文单位（部门）") taken off and remembered — a duration header
whose unit says 分钟/min is read in minutes.

The header is searched in the first HEADER_SCAN_ROWS rows: each row, and each pair of adjacent
rows read as one two-level header (a group cell such as "会议情况" above sub-headers such as
"会议名称"; the lower row's text wins), is scored by how many different ledger fields it names;
it needs at least a date and a title column, and a pair counts only when it names more fields
than either of its rows alone. The best score wins; on a tie the single row, then the earlier.
Merged cells in that region are filled right and down first (calamine puts the value only in
the top-left cell), so a header cell merged over two rows or a group
cell merged over three columns is seen in every row and column it covers; a header cell merged
above or below the chosen row extends the header block to the rows it covers, and data starts
below the block.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .types import Column

HEADER_SCAN_ROWS = 15

# field → synonyms in order of preference (DESIGN.md 5.4). When two columns name one field, the
# one whose synonym comes first wins and the other is kept as an extra.
FIELD_SYNONYMS: dict[str, tuple[str, ...]] = {
    # DESIGN.md 5.4's list first; then spellings seen in real clerks' ledgers.
    "date": (
        "日期",
        "收文日期",
        "发文日期",
        "会议日期",
        "检查日期",
        "登记日期",
        "时间",
        "来文日期",
        "成文日期",
        "会议时间",
        "检查时间",
        "督查日期",
        "督查时间",
        "开始日期",
        "收文时间",
        "发文时间",
        "来文时间",
        "登记时间",
        "成文时间",
        "印发日期",
        "签收日期",
        "签收时间",
        "收件日期",
        "召开时间",
        "召开日期",
        "开会时间",
        "考核时间",
        "调研时间",
    ),
    "counterpart": (
        # who sent it / convened it / carried it out: the unit received or attended (incoming)
        "来文单位",
        "来文机关",
        "发文单位",
        "发文机关",
        "主办单位",
        "召集单位",
        "牵头单位",
        "实施单位",
        "检查单位",
        "督查单位",
        # whom it was for: the unit produced it (outgoing)
        "主送单位",
        "主送",
        "发送范围",
        "参会单位",
        "检查对象",
    ),
    "doc_no": (
        "文号",
        "发文字号",
        "来文字号",
        "文件编号",
        "来文文号",
        "发文文号",
        "字号",
        "文件字号",
    ),
    "title": (
        "标题",
        "文件标题",
        "文件名称",
        "会议名称",
        "事项名称",
        "事由",
        "名称",
        "来文标题",
        "会议主题",
        "督查事项",
        "检查事项",
        "检查内容",
        "内容",
        "题名",
        "文件题目",
        "文件名",
    ),
    "genre": ("文种",),
    "meeting_form": ("会议形式", "形式"),
    "duration": ("时长", "会议时长"),
    "inspection_type": ("类型", "检查类型", "方式"),
    "materials": ("是否要求提供材料", "要求提供材料"),
    "remarks": ("备注",),
    "category": ("类别",),
    "seq": ("序号", "顺序号", "no", "no."),
}
# Counterpart headers by direction: "in" = the counterpart originated it (the unit received,
# attended, was inspected), "out" = the counterpart is whom the unit's own item was for.
COUNTERPART_DIRECTION: dict[str, str] = {
    **dict.fromkeys(
        (
            "来文单位",
            "来文机关",
            "发文单位",
            "发文机关",
            "主办单位",
            "召集单位",
            "牵头单位",
            "实施单位",
            "检查单位",
            "督查单位",
        ),
        "in",
    ),
    **dict.fromkeys(("主送单位", "主送", "发送范围", "参会单位", "检查对象"), "out"),
}

_SYNONYM_FIELD: dict[str, tuple[str, int]] = {
    synonym: (name, rank)
    for name, synonyms in FIELD_SYNONYMS.items()
    for rank, synonym in enumerate(synonyms)
}
_SPACES = re.compile(r"\s+")
_TRAILING_UNIT = re.compile(r"^(.+?)[(\[]([^()\[\]]*)[)\]]$")
_MINUTE_UNITS = ("分钟", "min")


@dataclass(frozen=True, slots=True)
class HeaderKey:
    """A header text reduced for lookup, with the unit its parentheses named, if any."""

    key: str
    unit: str


def normalize_header(text: str) -> HeaderKey:
    """ "时长（分钟）" → HeaderKey("时长", "分钟"); "＊收文\n日期" → HeaderKey("收文日期", "")."""
    value = _SPACES.sub("", unicodedata.normalize("NFKC", text)).strip("*※:：").lower()
    value = value.replace("【", "[").replace("】", "]")
    unit = ""
    match = _TRAILING_UNIT.match(value)
    if match:
        value, unit = match[1], match[2]
    return HeaderKey(value, unit)


def header_field(text: str) -> tuple[str, int, HeaderKey] | None:
    """(field, preference rank, key) for a header text, or None for an unknown header."""
    key = normalize_header(text)
    found = _SYNONYM_FIELD.get(key.key)
    return None if found is None else (found[0], found[1], key)


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(slots=True)
class HeaderMatch:
    """Where the header is (0-based rows, inclusive) and each column's header text."""

    first_row: int
    last_row: int
    labels: list[str]  # header text per column ("" where none)
    score: int


def _text(value: object) -> str:
    return value.strip() if type(value) is str else ""


def filled_header_area(
    grid: list[list[object]], merges: list[tuple[tuple[int, int], tuple[int, int]]]
) -> list[list[str]]:
    """The text of the first rows with every merged cell's value copied over its whole range."""
    height = min(len(grid), HEADER_SCAN_ROWS + 1)
    area = [[_text(value) for value in grid[r]] for r in range(height)]
    for (top, left), (bottom, right) in merges:
        if top >= height:
            continue
        value = area[top][left] if left < len(area[top]) else ""
        if not value:
            continue
        for r in range(top, min(bottom, height - 1) + 1):
            row = area[r]
            for c in range(left, min(right, len(row) - 1) + 1):
                if not row[c]:
                    row[c] = value
    return area


def _score(labels: list[str]) -> tuple[int, bool]:
    fields = set()
    for label in labels:
        if label:
            found = header_field(label)
            if found:
                fields.add(found[0])
    fields.discard("seq")
    return len(fields), "date" in fields and "title" in fields


def find_header(
    grid: list[list[object]], merges: list[tuple[tuple[int, int], tuple[int, int]]]
) -> HeaderMatch | None:
    """The header of a sheet (see the module docstring), or None when none is recognisable."""
    area = filled_header_area(grid, merges)
    scan = min(len(area), HEADER_SCAN_ROWS)
    singles = [_score(area[r]) for r in range(len(area))]
    best: HeaderMatch | None = None
    for r in range(scan):
        score, complete = singles[r]
        if complete and (best is None or score > best.score):
            best = HeaderMatch(r, r, area[r], score)
    for r in range(scan - 1):  # two-level headers: only when both rows add something
        upper, lower = area[r], area[r + 1]
        pair = [lower[c] or upper[c] for c in range(len(upper))]
        score, complete = _score(pair)
        if (
            complete
            and score > max(singles[r][0], singles[r + 1][0])
            and (best is None or score > best.score)
        ):
            best = HeaderMatch(r, r + 1, pair, score)
    if best is None:
        return None
    for (top, _left), (bottom, _right) in merges:  # header cells merged over several rows
        if top <= best.last_row <= bottom and top >= best.first_row and bottom > best.last_row:
            best.last_row = min(bottom, len(area) - 1)
        if top < best.first_row <= bottom:
            best.first_row = top
    return best


def map_columns(labels: list[str]) -> list[Column]:
    """One Column per non-empty header cell; duplicates of one field are resolved later."""
    columns = []
    for index, label in enumerate(labels):
        if not label:
            continue
        found = header_field(label)
        header = "".join(label.splitlines())  # "收文\n日期" (a wrapped cell) is shown as 收文日期
        columns.append(Column(index, column_letter(index), header, found[0] if found else None))
    return columns


def header_in_minutes(label: str) -> bool:
    """Whether a duration header gives minutes ("时长（分钟）", "会议时长(min)")."""
    key = normalize_header(label)
    return any(unit in key.unit for unit in _MINUTE_UNITS) or key.key.endswith("分钟")


def header_rank(label: str) -> int:
    found = header_field(label)
    return found[1] if found else 99
