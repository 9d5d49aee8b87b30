"""Inspections (受检 / 督查): every I-* code with realistic titles, and the near misses."""

from __future__ import annotations

import pytest

from tests.rules.helpers import decide

CASES = [
    # I-IN-1 督查 督导 检查 考核 评比 达标 验收 创建 by county units
    ("受检", "县委督查室对河口乡重点项目推进情况督查", "county", {}, "I-IN-1"),
    ("督查", "2025年上半年乡镇安全生产工作检查", "department", {}, "I-IN-1"),
    ("受检", "全国文明城市创建工作考核验收", "county", {}, "I-IN-1"),
    ("受检", "乡镇卫生院达标评比", "department", {"inspection_type": "考核"}, "I-IN-1"),
    ("督查", "秸秆禁烧工作督导", "department", {"inspection_type": "督查"}, "I-IN-1"),
    # I-IN-2 research that asks for materials, from the field or the title
    ("受检", "乡村振兴工作调研", "county", {"materials_requested": True}, "I-IN-2"),
    ("受检", "关于基层减负工作的调研（需提供工作台账）", "county", {}, "I-IN-2"),
    ("督查", "农村集体经济发展情况调研并排名", "department", {}, "I-IN-2"),
    (
        "受检",
        "耕地保护专题调研",
        "department",
        {"inspection_type": "调研", "remarks": "要求提供佐证材料"},
        "I-IN-2",
    ),
    # I-IN-3 unannounced visits
    ("受检", "农村人居环境整治暗访", "county", {}, "I-IN-3"),
    ("督查", "安全生产明察暗访", "department", {}, "I-IN-3"),
    ("受检", "食品安全“四不两直”抽查", "department", {}, "I-IN-3"),
    ("受检", "营商环境专项检查", "county", {"inspection_type": "暗访"}, "I-IN-3"),
    # I-OUT-1 research that asks for nothing
    ("受检", "乡村振兴工作调研", "county", {}, "I-OUT-1"),
    ("督查", "关于农村养老服务情况的调研", "department", {"materials_requested": False}, "I-OUT-1"),
    ("受检", "县领导到河口乡调研特色产业发展", "county", {"inspection_type": "调研"}, "I-OUT-1"),
    # I-OUT-2 statutory supervision
    ("受检", "县委第二巡察组对河口乡党委开展常规巡察", "county", {}, "I-OUT-2"),
    ("受检", "乡镇党委书记经济责任审计", "department", {"counterpart": "县审计局"}, "I-OUT-2"),
    ("受检", "省委巡视组巡视反馈问题整改", "county", {}, "I-OUT-2"),
    ("督查", "纪律审查和执纪执法工作", "county", {}, "I-OUT-2"),
    # I-OUT-3 law-enforcement inspections under a statute
    ("受检", "安全生产执法检查", "department", {"counterpart": "县应急管理局"}, "I-OUT-3"),
    ("督查", "2025年度市场监管“双随机、一公开”抽查", "department", {}, "I-OUT-3"),
    ("受检", "生态环境行政执法检查", "department", {}, "I-OUT-3"),
    # I-EM-1 inspections ordered in an emergency
    ("受检", "防汛紧急检查", "county", {}, "I-EM-1"),
    ("督查", "地质灾害隐患点应急排查", "department", {}, "I-EM-1"),
    ("受检", "森林火险紧急督查", "county", {}, "I-EM-1"),
]

NEAR_MISSES = [
    # research with 督导 is an inspection, not plain research
    ("受检", "乡村振兴工作调研督导", "county", {}, "I-IN-1"),
    # research with materials field set wins over title without words
    ("受检", "县领导到河口乡调研", "county", {"materials_requested": True}, "I-IN-2"),
    # an unannounced research visit counts
    ("受检", "暗访调研", "county", {}, "I-IN-3"),
    # a theme alone is routine
    ("受检", "森林防火工作检查", "department", {}, "I-IN-1"),
    # an ordinary safety check is no law enforcement
    ("受检", "安全生产工作检查", "department", {}, "I-IN-1"),
    # 应急管理局 is no urgency word
    ("督查", "应急管理局对乡镇防汛物资储备的检查", "department", {}, "I-IN-1"),
    # a line on the inspections ledger without any special word is still an inspection
    ("受检", "县农业农村局来乡指导工作", "department", {}, "I-IN-1"),
]


@pytest.mark.parametrize(("kind", "title", "level", "extra", "code"), CASES + NEAR_MISSES)
def test_inspection_rules(kind, title, level, extra, code):
    decision = decide(kind, title, level, **extra)
    assert decision.rule == code, decision.reason
    assert decision.section == "inspections"


def test_inspection_reasons_and_flags():
    d = decide("受检", "乡村振兴工作调研", "county", materials_requested=True)
    assert (d.counted, d.quota_charged, d.category) == (True, True, "县级")
    assert "要求提供材料" in d.reason
    d = decide("受检", "乡村振兴工作调研", "county")
    assert (d.counted, d.quota_charged) == (False, False)
    assert d.reason == "标题含“调研”，属未要求提供材料、不排名打分的一般调研，不计入统计（I-OUT-1）"
    d = decide("受检", "防汛紧急检查", "county")
    assert (d.counted, d.quota_charged, d.category) == (True, False, "应急")
    d = decide("受检", "耕地保护专题调研", "department", remarks="要求提供佐证材料")
    assert "备注含“材料”" in d.reason or "备注含“佐证”" in d.reason
