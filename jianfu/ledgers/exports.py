"""Exporting a unit's daily ledger with its statistics decisions (DESIGN.md 5.3), and the empty
standard template (统一规范表格, DESIGN.md 5.4).

The .xlsx is the standard template — one sheet per kind (收文 发文 参会 办会 受检 督查), the
standard columns with the kind's own counterpart header — with the decision columns appended
(计入统计 占用数额 统计类别 规则 理由). Every cell is neutralised (R12), and the workbook imports
again as it is: the importer reads the standard columns and derives the decision columns anew.
The web UI and `jianfu ledger_export` both use `ledger_export`, which checks the scope and
records the audit.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from jianfu.core.actor import Actor
from jianfu.core.audit import audit_record
from jianfu.core.excel import excel_safe
from jianfu.org.access import has_perm, visible_units
from jianfu.org.models import Unit

from .models import Kind, LedgerEntry

KINDS: tuple[str, ...] = tuple(Kind.values)  # 收文 发文 参会 办会 受检 督查, the template's order
COUNTERPART_HEADERS: dict[str, str] = {
    "收文": "来文单位",
    "发文": "主送单位",
    "参会": "召集单位",
    "办会": "参会单位",
    "受检": "实施单位",
    "督查": "检查对象",
}
FACT_HEADERS = (
    "文号",
    "标题",
    "文种",
    "会议形式",
    "时长（分钟）",
    "检查类型",
    "是否要求提供材料",
    "备注",
)
DECISION_HEADERS = ("计入统计", "占用数额", "统计类别", "规则", "理由")
WIDTHS = (12, 22, 24, 44, 8, 10, 10, 10, 10, 20, 8, 8, 10, 10, 60)
FORMATS = ("json", "xlsx")


def template_headers(kind: str, decisions: bool = False) -> list[str]:
    headers = ["日期", COUNTERPART_HEADERS[kind], *FACT_HEADERS]
    return [*headers, *DECISION_HEADERS] if decisions else headers


def ledger_export_rows(
    unit: Unit,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    *,
    counted_only: bool = False,
) -> QuerySet[LedgerEntry]:
    """The unit's ledger lines in the period (both ends included), by date then id; with
    `counted_only`, the statistics ledger: the lines the criteria count."""
    rows = LedgerEntry.objects.filter(unit=unit)
    if counted_only:
        rows = rows.filter(counted=True)
    if date_from is not None:
        rows = rows.filter(date__gte=date_from)
    if date_to is not None:
        rows = rows.filter(date__lte=date_to)
    return rows.select_related("counterpart_unit").order_by("date", "id")


def entry_dict(entry: LedgerEntry) -> dict[str, Any]:
    """One line as DESIGN.md 5.3 names it (`doc_no` normalised, "" when none)."""
    return {
        "id": entry.pk,
        "kind": entry.kind,
        "date": entry.date.isoformat(),
        "counterpart": entry.counterpart,
        "counterpart_unit": entry.counterpart_unit.code if entry.counterpart_unit_id else None,
        "doc_no": entry.doc_no_norm,
        "title": entry.title,
        "genre": entry.genre,
        "counted": entry.counted,
        "quota_charged": entry.quota_charged,
        "category": entry.category,
        "rule": entry.rule,
        "reason": entry.reason,
        "source": {
            "batch": entry.batch_id,
            "sheet": entry.source_sheet or None,
            "row": entry.source_row,
        },
    }


def ledger_export_json(
    unit: Unit, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> dict[str, Any]:
    """{"unit": CODE, "entries": [...]} (DESIGN.md 5.3)."""
    entries = [entry_dict(e) for e in ledger_export_rows(unit, date_from, date_to).iterator()]
    return {"unit": unit.code, "entries": entries}


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("是" if value else "否")


def _cells(entry: LedgerEntry) -> list[Any]:
    return [
        entry.date,
        entry.counterpart,
        entry.doc_no,
        entry.title,
        entry.genre,
        entry.meeting_form,
        entry.duration_minutes,
        entry.inspection_type,
        _yes_no(entry.materials_requested),
        entry.remarks,
        _yes_no(entry.counted),
        _yes_no(entry.quota_charged),
        entry.category,
        entry.rule,
        entry.reason,
    ]


def _workbook(rows_by_kind: dict[str, list[list[Any]]], decisions: bool) -> bytes:
    """openpyxl in write-only mode: the writer the R12 property test opens back (core.excel)."""
    workbook = openpyxl.Workbook(write_only=True)
    fact_fill = PatternFill("solid", fgColor="F5F7FA")
    decision_fill = PatternFill("solid", fgColor="E8F3FF")
    bold = Font(bold=True)
    for kind in KINDS:
        sheet = workbook.create_sheet(kind)
        headers = template_headers(kind, decisions)
        for col in range(len(headers)):
            sheet.column_dimensions[get_column_letter(col + 1)].width = WIDTHS[col]
        sheet.freeze_panes = "A2"
        head = []
        for col, header in enumerate(headers):
            cell = WriteOnlyCell(sheet, value=header)
            cell.font = bold
            cell.fill = decision_fill if col >= 2 + len(FACT_HEADERS) else fact_fill
            head.append(cell)
        sheet.append(head)
        for cells in rows_by_kind.get(kind, ()):
            line = []
            for value in cells[: len(headers)]:
                if value is None or value == "":
                    line.append(None)
                elif isinstance(value, dt.date):
                    cell = WriteOnlyCell(sheet, value=value)
                    cell.number_format = "yyyy-mm-dd"
                    line.append(cell)
                elif isinstance(value, bool | int | float):
                    line.append(value)
                else:
                    line.append(excel_safe(str(value)))
            sheet.append(line)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def ledger_export_xlsx(
    unit: Unit,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    *,
    counted_only: bool = False,
) -> bytes:
    """The standard template filled with the unit's lines and their decisions (`counted_only`:
    the statistics ledger)."""
    by_kind: dict[str, list[list[Any]]] = {kind: [] for kind in KINDS}
    rows = ledger_export_rows(unit, date_from, date_to, counted_only=counted_only)
    for entry in rows.iterator():
        by_kind[entry.kind].append(_cells(entry))
    return _workbook(by_kind, decisions=True)


def ledger_template_xlsx() -> bytes:
    """The empty standard template (统一规范表格) for the import page's download."""
    return _workbook({}, decisions=False)


