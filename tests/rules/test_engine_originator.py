"""Originator rules (O-*), level resolution, order of stages, and properties of the engine."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jianfu.rules.data import default_ruleset_data
from jianfu.rules.engine import LineFacts, criteria_classify, negative_list_hits
from tests.rules.helpers import EXPECTED_RULE_CODES, decide

KINDS = ("收文", "发文", "参会", "办会", "受检", "督查")
LEVELS = ("higher", "county", "department", "township", "unknown")


@pytest.mark.parametrize("kind", KINDS)
def test_higher_level_originator_is_recorded_not_counted(kind):
    d = decide(
        kind, "关于表彰先进的决定", "higher", counterpart="省委办公厅", unit_name="市农业农村局"
    )
    assert (d.rule, d.counted, d.quota_charged, d.category) == ("O-UP-1", False, False, "上级")


@pytest.mark.parametrize("kind", KINDS)
def test_township_originator_is_not_counted(kind):
    d = decide(kind, "关于做好春耕生产工作的通知", "township", counterpart="城关镇")
    assert (d.rule, d.counted, d.category) == ("O-TWP-1", False, "乡镇")


@pytest.mark.parametrize(
    "name",
    [
        "省委",
        "省委办公厅",
        "市委办公室",
        "市农业农村局",
        "中共江门市委",
        "江门市农业农村局",
        "湖南省农业农村厅",
        "中共湖南省委组织部",
        "江门市人民政府办公室",
        "市防汛抗旱指挥部",
        "市政府办公室",
        "市民政局",
        "市政府",
    ],
)
def test_unknown_counterpart_named_higher_is_O_UP_1(name):
    d = decide("收文", "关于做好春耕生产工作的紧急通知", "unknown", counterpart=name)
    assert d.rule == "O-UP-1", d.reason
    assert d.level == "higher"
    assert f"来文单位“{name}”名称显示为上级机关" in d.reason


@pytest.mark.parametrize(
    "name",
    [
        "县市场监督管理局",
        "市政工程管理处",
        "市民服务中心",
        "城市管理局",
        "市场监管所",
        "县委办",
        "青河县城市管理综合执法局",
        "某某协会",
    ],
)
def test_unknown_counterpart_not_higher_is_a_county_department(name):
    d = decide("收文", "关于做好春耕生产工作的通知", "unknown", counterpart=name)
    assert d.rule == "D-IN-2", d.reason
    assert d.level == "department"
    assert "未对应到本县单位，按县直部门处理" in d.reason


def test_unknown_without_counterpart_is_a_department_and_says_so():
    d = decide("参会", "全县春耕工作会议", "unknown")
    assert (d.rule, d.level) == ("M-IN-2", "department")
    assert d.reason.startswith("主办单位未填写，按县直部门处理")


def test_originator_rules_come_first():
    # an emergency from the province is still a higher-level document
    d = decide("收文", "关于紧急做好防汛工作的通知", "higher", counterpart="省防指")
    assert d.rule == "O-UP-1"
    # a county-leadership commendation 决定 is D-OUT-2, not D-IN-1
    assert decide("收文", "关于表彰2024年度先进集体的决定", "county").rule == "D-OUT-2"


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="unknown ledger kind"):
        decide("来文", "关于做好春耕的通知")


def test_negative_list_title_checks():
    rs = default_ruleset_data()
    hits = negative_list_hits(
        rs,
        LineFacts(
            kind="发文",
            title="关于做好迎接省级文明城市检查相关准备工作的通知",
            originator_level="department",
        ),
    )
    assert [h.code for h in hits] == ["N-D-06"]
    assert hits[0].reason.endswith("（N-D-06）")
    hits = negative_list_hits(
        rs,
        LineFacts(
            kind="发文",
            title="关于报送学习贯彻落实情况的通知",
            originator_level="department",
            counterpart="各乡镇党委、政府",
        ),
    )
    assert {h.code for h in hits} == {"N-D-09", "N-D-10"}
    hits = negative_list_hits(
        rs,
        LineFacts(
            kind="督查",
            title="农业产业发展调研",
            originator_level="department",
            materials_requested=True,
            remarks="请提供会议记录和拍照留痕材料",
        ),
    )
    assert {h.code for h in hits} == {"N-I-03", "N-I-07", "N-I-08"}
    assert negative_list_hits(rs, LineFacts(kind="参会", title="全县春耕工作会议")) == []


@settings(max_examples=300, deadline=None)
@given(
    kind=st.sampled_from(KINDS),
    level=st.sampled_from(LEVELS),
    title=st.text(max_size=80),
    genre=st.one_of(st.just(""), st.text(max_size=6), st.sampled_from(["通知", "简报", "便函"])),
    counterpart=st.text(max_size=20),
    doc_no=st.text(max_size=20),
    materials=st.sampled_from([True, False, None]),
)
def test_engine_never_raises_and_always_returns_a_known_code(
    kind, level, title, genre, counterpart, doc_no, materials
):
    rs = default_ruleset_data()
    d = criteria_classify(
        rs,
        LineFacts(
            kind=kind,
            title=title,
            genre=genre,
            originator_level=level,
            counterpart=counterpart,
            doc_no=doc_no,
            materials_requested=materials,
        ),
    )
    assert d.rule in EXPECTED_RULE_CODES
    assert d.reason.endswith(f"（{d.rule}）")
    assert d.quota_charged <= d.counted  # quota-charged only when counted
    assert d.level in ("higher", "county", "department", "township")


WORDS = [
    "关于",
    "做好",
    "开展",
    "表彰",
    "防汛",
    "紧急",
    "调研",
    "材料",
    "督查",
    "暨",
    "培训会",
    "党组会",
    "信息",
    "第3期",
    "的通知",
    "的决定",
    "会议",
    "检查",
    "暗访",
    "巡察",
    "简报",
]


@settings(max_examples=300, deadline=None)
@given(
    kind=st.sampled_from(KINDS),
    level=st.sampled_from(LEVELS),
    parts=st.lists(st.sampled_from(WORDS), max_size=8),
)
def test_rule_section_matches_the_kind_and_decision_is_deterministic(kind, level, parts):
    rs = default_ruleset_data()
    facts = LineFacts(kind=kind, title="".join(parts), originator_level=level)
    first, second = criteria_classify(rs, facts), criteria_classify(rs, facts)
    assert first == second
    assert first.section == rs.kinds[kind].section
    assert kind in rs.rule(first.rule).kinds
