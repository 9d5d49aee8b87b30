"""Item checks for meetings (L-M-*, N-M-*, QUOTA), pass and fail, without the database."""

from __future__ import annotations

from datetime import timedelta

import pytest

from jianfu.rules.item_checks import CheckContext, PlanRef, QuotaInfo

from .item_check_helpers import DAY, check, codes, facts, past


@pytest.mark.parametrize(
    ("changes", "result", "words"),
    [
        ({"main_speech_minutes": 60}, "pass", "主要讲话60分钟，未超过60分钟"),
        ({"main_speech_minutes": 75}, "fail", "主要讲话75分钟，超过60分钟上限"),
        ({"main_speech_minutes": None}, "declare", "未填写主要讲话时长"),
    ],
)
def test_l_m_1_main_speech(changes, result, words):
    found = check("L-M-1", facts("meeting", **changes))
    assert (found.result, words in found.reason) == (result, True), found


@pytest.mark.parametrize(
    ("form", "minutes", "unit_kind", "result", "words"),
    [
        ("视频", 150, "department", "fail", "计划时长150分钟，超过视频会议90分钟上限"),
        ("电视电话", 90, "department", "pass", "未超过电视电话会议90分钟上限"),
        ("现场", 300, "county", "fail", "超过县级会议240分钟上限"),
        ("现场", 300, "department", "pass", "未超过部门会议480分钟上限"),
        ("现场", 500, "department", "fail", "计划时长500分钟，超过部门会议480分钟上限"),
    ],
)
def test_l_m_2_duration_by_form_and_level(form, minutes, unit_kind, result, words):
    item = facts("meeting", meeting_form=form, duration_minutes=minutes)
    found = check("L-M-2", item, CheckContext(unit_kind=unit_kind))
    assert found.result == result and words in found.reason, found


@pytest.mark.parametrize("code", ["L-M-3", "N-M-06"])
@pytest.mark.parametrize(
    ("convener", "attendees", "result"),
    [
        ("分管负责同志", (("各乡镇（街道）", "主要负责同志"),), "fail"),
        ("分管负责同志", (("各乡镇（街道）", "分管负责同志"),), "pass"),
        ("主要负责同志", (("各乡镇（街道）", "主要负责同志"),), "pass"),
        ("分管负责同志", (("县直各部门", "主要负责同志"),), "pass"),
    ],
)
def test_deputy_leader_does_not_summon_township_principals(code, convener, attendees, result):
    found = check(code, facts("meeting", convener_level=convener, attendees=attendees))
    assert found.result == result, found
    if result == "fail":
        assert "分管负责同志" in found.reason and "各乡镇（街道）" in found.reason


@pytest.mark.parametrize("code", ["L-M-4", "N-M-07"])
def test_comprehensive_meeting_once_a_year_per_system(code):
    item = facts("meeting", comprehensive=True, title="全县农业农村工作会议")
    earlier = past(
        "meeting",
        "农业农村综合工作会议",
        DAY - timedelta(days=90),
        comprehensive=True,
        same_unit=False,
        system="农业",
    )
    same_system = CheckContext(unit_system="农业", earlier=(earlier,))
    other_system = CheckContext(unit_system="教育", earlier=(earlier,))
    failed = check(code, item, same_system)
    assert failed.result == "fail" and "农业农村综合工作会议" in failed.reason
    assert check(code, item, other_system).result == "pass"
    assert check(code, facts("meeting"), same_system).result == "pass"
    last_year = past("meeting", "x", DAY.replace(year=2024), comprehensive=True)
    assert check(code, item, CheckContext(earlier=(last_year,))).result == "pass"


def test_n_m_02_meeting_after_a_document_on_the_same_subject():
    item = facts("meeting", title="全县夏粮收购工作推进会")
    recent = past("document", "关于做好2025年夏粮收购工作的通知", DAY - timedelta(days=10))
    old = past("document", "关于做好2025年夏粮收购工作的通知", DAY - timedelta(days=40))
    other = past("document", "关于开展校园安全检查的通知", DAY - timedelta(days=3))
    failed = check("N-M-02", item, CheckContext(earlier=(recent,)))
    assert failed.result == "fail" and "夏粮收购" in failed.reason
    assert check("N-M-02", item, CheckContext(earlier=(old, other))).result == "pass"
    uncounted = past(
        "document", "关于做好夏粮收购工作的通知", DAY - timedelta(days=3), counted=False
    )
    assert check("N-M-02", item, CheckContext(earlier=(uncounted,))).result == "pass"


