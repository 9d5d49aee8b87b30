"""A comparison result as a workbook: a summary sheet and one sheet per list."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from jianfu.core.excel import excel_safe

from ..models_compare import HandLedger, Outcome
from .selectors import hand_ledger_lines, method_label


def hand_ledger_xlsx(ledger: HandLedger) -> bytes:
    workbook = Workbook()
    summary = workbook.active
    summary.title = _("概况")
    rate = "" if ledger.accuracy is None else f"{ledger.accuracy * 100:.1f}%"
    for label, value in (
        (_("单位"), ledger.unit.name),
        (_("期间"), f"{ledger.date_from.isoformat()} 至 {ledger.date_to.isoformat()}"),
        (_("文件"), ledger.filename),
        (_("手工台账行数"), ledger.rows),
        (_("期间外行数"), ledger.outside_period),
        (_("一致"), ledger.agreed),
        (_("漏统"), ledger.missed),
        (_("错统"), ledger.wrong),
        (_("日常台账无记录"), ledger.not_in_daily),
        (_("手工台账重复"), ledger.duplicates),
        (_("准确率"), rate),
        (_("计算方法"), _("准确率 = 一致 ÷（一致 + 漏统 + 错统 + 日常台账无记录）")),
    ):
        summary.append([excel_safe(label), excel_safe(value)])
    summary.column_dimensions["A"].width = 16
    summary.column_dimensions["B"].width = 60
    headers = [
        _("工作表"), _("行号"), _("类别"), _("日期"), _("文号"), _("标题"), _("手工统计类别"),
        _("匹配方式"), _("规则"), _("理由"),
    ]  # fmt: skip
    for outcome, lines in hand_ledger_lines(ledger).items():
        sheet = workbook.create_sheet(str(Outcome(outcome).label))
        sheet.append([excel_safe(h) for h in headers])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for line in lines:
            sheet.append(
                [
                    excel_safe(value)
                    for value in (
                        line.sheet,
                        line.row,
                        line.kind,
                        line.date,
                        line.doc_no,
                        line.title,
                        line.hand_category,
                        method_label(line.method),
                        line.rule,
                        line.reason,
                    )
                ]
            )
        for letter, width in zip("ABCDEFGHIJ", (12, 6, 6, 12, 24, 48, 12, 8, 10, 48), strict=True):
            sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