def ledger_export(
    *,
    actor: Actor,
    unit: Unit,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    fmt: str = "xlsx",
    counted_only: bool = False,
) -> bytes | dict[str, Any]:
    """The export with scope check and audit: bytes for "xlsx", the JSON document for "json";
    the .xlsx of the statistics ledger (the counted lines only) with `counted_only`.

    An actor with a user needs ledger.view and the unit in scope (else PermissionDenied); an
    operator on the command line (no user) may export any unit.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    user = actor.user
    if user is not None and (
        not has_perm(user, "ledger.view") or not visible_units(user).filter(pk=unit.pk).exists()
    ):
        raise PermissionDenied
    if fmt == "json":
        result: bytes | dict[str, Any] = ledger_export_json(unit, date_from, date_to)
        count = len(result["entries"])  # type: ignore[index]
    else:
        result = ledger_export_xlsx(unit, date_from, date_to, counted_only=counted_only)
        count = ledger_export_rows(unit, date_from, date_to, counted_only=counted_only).count()
    audit_record(
        actor,
        "export",
        object_type="ledgers.ledgerentry",
        object_id=str(unit.pk),
        object_repr=f"{unit.name}{'统计台账' if counted_only else '台账'}",
        after={
            "unit": unit.code,
            "from": date_from,
            "to": date_to,
            "format": fmt,
            "entries": count,
            "ledger": "statistics" if counted_only else "daily",
        },
        county_id=unit.county_id,
    )
    return result