def test_n_m_03_suggests_merging_with_another_meeting_naming_it():
    item = facts("meeting", title="全县夏粮收购工作推进会")
    near = past(
        "meeting",
        "夏粮收购调度会",
        DAY + timedelta(days=5),
        same_unit=False,
        audience=("各乡镇（街道）",),
    )
    far = past("meeting", "夏粮收购调度会", DAY + timedelta(days=10), audience=("各乡镇（街道）",))
    others = past("meeting", "夏粮收购调度会", DAY + timedelta(days=2), audience=("县直各部门",))
    failed = check("N-M-03", item, CheckContext(earlier=(near,)))
    assert failed.result == "fail"
    assert "《夏粮收购调度会》" in failed.reason and "合并" in failed.reason
    assert check("N-M-03", item, CheckContext(earlier=(far, others))).result == "pass"


@pytest.mark.parametrize(
    ("changes", "plans", "result", "words"),
    [
        (
            {"plan_item": "P-1", "one_off": False},
            (PlanRef("P-1", "meeting", "夏粮收购推进会"),),
            "pass",
            "P-1",
        ),
        ({"plan_item": "P-9", "one_off": False}, (), "fail", "“P-9”不在本单位2025年度会议计划中"),
        (
            {"plan_item": "P-1", "one_off": False},
            (PlanRef("P-1", "meeting", "夏粮收购推进会", approved=False),),
            "fail",
            "尚未审定",
        ),
        ({"one_off": True}, (), "pass", "一事一报"),
        (
            {"one_off": False, "in_plan": True},
            (PlanRef("P-2", "meeting", "夏粮收购工作推进会"),),
            "pass",
            "P-2",
        ),
        (
            {"one_off": False, "in_plan": True},
            (PlanRef("P-3", "meeting", "校园安全工作会"),),
            "fail",
            "未找到相符事项",
        ),
        ({"one_off": False}, (), "fail", "未列入本单位2025年度会议计划"),
    ],
)
def test_n_m_08_annual_meeting_plan(changes, plans, result, words):
    found = check("N-M-08", facts("meeting", **changes), CheckContext(plans=plans))
    assert found.result == result and words in found.reason, found


@pytest.mark.parametrize("code", ["N-M-01", "N-M-04", "N-M-05"])
def test_reviewer_items_are_declared(code):
    assert check(code, facts("meeting")).result == "declare"
    answered = facts("meeting", declarations={code: {"ok": True, "note": "已压缩议程"}})
    found = check(code, answered)
    assert found.result == "declare" and "申请人申报：符合（已压缩议程）" in found.reason


@pytest.mark.parametrize(
    ("quota", "title", "result", "words"),
    [
        (None, "全县夏粮收购工作推进会", "pass", "未设定2025年会议数额"),
        (QuotaInfo(12, 0, 12, 0), "全县夏粮收购工作推进会", "fail", "数额已用完"),
        (
            QuotaInfo(10, 2, 9, 3),
            "全县夏粮收购工作推进会",
            "pass",
            "会议数额12（含统筹调配+2），已用9，剩余3",
        ),
        (QuotaInfo(12, 0, 12, 0), "全县防汛紧急调度会", "pass", "不占用数额（M-EM-1）"),
    ],
)
def test_quota(quota, title, result, words):
    found = check("QUOTA", facts("meeting", title=title), CheckContext(quota=quota))
    assert found.result == result and words in found.reason, found


def test_every_meeting_code_once_and_only_meeting_codes():
    found = codes(facts("meeting"))
    assert found == [
        "L-M-1",
        "L-M-2",
        "L-M-3",
        "L-M-4",
        "N-M-01",
        "N-M-02",
        "N-M-03",
        "N-M-04",
        "N-M-05",
        "N-M-06",
        "N-M-07",
        "N-M-08",
        "QUOTA",
    ]


def test_declarable_codes_are_the_reviewer_items_and_the_automatic_ones_lacking_facts():
    from jianfu.rules.data import default_ruleset_data
    from jianfu.rules.item_checks import declarable

    rs = default_ruleset_data()
    found = [(code, automatic) for code, _text, automatic in declarable(rs, "meeting")]
    assert found == [
        ("N-M-01", False),
        ("N-M-04", False),
        ("N-M-05", False),
        ("L-M-1", True),
        ("L-M-2", True),
    ]
    docs = [code for code, _t, _a in declarable(rs, "document")]
    assert {"N-D-01", "N-D-04", "N-D-07", "L-D-1", "N-D-08"} <= set(docs)
    # every code a check can answer `declare` for can be declared
    item = facts("meeting", main_speech_minutes=None, duration_minutes=None)
    declared = {c for c in codes(item) if check(c, item).result == "declare"}
    assert declared <= {code for code, _ in found}
