"""Reading a county's unit list (单位名录) from .xlsx / .csv: headers, values, validation.

`unit_import_parse` turns sheets into rows and every error it can find (sheet, Excel row, column
header, value, message in Chinese); `unit_import` (unit_import_store.py) checks them against the
database and stores them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from jianfu.core.excel import SheetRows
from jianfu.core.text import to_halfwidth

from .models import UnitKind
from .units import clean_code, clean_name, split_aliases

# Field -> the header texts clerks use for it (compared after width/space/marker clean-up).
HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("单位名称", "名称", "单位全称", "全称", "单位"),
    "short_name": ("简称", "单位简称"),
    "code": ("编码", "单位编码", "代码", "单位代码", "编号", "单位编号"),
    "kind": ("类型", "单位类型", "类别", "单位类别"),
    "system": ("系统", "所属系统"),
    "area": ("片区", "所属片区"),
    "is_observation_point": ("观测点", "是否观测点", "数据观测点", "是否数据观测点"),
    "is_pilot": ("试点", "是否试点", "试点单位"),
    "aliases": ("别名", "其他名称", "曾用名", "别称"),
    "parent": ("上级单位", "主管单位", "上级单位编码", "上级单位名称"),
    "index": ("序号",),
}
REQUIRED = ("name", "code", "kind")
LABELS = {"name": "单位名称", "code": "编码", "kind": "类型"}

KINDS: dict[str, str] = {
    "县级": UnitKind.COUNTY,
    "四大机构": UnitKind.COUNTY,
    "县级机关": UnitKind.COUNTY,
    "县四大机构": UnitKind.COUNTY,
    "四大班子": UnitKind.COUNTY,
    "部门": UnitKind.DEPARTMENT,
    "县直部门": UnitKind.DEPARTMENT,
    "县直单位": UnitKind.DEPARTMENT,
    "县直": UnitKind.DEPARTMENT,
    "乡镇": UnitKind.TOWNSHIP,
    "乡镇(街道)": UnitKind.TOWNSHIP,
    "街道": UnitKind.TOWNSHIP,
    "乡": UnitKind.TOWNSHIP,
    "镇": UnitKind.TOWNSHIP,
    "乡镇街道": UnitKind.TOWNSHIP,
    "上级": UnitKind.HIGHER,
    "上级单位": UnitKind.HIGHER,
    "上级机关": UnitKind.HIGHER,
    "市级": UnitKind.HIGHER,
    "省级": UnitKind.HIGHER,
}
KINDS.update({value: value for value in UnitKind.values})

TRUE_WORDS = frozenset({"是", "y", "yes", "1", "√", "✓", "✔", "true", "有", "对"})
FALSE_WORDS = frozenset({"否", "n", "no", "0", "×", "✗", "false", "无", "不是", "", "-"})
NOTE_PREFIX = re.compile(r"^(注|说明|备注|填表说明|填报说明)[:：]?")
HEADER_SCAN_ROWS = 15


@dataclass(frozen=True)
class RowError:
    sheet: str
    row: int | None
    column: str
    value: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": self.message,
        }


@dataclass
class UnitRow:
    """One unit as the file states it. Fields absent from the file are absent from `values`."""

    sheet: str
    row: int
    values: dict[str, Any] = field(default_factory=dict)
    aliases: list[str] | None = None
    parent_ref: str | None = None  # None: no 上级单位 column; "": column present, cell empty
    columns: dict[str, str] = field(default_factory=dict)  # field -> header text
    raw: dict[str, str] = field(default_factory=dict)  # field -> cell text as read

    def error(self, field_name: str, message: str) -> RowError:
        return RowError(
            self.sheet,
            self.row,
            self.columns.get(field_name, LABELS.get(field_name, field_name)),
            self.raw.get(field_name, ""),
            message,
        )


def header_key(text: Any) -> str:
    value = to_halfwidth(str(text or ""))
    value = re.sub(r"[\s*]|\(必填\)|\(选填\)|\(可选\)", "", value)
    return value


_HEADER_INDEX = {header_key(h): f for f, headers in HEADERS.items() for h in headers}


def cell_text(value: Any) -> str:
    """A cell as text: Excel's 101.0 as `101`, dates as ISO, spaces trimmed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value).replace("\u3000", " ").strip()


def find_header(rows: list[list[Any]]) -> tuple[int, dict[int, str]] | None:
    """The first row (0-based) that names the unit name and code columns, with column → field."""
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        mapping: dict[int, str] = {}
        for col, cell in enumerate(row):
            key = _HEADER_INDEX.get(header_key(cell))
            if key and key not in mapping.values():
                mapping[col] = key
        if "name" in mapping.values() and "code" in mapping.values():
            return index, mapping
    return None


def parse_bool(text: str) -> bool | None:
    key = to_halfwidth(text).strip().lower()
    if key in TRUE_WORDS:
        return True
    if key in FALSE_WORDS:
        return False
    return None


def parse_kind(text: str) -> str | None:
    key = re.sub(r"\s", "", to_halfwidth(text))
    return KINDS.get(key) or KINDS.get(key.lower())


def _parse_sheet(
    sheet: SheetRows, header_at: int, mapping: dict[int, str], errors: list[RowError]
) -> list[UnitRow]:
    headers = {f: cell_text(sheet.rows[header_at][c]) for c, f in mapping.items()}
    for required in REQUIRED:
        if required not in headers:
            errors.append(
                RowError(
                    sheet.name,
                    header_at + 1,
                    LABELS[required],
                    "",
                    _("缺少“%(col)s”列。") % {"col": LABELS[required]},
                )
            )
    out: list[UnitRow] = []
    for index in range(header_at + 1, len(sheet.rows)):
        cells = sheet.rows[index]
        raw = {f: cell_text(cells[c]) if c < len(cells) else "" for c, f in mapping.items()}
        texts = [cell_text(c) for c in cells]
        if not any(v for f, v in raw.items() if f != "index"):
            continue  # blank row, or only a 序号
        non_empty = [t for t in texts if t]
        if not raw.get("name") and not raw.get("code") and NOTE_PREFIX.match(non_empty[0]):
            continue  # a trailing note under the table
        unit = UnitRow(sheet.name, index + 1, columns=headers, raw=raw)
        _parse_values(unit, errors)
        out.append(unit)
    return out


