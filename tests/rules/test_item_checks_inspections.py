"""Item checks for inspections (L-I-*, N-I-*, QUOTA), pass and fail, without the database."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from jianfu.rules.data import default_ruleset_data
from jianfu.rules.item_checks import CheckContext, PlanRef, QuotaInfo, item_checks

from .item_check_helpers import DAY, check, codes, facts, past

PLAN = PlanRef("2025-NY-01", "inspection", "高标准农田建设督查")


@pytest.mark.parametrize("code", ["L-I-1", "N-I-01"])
@pytest.mark.parametrize(
    ("changes", "plans", "result", "words"),
    [
        ({"plan_item": "2025-NY-01", "one_off": False}, (PLAN,), "pass", "2025-NY-01"),
        (
            {"plan_item": "2025-NY-09", "one_off": False},
            (PLAN,),
            "fail",
            "不在本单位2025年度督检考计划中",
        ),
        ({"one_off": True}, (), "pass", "一事一报"),
        ({"one_off": False}, (PLAN,), "fail", "未列入本单位2025年度督检考计划"),
    ],
)
def test_plan_or_one_off(code, changes, plans, result, words):
    found = check(code, facts("inspection", **changes), CheckContext(plans=plans))
    assert found.result == result and words in found.reason, found


def test_n_i_06_and_l_i_2_one_plan_item_split_into_several_visits():
    item = facts("inspection", plan_item="2025-NY-01", one_off=False)
    first = past(
        "inspection",
        "高标准农田建设督查（第一批）",
        DAY - timedelta(days=20),
        plan_item="2025-NY-01",
    )
    ctx = CheckContext(plans=(PLAN,), earlier=(first,))
    for code in ("N-I-06", "L-I-2"):
        found = check(code, item, ctx)
        assert found.result == "fail" and "2025-NY-01" in found.reason, found
    assert check("N-I-06", item, CheckContext(plans=(PLAN,))).result == "pass"


def test_l_i_2_one_comprehensive_inspection_a_year():
    item = facts("inspection", comprehensive=True)
    other = past("inspection", "农业农村综合督查", date(2025, 3, 1), comprehensive=True)
    assert check("L-I-2", item, CheckContext(earlier=(other,))).result == "fail"
    assert check("L-I-2", item).result == "pass"


@pytest.mark.parametrize("code", ["L-I-3", "N-I-08"])
def test_trace_materials(code):
    found = check(code, facts("inspection", materials=("工作台账", "照片")))
    assert found.result == "fail" and "照片" in found.reason
    assert check(code, facts("inspection", materials=("工作台账",))).result == "pass"


def test_n_i_02_same_townships_same_quarter_overlapping_subject():
    item = facts("inspection", targets=("QH-HK", "QH-CG"))
    same = past(
        "inspection",
        "高标准农田建设专项检查",
        date(2025, 5, 10),
        same_unit=False,
        audience=("QH-HK",),
    )
    failed = check("N-I-02", item, CheckContext(earlier=(same,)))
    assert failed.result == "fail" and "《高标准农田建设专项检查》" in failed.reason
    other_quarter = past(
        "inspection", "高标准农田建设专项检查", date(2025, 3, 10), audience=("QH-HK",)
    )
    other_town = past(
        "inspection", "高标准农田建设专项检查", date(2025, 5, 10), audience=("QH-LL",)
    )
    every_town = past(
        "inspection", "高标准农田建设专项检查", date(2025, 5, 10), audience=("各乡镇（街道）",)
    )
    assert check("N-I-02", item, CheckContext(earlier=(other_quarter, other_town))).result == "pass"
    township_item = facts("inspection", targets=("各乡镇（街道）",))
    assert check("N-I-02", township_item, CheckContext(earlier=(every_town,))).result == "fail"


def test_n_i_03_research_that_asks_for_materials():
    research = facts("inspection", inspection_type="调研", title="农村人居环境调研")
    assert check("N-I-03", research).result == "pass"
    found = check("N-I-03", facts("inspection", inspection_type="调研", materials=("报表",)))
    assert found.result == "fail" and "（N-I-03）" in found.reason


def test_n_i_07_materials_requested():
    assert check("N-I-07", facts("inspection", materials=("报表",))).result == "fail"
    assert check("N-I-07", facts("inspection")).result == "pass"


def test_n_i_09_inspection_right_after_deployment():
    item = facts("inspection")
    deploy = past("document", "关于加快高标准农田建设的通知", DAY - timedelta(days=10))
    failed = check("N-I-09", item, CheckContext(earlier=(deploy,)))
    assert failed.result == "fail" and "不足15日" in failed.reason
    older = past("document", "关于加快高标准农田建设的通知", DAY - timedelta(days=20))
    assert check("N-I-09", item, CheckContext(earlier=(older,))).result == "pass"


def test_n_i_10_principal_accompanying():
    assert check("N-I-10", facts("inspection", requires_principal=True)).result == "fail"
    assert check("N-I-10", facts("inspection")).result == "pass"


@pytest.mark.parametrize("code", ["N-I-04", "N-I-05"])
def test_reviewer_items_are_declared(code):
    assert check(code, facts("inspection")).result == "declare"


def test_quota_and_codes():
    ctx = CheckContext(quota=QuotaInfo(4, 0, 4, 0))
    assert check("QUOTA", facts("inspection"), ctx).result == "fail"
    statutory = facts("inspection", title="县委第二巡察组巡察", inspection_type="检查")
    assert check("QUOTA", statutory, ctx).result == "pass"
    assert codes(facts("inspection")) == [
        "L-I-1",
        "L-I-2",
        "L-I-3",
        "N-I-01",
        "N-I-02",
        "N-I-03",
        "N-I-04",
        "N-I-05",
        "N-I-06",
        "N-I-07",
        "N-I-08",
        "N-I-09",
        "N-I-10",
        "QUOTA",
    ]


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        item_checks(
            default_ruleset_data(), replace(facts("inspection"), kind="visit"), CheckContext()
        )
