"""Uploading a hand-made statistics ledger and storing its comparison (audit "import")."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from jianfu.core.actor import Actor
from jianfu.core.audit import audit_record
from jianfu.core.excel import MAX_UPLOAD_BYTES
from jianfu.org.access import has_perm, visible_units
from jianfu.org.models import Unit

from ..models import LedgerEntry
from ..models_compare import HandLedger, HandLedgerLine, Outcome
from ..workbook import ReadLimits, RowError, WorkbookRefused, read_workbook
from ..workbook.values import parse_yes_no
from .match import DATE_WINDOW_DAYS, DailyLine, HandRow, accuracy_rate, compare_lines

# Columns in which a hand-made ledger says how it counted a line (kept for display).
CATEGORY_HEADERS = ("统计类别", "统计口径", "计入类别", "口径类别", "是否计入")
# Columns that say whether it counted the line at all (是/否; Jianfu's own export: 计入统计): a
# row marked 否 is compared as listed but not counted; a value that reads as neither, as listed.
FLAG_HEADERS = frozenset({"是否计入", "是否计入统计", "计入统计", "是否统计", "是否纳入统计"})
STORE_DIR = "hand_ledgers"
ALLOWED_SUFFIXES = (".xlsx", ".xls", ".ods", ".csv")
NOT_IN_DAILY_REASON = "日常台账中没有与此行文号或标题相符的条目"


@dataclass
class HandLedgerRefused(Exception):
    """Nothing was stored: the file or some of its rows cannot be read (every error listed)."""

    code: str
    message: str
    errors: list[RowError] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "message": self.message,
            "errors": [
                {
                    "sheet": e.sheet,
                    "row": e.row,
                    "column": e.column,
                    "value": e.value,
                    "message": e.message,
                }
                for e in self.errors
            ],
        }


def _check(actor: Actor, unit: Unit) -> None:
    user = actor.user
    if user is None:
        return  # an operator on the command line
    if not has_perm(user, "ledger.compare") or not visible_units(user).filter(pk=unit.pk).exists():
        raise PermissionDenied


def _hand_rows(data: bytes, filename: str) -> list[HandRow]:
    try:
        read = read_workbook(data, filename, limits=ReadLimits(max_bytes=MAX_UPLOAD_BYTES))
    except WorkbookRefused as exc:
        raise HandLedgerRefused(exc.code, exc.message) from exc
    if read.errors:
        raise HandLedgerRefused(
            "row_errors",
            _("手工台账中有 %(n)d 处无法读取，未进行比对；请按提示修改后重新上传。")
            % {"n": len(read.errors)},
            list(read.errors),
        )
    rows = []
    for row in read.rows:
        category = next((row.extras[h] for h in CATEGORY_HEADERS if row.extras.get(h)), "")
        flag = next((v for h, v in row.extras.items() if h.replace(" ", "") in FLAG_HEADERS), "")
        counted = parse_yes_no(flag) if flag else None
        rows.append(
            HandRow(
                sheet=row.sheet,
                row=row.row,
                kind=row.kind,
                date=row.date,
                doc_no=row.doc_no,
                doc_no_norm=row.doc_no_norm,
                title=row.title,
                title_norm=row.title_norm,
                category=category[:32],
                counted=counted if isinstance(counted, bool) else None,
            )
        )
    return rows


def _daily_lines(unit: Unit, date_from: date, date_to: date) -> list[DailyLine]:
    window = timedelta(days=DATE_WINDOW_DAYS)
    values = LedgerEntry.objects.filter(
        unit=unit, date__gte=date_from - window, date__lte=date_to + window
    ).values_list(
        "id", "kind", "date", "doc_no", "doc_no_norm", "title", "title_norm", "counted", "rule",
        "reason", "category",
    )  # fmt: skip
    return [DailyLine(*row) for row in values]


def _store(data: bytes, filename: str) -> str:
    suffix = Path(filename).suffix.lower()
    suffix = suffix if suffix in ALLOWED_SUFFIXES else ".bin"
    relative = f"{STORE_DIR}/{uuid.uuid4().hex}{suffix}"
    target = Path(settings.MEDIA_ROOT) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return relative


def hand_ledger_compare(
    *,
    actor: Actor,
    unit: Unit,
    data: bytes,
    filename: str,
    date_from: date,
    date_to: date,
) -> HandLedger:
    """Compare the unit's hand-made statistics ledger for [date_from, date_to] with the derived
    one and store the result. Raises `HandLedgerRefused` (nothing stored) when the file or any
    row cannot be read; rows dated outside the period are left out and counted."""
    _check(actor, unit)
    if date_from > date_to:
        raise HandLedgerRefused("period", _("起始日期不能晚于截止日期。"))
    hand_rows = _hand_rows(data, filename)
    inside = [row for row in hand_rows if date_from <= row.date <= date_to]
    results = compare_lines(inside, _daily_lines(unit, date_from, date_to), date_from, date_to)
    counts = {outcome.value: 0 for outcome in Outcome}
    for item in results:
        counts[item.outcome] += 1
    with transaction.atomic():
        ledger = HandLedger.objects.create(
            county_id=unit.county_id,
            unit=unit,
            date_from=date_from,
            date_to=date_to,
            filename=Path(filename).name[:255],
            stored_file=_store(data, filename),
            sha256=hashlib.sha256(data).hexdigest(),
            size=len(data),
            rows=len(hand_rows),
            outside_period=len(hand_rows) - len(inside),
            agreed=counts[Outcome.AGREED],
            missed=counts[Outcome.MISSED],
            wrong=counts[Outcome.WRONG],
            not_in_daily=counts[Outcome.NOT_IN_DAILY],
            duplicates=counts[Outcome.DUPLICATE],
            accuracy=accuracy_rate(
                counts[Outcome.AGREED],
                counts[Outcome.MISSED],
                counts[Outcome.WRONG],
                counts[Outcome.NOT_IN_DAILY],
            ),
            uploaded_by=actor.username[:150],
        )
        HandLedgerLine.objects.bulk_create(
            [_line(ledger, item) for item in results], batch_size=1000
        )
        audit_record(
            actor,
            "import",
            ledger,
            after={
                "unit": unit.code,
                "date_from": date_from,
                "date_to": date_to,
                "rows": ledger.rows,
                "agreed": ledger.agreed,
                "missed": ledger.missed,
                "wrong": ledger.wrong,
                "not_in_daily": ledger.not_in_daily,
                "accuracy": ledger.accuracy,
            },
        )
    return ledger


def _line(ledger: HandLedger, item) -> HandLedgerLine:
    hand, line = item.hand, item.line
    source = hand if hand is not None else line
    return HandLedgerLine(
        hand_ledger=ledger,
        outcome=item.outcome,
        entry_id=line.id if line is not None else None,
        sheet=hand.sheet[:64] if hand else "",
        row=hand.row if hand else None,
        kind=source.kind,
        date=source.date,
        doc_no=source.doc_no[:128],
        title=source.title[:500],
        hand_category=hand.category if hand else "",
        method=item.method,
        score=item.score,
        rule=line.rule if line is not None else "",
        reason=(line.reason if line is not None else NOT_IN_DAILY_REASON)[:500],
    )
