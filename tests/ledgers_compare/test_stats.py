"""The derived statistics: figures checked against counts computed directly from the lines."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

import pytest

from jianfu.ledgers.models import LedgerEntry
from jianfu.ledgers.selectors.stats import county_statistics, ledger_stats, unit_statistics

from .helpers import add_lines

RECEIVED = [
    ("收文", "县委办公室", "关于做好{s}工作的通知", {}),
    ("收文", "县农业农村局", "关于开展{s}情况调查的通知", {}),
    ("收文", "县委办公室", "关于表彰{s}先进集体的决定", {}),
    ("收文", "市委办公室", "关于做好全市{s}工作的通知", {}),
    ("参会", "县农业农村局", "全县{s}工作推进会", {}),
    ("参会", "县委办公室", "全县{s}视频调度会", {"meeting_form": "视频"}),
    ("受检", "县教育局", "{s}专项督查", {"inspection_type": "督查"}),
]
PRODUCED = [
    ("发文", "各乡镇", "关于做好{s}工作的通知", {}),
    ("发文", "各乡镇", "{s}工作简报第{n}期", {}),
    ("发文", "各乡镇", "关于做好{s}紧急应急处置工作的紧急通知", {}),
    ("发文", "局机关各股室", "关于表彰{s}工作先进个人的决定", {}),
    ("办会", "各乡镇", "全县{s}工作部署会", {}),
    ("督查", "各乡镇", "{s}工作专项督查", {"inspection_type": "督查"}),
]
SUBJECTS = ["春耕生产", "森林防火", "秋粮收购", "人居环境整治", "安全生产", "防汛抗旱", "河长制"]


def _specs(rng: random.Random, templates, count: int) -> list[dict]:
    specs = []
    for n in range(count):
        kind, counterpart, title, extra = rng.choice(templates)
        day = date(2025, 1, 1) + timedelta(days=rng.randrange(0, 400))
        subject = rng.choice(SUBJECTS)
        specs.append(
            {
                "kind": kind,
                "date": day,
                "counterpart": counterpart,
                "title": title.format(s=subject, n=n + 1) + f"（{n}）",
                **extra,
            }
        )
    return specs


@pytest.fixture
def ledgers(units):
    rng = random.Random(20250807)
    add_lines(units["hk"], _specs(rng, RECEIVED, 120))
    add_lines(units["cg"], _specs(rng, RECEIVED, 80))
    add_lines(units["ny"], _specs(rng, PRODUCED, 90))
    add_lines(units["xwb"], _specs(rng, PRODUCED, 60))
    return units


START, END = date(2025, 1, 1), date(2025, 12, 31)


def _in_year(**filters):
    return LedgerEntry.objects.filter(date__gte=START, date__lte=END, **filters)


def test_ledger_stats_matches_direct_counts(county, ledgers):
    rows = ledger_stats(county, START, END)
    expected = Counter()
    quota = Counter()
    for e in _in_year(counted=True):
        expected[(e.unit_id, e.kind, e.category)] += 1
        quota[(e.unit_id, e.kind, e.category)] += e.quota_charged
    got = {(r["unit"], r["kind"], r["category"]): r["counted"] for r in rows}
    assert got == dict(expected)
    assert {(r["unit"], r["kind"], r["category"]): r["quota_charged"] for r in rows} == dict(quota)
    # the year's lines include some of every decision, so the figures mean something
    assert _in_year(counted=False).exists() and sum(got.values()) > 100


def test_ledger_stats_other_groupings_and_units(county, ledgers):
    hk = ledgers["hk"]
    rows = ledger_stats(county, START, END, unit_ids=[hk.pk], group_by=("rule",))
    expected = Counter(e.rule for e in _in_year(unit=hk, counted=True))
    assert {r["rule"]: r["counted"] for r in rows} == dict(expected)
    with pytest.raises(ValueError):
        ledger_stats(county, START, END, group_by=("colour",))


def test_unit_statistics(ledgers):
    hk = ledgers["hk"]
    stats = unit_statistics(hk, date(2025, 3, 1), date(2025, 8, 31))
    lines = list(
        LedgerEntry.objects.filter(unit=hk, date__gte=date(2025, 3, 1), date__lte=date(2025, 8, 31))
    )
    counted = [e for e in lines if e.counted]
    assert stats["total"] == len(counted)
    assert stats["by_kind"]["收文"] == sum(e.kind == "收文" for e in counted)
    assert stats["by_kind"]["参会"] == sum(e.kind == "参会" for e in counted)
    assert stats["sections"]["inspections"] == sum(e.kind == "受检" for e in counted)
    assert stats["quota_charged"] == sum(e.quota_charged for e in counted)
    assert stats["unit"] == "QH-HK"
    # higher-level and commendation lines are recorded but not counted
    assert any(not e.counted and e.rule == "O-UP-1" for e in lines)
    assert any(not e.counted and e.rule == "D-OUT-2" for e in lines)


def test_county_statistics_counts_what_county_units_produced(county, ledgers):
    stats = county_statistics(county, START, END)
    produced = list(_in_year(unit__kind__in=["county", "department"]))
    counted = [e for e in produced if e.counted]
    totals = stats["totals"]
    assert totals["documents"] == sum(e.kind == "发文" for e in counted)
    assert totals["meetings"] == sum(e.kind == "办会" for e in counted)
    assert totals["inspections"] == sum(e.kind == "督查" for e in counted)
    assert totals["briefs"] == sum(e.kind == "发文" and e.category == "简报" for e in produced)
    assert totals["emergency"] == sum(e.category == "应急" for e in counted)
    assert totals["briefs"] > 0 and totals["emergency"] > 0
    # townships' received lines never enter the county's production figures
    by_unit = {row["unit"]: row for row in stats["units"]}
    assert set(by_unit) == {"QH-NY", "QH-XWB"}
    ny = [e for e in counted if e.unit.code == "QH-NY"]
    assert by_unit["QH-NY"]["documents"] == sum(e.kind == "发文" for e in ny)
    assert by_unit["QH-NY"]["quota"]["documents"] == sum(
        e.kind == "发文" and e.quota_charged for e in ny
    )
