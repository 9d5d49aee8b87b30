"""Meetings (参会 / 办会): every M-* code with realistic titles, and the near misses."""

from __future__ import annotations

import pytest

from tests.rules.helpers import decide

CASES = [
    # M-IN-1 county leadership meetings, video and telephone included
    ("参会", "全县三级干部大会", "county", {"counterpart": "县委办公室"}, "M-IN-1"),
    ("参会", "全县安全生产工作电视电话会议", "county", {"meeting_form": "电视电话"}, "M-IN-1"),
    ("办会", "全县乡村振兴工作推进会", "county", {}, "M-IN-1"),
    ("参会", "县委常委会会议", "county", {"counterpart": "县委办公室"}, "M-IN-1"),
    # M-IN-2 department and coordination-body meetings
    ("参会", "全县春耕生产工作部署会", "department", {"counterpart": "县农业农村局"}, "M-IN-2"),
    ("办会", "全县秋季学期开学工作视频会", "department", {"meeting_form": "视频"}, "M-IN-2"),
    ("参会", "县防汛抗旱指挥部成员单位会议", "department", {}, "M-IN-2"),
    # M-IN-3 training meetings that deploy work
    ("参会", "全县高素质农民培育工作培训会", "department", {}, "M-IN-3"),
    ("办会", "统计口径业务培训会议", "county", {}, "M-IN-3"),
    ("参会", "全县农村电商工作培训部署会", "department", {}, "M-IN-3"),
    # M-IN-4 study meetings that require others to attend
    ("参会", "全县党员干部党纪学习教育专题学习会", "county", {}, "M-IN-4"),
    ("参会", "县委理论学习中心组（扩大）学习会", "county", {}, "M-IN-4"),
    ("办会", "乡镇分管领导政策集中学习会", "department", {"counterpart": "各乡镇"}, "M-IN-4"),
    # M-OUT-1 internal meetings, only on lines a unit holds itself
    ("办会", "局党组会议", "department", {}, "M-OUT-1"),
    ("办会", "县政府第十二次常务会议", "county", {}, "M-OUT-1"),
    ("办会", "2025年第3次局务会", "department", {"counterpart": "局班子成员"}, "M-OUT-1"),
    ("办会", "县委理论学习中心组2025年第4次学习", "county", {}, "M-OUT-1"),
    # M-OUT-2 training classes of the organisation department or party school
    ("参会", "全县科级干部进修班", "county", {"counterpart": "县委党校"}, "M-OUT-2"),
    ("参会", "县委组织部2025年乡镇党委书记培训班", "county", {}, "M-OUT-2"),
    ("办会", "年轻干部培训班", "county", {"unit_name": "县委组织部"}, "M-OUT-2"),
    # M-OUT-3 higher-level meetings relayed to the county
    ("参会", "全省安全生产工作电视电话会议", "county", {"counterpart": "县应急管理局"}, "M-OUT-3"),
    ("办会", "组织收听收看全市防汛工作视频会议", "county", {}, "M-OUT-3"),
    ("参会", "全国“三夏”生产工作视频会议（县分会场）", "department", {}, "M-OUT-3"),
    # M-OUT-4 statutory sessions named by term and session
    ("参会", "县第十八届人民代表大会第五次会议", "county", {}, "M-OUT-4"),
    ("参会", "政协青河县第十届委员会第四次会议", "county", {}, "M-OUT-4"),
    ("参会", "中国共产党青河县第十五次代表大会", "county", {}, "M-OUT-4"),
    ("办会", "县十八届人大三次会议", "county", {}, "M-OUT-4"),
    ("参会", "县第十五次党代会", "county", {}, "M-OUT-4"),
    # M-EM-1 emergency theme with 紧急 / 应急 / 处置
    ("参会", "全县防汛紧急调度会", "county", {}, "M-EM-1"),
    ("办会", "森林火灾应急处置工作会议", "department", {}, "M-EM-1"),
    ("参会", "疫情防控处置工作专题会", "county", {}, "M-EM-1"),
    # M-CB-1 meetings held together
    ("参会", "全县安全生产工作会议暨森林防火工作部署会", "county", {}, "M-CB-1"),
    ("办会", "全县教育工作会议暨教师节表彰大会", "department", {}, "M-CB-1"),
    ("参会", "农业农村工作与乡村振兴工作套开会", "department", {}, "M-CB-1"),
]

NEAR_MISSES = [
    # 参会 at another unit's 党组会-like title is never internal
    ("参会", "县农业农村局党组会议（扩大）", "department", {}, "M-IN-2"),
    ("参会", "县政府常务会议", "county", {"counterpart": "县政府办公室"}, "M-IN-1"),
    # an enlarged meeting or one with townships attending is not internal
    ("办会", "县委理论学习中心组（扩大）学习会", "county", {}, "M-IN-4"),
    ("办会", "局党组会议", "department", {"counterpart": "各乡镇分管领导"}, "M-IN-2"),
    # a department's training class is not the cadre-training plan
    ("参会", "全县农技推广骨干培训班", "department", {"counterpart": "县农业农村局"}, "M-IN-2"),
    # a 培训会 is counted; a 党校 培训班 is not
    ("参会", "全县党建工作培训会", "county", {"counterpart": "县委组织部"}, "M-IN-3"),
    # the preparatory meeting for a session is a working meeting
    ("参会", "县第十八届人民代表大会第五次会议筹备工作会议", "county", {}, "M-IN-1"),
    # a theme alone is routine
    ("参会", "全县防汛工作会议", "county", {}, "M-IN-1"),
    # the 应急管理局 name is no urgency word
    ("参会", "县应急管理局森林防火工作推进会", "department", {}, "M-IN-2"),
    # emergency before combined
    ("参会", "全县防汛紧急会议暨地质灾害防治部署会", "county", {}, "M-EM-1"),
]


@pytest.mark.parametrize(("kind", "title", "level", "extra", "code"), CASES + NEAR_MISSES)
def test_meeting_rules(kind, title, level, extra, code):
    decision = decide(kind, title, level, **extra)
    assert decision.rule == code, decision.reason
    assert decision.section == "meetings"


def test_meeting_decisions_carry_counted_quota_category():
    d = decide("参会", "全县防汛紧急调度会", "county")
    assert (d.counted, d.quota_charged, d.category) == (True, False, "应急")
    d = decide("参会", "全县安全生产工作会议暨森林防火工作部署会", "department")
    assert (d.counted, d.quota_charged, d.category) == (True, True, "部门")
    d = decide("参会", "全县科级干部进修班", "county", counterpart="县委党校")
    assert (d.counted, d.quota_charged, d.category) == (False, False, "培训")
    assert "发起单位含“党校”" in d.reason
    d = decide("参会", "全县安全生产工作电视电话会议", "county")
    assert d.reason.startswith("主办单位属县级机关，标题含“电视电话”")
    d = decide("办会", "局党组会议", "department")
    assert d.reason == (
        "标题含“党组会议”，属本单位召开、无外单位参加的内部会议，不计入统计（M-OUT-1）"
    )
