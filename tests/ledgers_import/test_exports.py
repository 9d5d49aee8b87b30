"""The export services the web UI shares with the CLI: template, scope, audit, neutralised cells."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jianfu.core.actor import Actor
from jianfu.core.models import AuditEvent
from jianfu.ledgers.classify import LineInput
from jianfu.ledgers.exports import ledger_export, ledger_export_xlsx, ledger_template_xlsx
from jianfu.ledgers.models import LedgerEntry
from jianfu.ledgers.services.entries import ledger_entry_create
from jianfu.ledgers.services.imports import LedgerImportRefused, ledger_import

from .helpers import cli_actor, hekou_workbook

pytestmark = pytest.mark.django_db


def test_the_empty_template_has_every_kind_and_imports_as_empty():
    workbook = openpyxl.load_workbook(io.BytesIO(ledger_template_xlsx()))
    assert workbook.sheetnames == ["收文", "发文", "参会", "办会", "受检", "督查"]
    assert [c.value for c in workbook["参会"][1]] == [
        "日期", "召集单位", "文号", "标题", "文种", "会议形式", "时长（分钟）", "检查类型",
        "是否要求提供材料", "备注",
    ]  # fmt: skip
    assert [c.value for c in workbook["受检"][1]][1] == "实施单位"
    assert workbook["收文"].max_row == 1


def test_a_filled_template_imports(units):
    workbook = openpyxl.load_workbook(io.BytesIO(ledger_template_xlsx()))
    workbook["参会"].append(
        [dt.date(2025, 9, 3), "县委办公室", None, "全县秋冬季安全生产工作会议", None, "视频", 120]
    )
    workbook["受检"].append(
        [
            dt.date(2025, 9, 10),
            "县农业农村局",
            None,
            "秋粮收购专项检查",
            None,
            None,
            None,
            "检查",
            "是",
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = ledger_import(
        actor=cli_actor(), unit=units["hk"], data=buffer.getvalue(), filename="模板.xlsx"
    )
    assert (result.imported, result.errors) == (2, [])
    inspected = LedgerEntry.objects.get(kind="受检")
    assert inspected.materials_requested is True and inspected.inspection_type == "检查"
    assert LedgerEntry.objects.get(kind="参会").duration_minutes == 120


def test_export_checks_scope_and_audits(units, users):
    ledger_import(actor=cli_actor(), unit=units["hk"], data=hekou_workbook(), filename="a.xlsx")
    with pytest.raises(PermissionDenied):
        ledger_export(actor=Actor.command(users["clerk_jy"]), unit=units["hk"], fmt="json")
    with pytest.raises(PermissionDenied):  # the system administrator sees no business rows
        ledger_export(actor=Actor.command(users["sysadmin"]), unit=units["hk"], fmt="json")
    doc = ledger_export(actor=Actor.command(users["clerk_hk"]), unit=units["hk"], fmt="json")
    assert len(doc["entries"]) == 6
    content = ledger_export(actor=Actor.command(users["coordinator"]), unit=units["hk"])
    assert openpyxl.load_workbook(io.BytesIO(content))["收文"].max_row == 7
    events = AuditEvent.objects.filter(action="export").order_by("id")
    assert [e.username for e in events] == ["clerk_hk", "coordinator"]
    assert events[0].after["entries"] == 6 and events[0].after["format"] == "json"


def test_template_refuses_an_empty_import(units):
    with pytest.raises(LedgerImportRefused) as refused:
        ledger_import(
            actor=cli_actor(), unit=units["hk"], data=ledger_template_xlsx(), filename="t.xlsx"
        )
    assert refused.value.code == "empty"


_day = iter(range(10_000))
# NUL is left out: PostgreSQL text cannot hold it (the entry service's concern, not the export's)
TEXT = st.text(st.characters(exclude_characters="\x00"), min_size=1, max_size=40)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=TEXT.filter(lambda t: t.strip()))
def test_exported_cells_never_run_and_keep_the_text(units, text):
    """R12 for the ledger export: any title or counterpart comes back as text, never a formula."""
    day = dt.date(2025, 1, 1) + dt.timedelta(days=next(_day))
    ledger_entry_create(
        actor=cli_actor(),
        unit=units["cg"],
        line=LineInput(kind="收文", date=day, title=text, counterpart=text, remarks=text),
    )
    workbook = openpyxl.load_workbook(io.BytesIO(ledger_export_xlsx(units["cg"], day, day)))
    row = workbook["收文"][2]
    for cell in row:
        assert cell.data_type != "f"
    stored = LedgerEntry.objects.get(unit=units["cg"], date=day)
    shown = row[3].value
    assert shown in (stored.title, "'" + stored.title) or "\ufffd" in shown
