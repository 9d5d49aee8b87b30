"""The issue's "done when" for the bulletin: on a generated county, the figures in the .docx, the
.xlsx and `jianfu report --json` agree with each other and with a count made directly from the
ledger lines here."""

from __future__ import annotations

import io
import json
import random
from datetime import date, timedelta

import pytest
from django.core.management import call_command

from jianfu.filings.models import Quota
from jianfu.ledgers.models import LedgerEntry
from jianfu.ledgers.services.rollup import rollup_refresh_lines
from jianfu.org.models import Unit, UnitKind

from .conftest import line
from .readers import docx_tables, xlsx_sheets

pytestmark = pytest.mark.django_db

PRODUCED = {"发文": "documents", "办会": "meetings", "督查": "inspections"}


@pytest.fixture
def generated(county, units):
    """Eight more departments and a year of random lines of every kind and decision."""
    rng = random.Random(20250930)
    producers = [units["xwb"], units["ny"], units["jy"]] + [
        Unit.objects.create(
            county=county, code=f"QH-D{n}", name=f"县第{n}局", kind=UnitKind.DEPARTMENT
        )
        for n in range(8)
    ]
    everyone = [*producers, units["hk"], units["cg"], units["sw"]]
    lines = []
    for n in range(900):
        unit = rng.choice(everyone)
        kind = rng.choice(["发文", "办会", "督查", "收文", "参会", "受检"])
        day = date(2025, 1, 1) + timedelta(days=rng.randrange(365))
        roll = rng.random()
        if roll < 0.1:
            lines.append(line(county, unit, kind, day, f"简报{n}", counted=False, category="简报"))
        elif roll < 0.2:
            lines.append(line(county, unit, kind, day, f"上级{n}", counted=False, category="上级"))
        elif roll < 0.3:
            lines.append(line(county, unit, kind, day, f"应急{n}", quota=False, category="应急"))
        else:
            lines.append(line(county, unit, kind, day, f"事项{n}"))
    LedgerEntry.objects.bulk_create(lines)
    rollup_refresh_lines((e.county_id, e.unit_id, e.date) for e in lines)  # as services do
    for unit in producers:
        for kind in ("document", "meeting", "inspection"):
            Quota.objects.create(
                county=county, unit=unit, year=2025, kind=kind, amount=rng.randint(5, 30)
            )
    return producers


def direct_counts(county, start, end) -> dict[str, dict[str, int]]:
    """unit code → section → counted production lines, straight from LedgerEntry."""
    counts: dict[str, dict[str, int]] = {}
    for entry in LedgerEntry.objects.filter(
        county=county,
        date__gte=start,
        date__lte=end,
        unit__kind__in=[UnitKind.COUNTY, UnitKind.DEPARTMENT],
    ).select_related("unit"):
        if entry.kind not in PRODUCED:
            continue
        figures = counts.setdefault(
            entry.unit.code,
            {
                "documents": 0,
                "meetings": 0,
                "inspections": 0,
                "briefs": 0,
                "emergency": 0,
            },
        )
        if entry.counted:
            figures[PRODUCED[entry.kind]] += 1
            if entry.category == "应急":
                figures["emergency"] += 1
        elif entry.category == "简报" and entry.kind == "发文":
            figures["briefs"] += 1
    return counts


def test_docx_xlsx_json_and_the_ledger_agree(county, generated, tmp_path):
    out = io.StringIO()
    call_command(
        "report",
        "quarterly",
        "--period",
        "2025-Q3",
        "--format",
        "json",
        stdout=out,
        stderr=io.StringIO(),
    )
    data = json.loads(out.getvalue())
    call_command(
        "report",
        "quarterly",
        "--period",
        "2025-Q3",
        "--format",
        "docx",
        "-o",
        str(tmp_path / "b.docx"),
        stderr=io.StringIO(),
    )
    call_command(
        "report",
        "quarterly",
        "--period",
        "2025-Q3",
        "--format",
        "xlsx",
        "-o",
        str(tmp_path / "b.xlsx"),
        stderr=io.StringIO(),
    )

    # 1. the JSON against the ledger, counted here
    direct = direct_counts(county, date(2025, 7, 1), date(2025, 9, 30))
    for key in ("documents", "meetings", "inspections", "briefs", "emergency"):
        assert data["totals"][key] == sum(c[key] for c in direct.values()), key
    assert data["totals"]["documents"] > 10 and data["totals"]["briefs"] > 0
    by_unit = {u["unit"]: u for u in data["units"]}
    for code, figures in direct.items():
        for key, value in figures.items():
            assert by_unit[code][key] == value, (code, key)
    for unit in generated:
        used = LedgerEntry.objects.filter(
            unit=unit,
            kind="发文",
            counted=True,
            quota_charged=True,
            date__gte=date(2025, 1, 1),
            date__lte=date(2025, 9, 30),
        ).count()
        assert by_unit[unit.code]["used"]["documents"] == used

    # 2. the .docx tables against the JSON
    tables = docx_tables((tmp_path / "b.docx").read_bytes())
    change = {row[0]: row[1:] for row in tables["项目/本季度/上季度"][1:]}
    assert change["发文（件）"][0] == str(data["totals"]["documents"])
    assert change["会议（个）"][0] == str(data["totals"]["meetings"])
    assert change["督查检查考核（次）"][0] == str(data["totals"]["inspections"])
    assert change["简报（期）"][0] == str(data["totals"]["briefs"])
    assert change["提醒（人次）"][0] == str(data["totals"]["reminders"])
    assert change["发文（件）"][1] == str(data["previous"]["totals"]["documents"])
    units_rows = tables["序号/单位/发文"][1:]
    assert len(units_rows) == len(data["units"])
    names = {u["name"]: u for u in data["units"]}
    for row in units_rows:
        unit = names[row[1]]
        assert row[2:7] == [
            str(unit[k]) for k in ("documents", "meetings", "inspections", "briefs", "reminders")
        ]
    assert sum(int(r[2]) for r in units_rows) == data["totals"]["documents"]
    quota_rows = tables["序号/单位/类别"][1:]
    assert len(quota_rows) == len(data["quota_use"]) == 33
    for row, use in zip(quota_rows, data["quota_use"], strict=True):
        assert row[3:5] == [str(use["used"]), str(use["quota"])]
        assert row[7] == str(use["projected"])

    # 3. the .xlsx against the JSON
    sheets = xlsx_sheets((tmp_path / "b.xlsx").read_bytes())
    header, *rows = sheets["各单位"]
    assert header[:7] == ["单位编码", "单位", "发文", "会议", "督查检查考核", "简报", "应急类"]
    assert {r[0]: r[2:5] for r in rows} == {
        u["unit"]: [u["documents"], u["meetings"], u["inspections"]] for u in data["units"]
    }
    overall = {r[0]: r[1] for r in sheets["总体情况"][1:]}
    assert overall["发文（件）"] == data["totals"]["documents"]
    assert overall["应急类（件）"] == data["totals"]["emergency"]
    assert [r[4:6] for r in sheets["数额使用"][1:]] == [
        [u["used"], u["quota"]] for u in data["quota_use"]
    ]
    assert [r[0] for r in sheets["走势"][1:]] == ["2025-Q2", "2025-Q3"]
