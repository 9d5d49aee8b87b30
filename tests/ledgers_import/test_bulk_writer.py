"""The bulk writer (import_insert.py, import_sqlite.py) stores exactly what the plain path does.

A workbook of more than one CHUNK goes in through the bulk path: on SQLite multi-row INSERTs
whose batch-wide columns are bound once per statement, on PostgreSQL COPY; smaller ones
through `executemany`. Whatever the path, every column of every line must be the same, lines
go in in date order (the file's order within a day), and a SQLite built with the old limit of
999 parameters per statement still takes every line.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from django.db import connection

from jianfu.core.actor import Actor
from jianfu.ledgers.models import LedgerEntry
from jianfu.ledgers.services import imports
from jianfu.ledgers.services.imports import ledger_import
from tests.ledgers.workbooks import xlsx

pytestmark = pytest.mark.django_db

LINES = 2_600  # more than one CHUNK (2,000)
COMPARED = (
    "kind", "date", "counterpart", "doc_no", "doc_no_norm", "title", "title_norm", "genre",
    "meeting_form", "duration_minutes", "inspection_type", "materials_requested", "remarks",
    "extras", "source_sheet", "source_row", "counterpart_unit_id", "originator_level", "counted",
    "quota_charged", "category", "rule", "reason", "ruleset_version", "source", "created_by",
    "idempotency_key",
)  # fmt: skip


def _workbook() -> bytes:
    """Three sheets as a township keeps them, dates in no order, with a column Jianfu does not
    know (kept in extras), blank and filled durations, materials yes / no / blank, 文号 in
    several styles or none, senders that resolve to units and some that do not."""
    received = [["收文日期", "来文单位", "文号", "文件标题", "经办人"]]
    meetings = [["会议日期", "召集单位", "会议名称", "会议形式", "时长（分钟）"]]
    inspections = [["检查日期", "实施单位", "事项名称", "检查类型", "是否要求提供材料"]]
    senders = ("县委办公室", "县农业农村局", "教育局", "市委办公室", "某协会", "")
    for n in range(LINES):
        day = dt.date(2025, 1, 1) + dt.timedelta(days=(n * 37) % 300)
        sender = senders[n % len(senders)]
        if n % 3 == 0:
            doc_no = ("", f"青农发〔2025〕{n}号", f"县委办发[2025]{n}号", "无")[n % 4]
            clerk = "" if n % 5 else f"王{n % 7}"
            title = f"关于做好第{n}项工作的通知" if n % 11 else f"关于表彰第{n}批先进的决定"
            received.append([day, sender, doc_no, title, clerk])
        elif n % 3 == 1:
            minutes = None if n % 7 == 0 else 30 + n % 90
            form = ("现场", "视频", "", "电视电话会议")[n % 4]
            meetings.append([day.isoformat(), sender, f"第{n}次工作推进会", form, minutes])
        else:
            materials = ("是", "否", "", "要求")[n % 4]
            kind = ("督查", "检查", "调研")[n % 3]
            inspections.append([day, sender, f"第{n}项工作{kind}", kind, materials])
    return xlsx({"收文": received, "参会": meetings, "受检": inspections})


def _stored(unit) -> list[tuple]:
    return sorted(
        LedgerEntry.objects.filter(unit=unit).values_list(*COMPARED),
        key=lambda line: (line[14], line[15]),  # sheet, row
    )


def test_the_bulk_path_stores_every_column_as_the_plain_path_does(units, monkeypatch):
    data = _workbook()
    actor = Actor.command()
    bulk = ledger_import(actor=actor, unit=units["hk"], data=data, filename="台账.xlsx")
    monkeypatch.setattr(imports, "CHUNK", 10 * LINES)  # one chunk: `executemany`
    plain = ledger_import(actor=actor, unit=units["cg"], data=data, filename="台账.xlsx")
    assert bulk.imported == plain.imported == LINES and not bulk.errors
    assert _stored(units["hk"]) == _stored(units["cg"])
    lines = LedgerEntry.objects.filter(unit=units["hk"])
    assert lines.exclude(extras={}).count() == LINES // 3 // 5 + 1  # 经办人 kept where filled
    assert {line.batch_id for line in lines} == {bulk.batch.pk}
    assert len({(line.created_by, line.created_at) for line in lines}) == 1


def test_lines_go_in_in_date_order_and_in_the_file_order_within_a_day(units):
    result = ledger_import(
        actor=Actor.command(), unit=units["hk"], data=_workbook(), filename="台账.xlsx"
    )
    assert result.imported == LINES
    sheets = {"收文": 0, "参会": 1, "受检": 2}
    lines = list(
        LedgerEntry.objects.filter(unit=units["hk"])
        .order_by("id")
        .values_list("date", "source_sheet", "source_row")
    )
    assert [line[0] for line in lines] == sorted(line[0] for line in lines)
    for day in {line[0] for line in lines}:
        order = [(sheets[sheet], row) for date, sheet, row in lines if date == day]
        assert order == sorted(order), day


@pytest.mark.skipif(connection.vendor != "sqlite", reason="a SQLite build's parameter limit")
def test_a_sqlite_allowing_999_parameters_per_statement_still_takes_every_line(units):
    data = _workbook()
    connection.ensure_connection()
    raw = connection.connection
    limit = raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)
    try:
        result = ledger_import(
            actor=Actor.command(), unit=units["hk"], data=data, filename="a.xlsx"
        )
    finally:
        raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, limit)
    assert result.imported == LINES
    reference = ledger_import(actor=Actor.command(), unit=units["cg"], data=data, filename="a.xlsx")
    assert reference.imported == LINES
    assert _stored(units["hk"]) == _stored(units["cg"])


def test_lines_stored_after_the_import_looked_are_duplicates_not_an_error(units, monkeypatch):
    """A line another writer stored after this import looked for it (before and inside its
    transaction) is dropped as a duplicate. On PostgreSQL the COPY straight into the ledger
    fails on it: its savepoint is rolled back and the rows go again through a staging table
    with ON CONFLICT DO NOTHING; on SQLite every INSERT says ON CONFLICT DO NOTHING."""
    from jianfu.ledgers.models_rollup import LedgerRollup
    from jianfu.ledgers.services.rollup import rollup_rebuild

    data = _workbook()
    actor = Actor.command()
    unit = units["hk"]
    assert ledger_import(actor=actor, unit=unit, data=data, filename="a.xlsx").imported == LINES
    stored = _stored(unit)
    gone = LedgerEntry.objects.filter(unit=unit, source_sheet="参会")
    missing = gone.count()
    assert 0 < missing < LINES
    gone.delete()
    # as if the other writer committed only after both of this import's looks
    monkeypatch.setattr(imports, "existing_keys", lambda unit, rows: set())
    monkeypatch.setattr(imports, "keys_between", lambda unit, first, last: set())
    again = ledger_import(actor=actor, unit=unit, data=data, filename="a.xlsx")
    assert (again.imported, again.duplicates) == (missing, LINES - missing)
    assert _stored(unit) == stored  # each line once, as the first import stored it
    assert LedgerEntry.objects.filter(batch=again.batch).count() == missing

    def rollup() -> list[tuple]:
        rows = LedgerRollup.objects.filter(county_id=unit.county_id).values_list()
        return sorted((row[1:] for row in rows), key=repr)  # without the id

    counted = rollup()
    rollup_rebuild(unit.county_id)
    assert rollup() == counted  # the rollup counts each stored line once