def _parse_values(unit: UnitRow, errors: list[RowError]) -> None:
    raw = unit.raw
    name, code = clean_name(raw.get("name")), clean_code(raw.get("code"))
    if "name" in raw:
        if not name:
            errors.append(unit.error("name", _("单位名称不能为空。")))
        unit.values["name"] = name
    if "code" in raw:
        if not code:
            errors.append(unit.error("code", _("编码不能为空。")))
        elif len(code) > 32:
            errors.append(unit.error("code", _("编码不能超过 32 个字符。")))
        unit.values["code"] = code
    if len(name) > 128:
        errors.append(unit.error("name", _("单位名称不能超过 128 个字符。")))
    if "kind" in raw:
        kind = parse_kind(raw["kind"])
        if kind is None:
            errors.append(unit.error("kind", _("类型应为“县级”“部门”“乡镇”“上级”之一。")))
        unit.values["kind"] = kind
    for key, limit in (("short_name", 64), ("system", 64), ("area", 64)):
        if key in raw:
            text = clean_name(raw[key])
            if len(text) > limit:
                errors.append(unit.error(key, _("不能超过 %(n)s 个字符。") % {"n": limit}))
            unit.values[key] = text
    for key in ("is_observation_point", "is_pilot"):
        if key in raw:
            flag = parse_bool(raw[key])
            if flag is None:
                errors.append(unit.error(key, _("请填写“是”或“否”。")))
            unit.values[key] = bool(flag)
    if "aliases" in raw:
        unit.aliases = [a for a in split_aliases(raw["aliases"]) if a != name]
        for alias in unit.aliases:
            if len(alias) > 128:
                errors.append(unit.error("aliases", _("别名不能超过 128 个字符。")))
    if "parent" in raw:
        unit.parent_ref = clean_name(raw["parent"])


def unit_import_parse(sheets: list[SheetRows]) -> tuple[list[UnitRow], list[RowError]]:
    """Rows and row errors of every sheet that carries a unit header; duplicates inside the file."""
    errors: list[RowError] = []
    rows: list[UnitRow] = []
    found = False
    for sheet in sheets:
        header = find_header(sheet.rows)
        if header is None:
            continue
        found = True
        rows.extend(_parse_sheet(sheet, header[0], header[1], errors))
    if not found:
        name = sheets[0].name if sheets else ""
        errors.append(
            RowError(
                name,
                None,
                "",
                "",
                _("未找到表头：需要“单位名称”“编码”“类型”等列（可下载导入模板对照）。"),
            )
        )
    seen: dict[tuple[str, str], UnitRow] = {}
    for unit in rows:
        for key in ("code", "name"):
            value = unit.values.get(key)
            if not value:
                continue
            first = seen.setdefault((key, value), unit)
            if first is not unit:
                errors.append(
                    unit.error(
                        key,
                        _("与第 %(row)s 行重复。") % {"row": first.row}
                        if first.sheet == unit.sheet
                        else _("与工作表“%(sheet)s”第 %(row)s 行重复。")
                        % {"sheet": first.sheet, "row": first.row},
                    )
                )
    return rows, errors


TEMPLATE_COLUMNS = (
    "序号",
    "单位名称",
    "简称",
    "编码",
    "类型",
    "系统",
    "片区",
    "观测点",
    "试点",
    "上级单位",
    "别名",
)
TEMPLATE_NOTES = (
    ("单位名称", "必填，单位全称，本县内不重复", "青河县农业农村局"),
    ("简称", "选填", "农业农村局"),
    ("编码", "必填，本县内不重复；按编码新增或更新单位", "QH-NY"),
    ("类型", "必填：县级、部门、乡镇、上级", "部门"),
    ("系统", "选填，用于分组统计", "农业"),
    ("片区", "选填，乡镇所属片区", "东片"),
    ("观测点", "是 / 否，留空为否", "否"),
    ("试点", "是 / 否，留空为否", "否"),
    ("上级单位", "选填，填上级单位的编码或名称", "QH-XWB"),
    ("别名", "选填，台账中出现的其他叫法，多个用、或；分隔", "农业局、县农业局"),
)


def unit_import_template(county_name: str = "") -> bytes:
    """The import template: a title row, the header, drop-downs, and a sheet of instructions."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "单位名录"
    sheet.append([f"{county_name}单位名录"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(TEMPLATE_COLUMNS))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append(list(TEMPLATE_COLUMNS))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    widths = (6, 28, 14, 12, 8, 10, 8, 8, 8, 14, 30)
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    kinds = DataValidation(type="list", formula1='"县级,部门,乡镇,上级"', allow_blank=False)
    flags = DataValidation(type="list", formula1='"是,否"', allow_blank=True)
    sheet.add_data_validation(kinds)
    sheet.add_data_validation(flags)
    kinds.add("E3:E2000")
    flags.add("H3:I2000")
    sheet.freeze_panes = "A3"
    notes = workbook.create_sheet("填写说明")
    notes.append(["列", "说明", "示例"])
    for line in TEMPLATE_NOTES:
        notes.append(list(line))
    notes.column_dimensions["A"].width = 12
    notes.column_dimensions["B"].width = 50
    notes.column_dimensions["C"].width = 24
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
