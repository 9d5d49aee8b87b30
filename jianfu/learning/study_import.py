"""Reading a study-record workbook (学习记录导入): the template's columns, every bad cell named
by sheet, row, column and value. Pure apart from `read_table` (bytes in, rows out); the service
resolves nothing here but what it is handed (unit names, document titles)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from jianfu.core.excel import SheetRows
from jianfu.core.text import collapse_spaces, normalize_title, to_halfwidth
from jianfu.ledgers.workbook.dates import parse_date

# The template's columns, in order; * marks the required ones.
COLUMNS = ("单位", "姓名", "是否处级领导", "学习形式", "学习内容", "学习文件", "学习日期", "学时")
REQUIRED = ("单位", "姓名", "学习形式", "学习内容", "学习日期")
HEADER_SYNONYMS = {
    "单位": ("单位", "单位名称", "学习单位"),
    "姓名": ("姓名", "学习人", "人员"),
    "是否处级领导": ("是否处级领导", "是否领导", "处级领导", "领导干部"),
    "学习形式": ("学习形式", "形式"),
    "学习内容": ("学习内容", "学习主题", "主题", "内容"),
    "学习文件": ("学习文件", "文件", "文件名称"),
    "学习日期": ("学习日期", "日期", "时间"),
    "学时": ("学时", "时长", "小时"),
}
YES = ("是", "Y", "y", "yes", "1", "√", "领导")
NO = ("否", "N", "n", "no", "0", "")
MAX_ROWS = 20_000


@dataclass(frozen=True)
class StudyRowError:
    sheet: str
    row: int
    column: str
    value: str
    message: str

    def as_dict(self) -> dict:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": self.message,
        }


@dataclass(frozen=True)
class StudyRow:
    sheet: str
    row: int
    unit_id: int
    person_name: str
    is_leader: bool
    form: str
    topic: str
    document_id: int | None
    date: date
    hours: Decimal


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return collapse_spaces(to_halfwidth(str(value))).strip()


def _header_map(cells: list[Any]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        text = _text(cell).replace("*", "").replace("＊", "").strip()
        for column, names in HEADER_SYNONYMS.items():
            if text in names and column not in found:
                found[column] = index
    return found


def study_rows_read(
    sheets: list[SheetRows],
    *,
    unit_index: dict[str, int],
    allowed_unit_ids: set[int] | None,
    forms: dict[str, str],
    documents: dict[str, int],
    resolve_unit,
) -> tuple[list[StudyRow], list[StudyRowError], int]:
    """(rows, errors, rows read). `resolve_unit(name, unit_index)` gives a unit id or None;
    `forms` maps a form's label to its value; `documents` normalised title → id;
    `allowed_unit_ids` (None = any) are the units the importing user may record for."""
    rows: list[StudyRow] = []
    errors: list[StudyRowError] = []
    read = 0
    for sheet in sheets:
        header_at, header = None, {}
        for i, cells in enumerate(sheet.rows[:10]):
            header = _header_map(cells)
            if "姓名" in header and "单位" in header:
                header_at = i
                break
        if header_at is None:
            if any(any(_text(c) for c in r) for r in sheet.rows):
                errors.append(
                    StudyRowError(
                        sheet.name,
                        1,
                        "",
                        "",
                        _("找不到表头：需要“单位”“姓名”等列，请使用导入模板。"),
                    )
                )
            continue
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            errors.append(
                StudyRowError(sheet.name, header_at + 1, "", "", _("缺少列：") + "、".join(missing))
            )
            continue
        for i, cells in enumerate(sheet.rows[header_at + 1 :], start=header_at + 2):
            values = {c: _text(cells[j]) if j < len(cells) else "" for c, j in header.items()}
            raw = {c: cells[j] if j < len(cells) else None for c, j in header.items()}
            if not any(values.values()):
                continue
            read += 1
            if read > MAX_ROWS:
                errors.append(
                    StudyRowError(
                        sheet.name, i, "", "", _("超过 %(n)d 行，请拆分文件。") % {"n": MAX_ROWS}
                    )
                )
                return rows, errors, read
            row_errors: list[StudyRowError] = []

            def bad(
                column: str,
                message: str,
                row=i,
                sheet_name=sheet.name,
                sink=row_errors,
                cells_text=values,
            ) -> None:
                sink.append(
                    StudyRowError(sheet_name, row, column, cells_text.get(column, ""), message)
                )

            for column in REQUIRED:
                if not values.get(column):
                    bad(column, _("必填，不能为空。"))
            unit_id = None
            if values.get("单位"):
                unit_id = resolve_unit(values["单位"], unit_index)
                if unit_id is None:
                    bad("单位", _("找不到该单位，请填写单位全称或简称。"))
                elif allowed_unit_ids is not None and unit_id not in allowed_unit_ids:
                    bad("单位", _("您只能录入本单位的学习记录。"))
            form = ""
            if values.get("学习形式"):
                form = forms.get(values["学习形式"], "")
                if not form:
                    bad("学习形式", _("学习形式应为：") + "、".join(forms) + "。")
            leader_text = values.get("是否处级领导", "")
            if leader_text not in YES + NO:
                bad("是否处级领导", _("请填写“是”或“否”。"))
            document_id = None
            if values.get("学习文件"):
                document_id = documents.get(normalize_title(values["学习文件"]))
                if document_id is None:
                    bad("学习文件", _("资料汇编中没有这份文件，请填写文件标题全称或留空。"))
            day = None
            if values.get("学习日期"):
                parsed = parse_date(raw["学习日期"])
                if isinstance(parsed, str):
                    bad("学习日期", parsed)
                else:
                    day = parsed
            hours = Decimal(1)
            if values.get("学时"):
                try:
                    hours = Decimal(values["学时"]).quantize(Decimal("0.1"))
                    if not Decimal(0) < hours <= Decimal(100):
                        raise InvalidOperation
                except (InvalidOperation, ValueError):
                    bad("学时", _("学时应为大于 0、不超过 100 的数字。"))
            if len(values.get("学习内容", "")) > 300:
                bad("学习内容", _("学习内容不超过 300 字。"))
            if len(values.get("姓名", "")) > 64:
                bad("姓名", _("姓名不超过 64 字。"))
            if row_errors:
                errors.extend(row_errors)
                continue
            rows.append(
                StudyRow(
                    sheet=sheet.name,
                    row=i,
                    unit_id=unit_id,  # type: ignore[arg-type]
                    person_name=values["姓名"],
                    is_leader=leader_text in YES,
                    form=form,
                    topic=values["学习内容"],
                    document_id=document_id,
                    date=day,  # type: ignore[arg-type]
                    hours=hours,
                )
            )
    return rows, errors, read
