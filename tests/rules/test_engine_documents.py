"""Documents (收文 / 发文): every D-* code with realistic titles, and the near misses."""

from __future__ import annotations

import pytest

from tests.rules.helpers import decide

# (kind, title, originator level, extra facts, expected code)
CASES = [
    # D-IN-1 county leadership documents, 明电 included; themes alone are routine work
    ("收文", "关于做好今冬明春森林防火工作的通知", "county", {}, "D-IN-1"),
    (
        "收文",
        "中共青河县委办公室 青河县人民政府办公室关于进一步加强农村人居环境整治的意见",
        "county",
        {},
        "D-IN-1",
    ),
    ("发文", "关于做好2025年防汛工作的通知", "county", {}, "D-IN-1"),
    (
        "收文",
        "关于做好元旦春节期间有关工作的明电",
        "county",
        {"doc_no": "县委办明电〔2025〕1号"},
        "D-IN-1",
    ),
    ("发文", "关于印发《青河县2025年度重点工作任务分解方案》的通知", "county", {}, "D-IN-1"),
    # D-IN-2 department and coordination-body documents, 转发 included
    (
        "收文",
        "关于做好2025年春耕生产工作的通知",
        "department",
        {"counterpart": "县农业农村局"},
        "D-IN-2",
    ),
    (
        "收文",
        "关于转发《省农业农村厅关于做好高标准农田建设的通知》的通知",
        "department",
        {},
        "D-IN-2",
    ),
    ("发文", "关于印发《全县农技人员培训方案》的通知", "department", {}, "D-IN-2"),
    ("收文", "关于规范中小学校服管理的通知", "department", {"counterpart": "县教育局"}, "D-IN-2"),
    # D-IN-3 white-head documents, 便函, 工作提示 …
    ("收文", "关于报送2025年上半年秸秆综合利用数据的便函", "department", {}, "D-IN-3"),
    ("收文", "农村安全饮水工作提示", "department", {}, "D-IN-3"),
    ("收文", "关于报送耕地保护情况的函", "county", {"genre": "工作通知单"}, "D-IN-3"),
    (
        "收文",
        "关于报送村级组织运转经费情况的通知",
        "department",
        {"remarks": "白头文件，无文号"},
        "D-IN-3",
    ),
    # D-IN-4 activity notices
    ("收文", "关于开展2025年“乡村文化振兴”主题宣传活动的通知", "department", {}, "D-IN-4"),
    ("发文", "关于在全县开展“文明家庭”创建评选宣传活动的通知", "county", {}, "D-IN-4"),
    ("收文", "关于印发《全民健身月活动方案》的通知", "department", {}, "D-IN-4"),
    # D-BR-1 briefs with issue numbers
    ("收文", "农业农村工作信息（第12期）", "department", {}, "D-BR-1"),
    ("发文", "青河县乡村振兴工作简报第3期", "county", {}, "D-BR-1"),
    ("收文", "2025年第5期工作动态", "department", {}, "D-BR-1"),
    ("收文", "防汛工作专报（第2期）", "county", {}, "D-BR-1"),
    ("发文", "今日要情", "department", {"genre": "简报"}, "D-BR-1"),
    # D-OUT-1 personnel and establishment
    ("收文", "关于张三等同志职务任免的通知", "county", {}, "D-OUT-1"),
    ("发文", "关于李四同志免职的通知", "department", {}, "D-OUT-1"),
    ("收文", "关于调整县农业农村局机构编制的批复", "county", {}, "D-OUT-1"),
    ("收文", "关于部分乡镇干部调整的通知", "county", {}, "D-OUT-1"),
    # D-OUT-2 commendations, also when a county-leadership 决定
    ("发文", "关于表彰2024年度全县乡村振兴先进集体和先进个人的决定", "county", {}, "D-OUT-2"),
    ("收文", "关于对2024年度综治工作成绩突出单位给予通报表扬的通报", "county", {}, "D-OUT-2"),
    ("收文", "关于给予抗洪抢险中表现突出人员嘉奖的决定", "department", {}, "D-OUT-2"),
    # D-OUT-3 replies, requests and reports upward
    ("收文", "关于同意河口乡调整村级建制的批复", "county", {}, "D-OUT-3"),
    ("发文", "关于申请追加2025年防汛经费的请示", "department", {}, "D-OUT-3"),
    ("发文", "关于2025年上半年农业农村工作情况的报告", "department", {}, "D-OUT-3"),
    ("收文", "关于河口乡建设用地问题的复函", "department", {}, "D-OUT-3"),
    # D-OUT-4 minutes
    ("收文", "县政府第十五次常务会议纪要", "county", {}, "D-OUT-4"),
    ("发文", "关于研究乡村振兴重点项目的会议纪要（第3期）", "county", {}, "D-OUT-4"),
    ("收文", "专题会议纪要", "department", {"genre": "会议纪要"}, "D-OUT-4"),
    # D-OUT-5 notices announcing an inspection, check, assessment or research visit
    ("收文", "关于开展督查的通知", "county", {}, "D-OUT-5"),
    ("收文", "关于对各乡镇秸秆禁烧工作进行督查的通知", "county", {}, "D-OUT-5"),
    ("收文", "关于开展2025年度乡镇综合考核的通知", "county", {}, "D-OUT-5"),
    ("收文", "关于开展农村饮水安全专题调研的通知", "department", {}, "D-OUT-5"),
    # D-OUT-6 internal documents (produced only)
    ("发文", "关于调整局机关干部职工考勤管理制度的通知", "department", {}, "D-OUT-6"),
    (
        "发文",
        "关于做好国庆期间值班工作的通知",
        "department",
        {"counterpart": "机关各股室"},
        "D-OUT-6",
    ),
    # D-EM-1 emergency theme together with 紧急 / 应急 / 明电
    ("收文", "关于紧急做好强降雨防范应对工作的通知", "county", {}, "D-EM-1"),
    ("发文", "关于做好台风“海葵”防御工作的紧急通知", "county", {}, "D-EM-1"),
    ("收文", "关于做好森林防火工作的通知", "county", {"doc_no": "县委办明电〔2025〕3号"}, "D-EM-1"),
    ("收文", "关于启动地质灾害应急响应的通知", "department", {}, "D-EM-1"),
]

# Near misses: each would be easy to misclassify.
NEAR_MISSES = [
    # a theme alone is routine work (D-IN-1, not D-EM-1)
    ("收文", "关于做好秋冬季森林防火工作的通知", "county", {}, "D-IN-1"),
    # 应急管理局 and 应急预案 are not urgency words
    ("收文", "县应急管理局关于做好防汛物资储备工作的通知", "department", {}, "D-IN-2"),
    ("收文", "关于印发《青河县森林火灾应急预案》的通知", "county", {}, "D-IN-1"),
    # 关于报送信息的通知 is a notice, not a brief
    ("收文", "关于报送第三季度政务信息的通知", "department", {}, "D-IN-2"),
    # a 考核办法 notice announces no visit
    ("收文", "关于印发《乡镇年度综合考核办法》的通知", "county", {}, "D-IN-1"),
    # a 通报 of inspection results is a counted document
    ("收文", "关于2025年上半年重点工作督查情况的通报", "county", {}, "D-IN-1"),
    # assessment words without an announcing verb: an ordinary counted document
    ("收文", "关于印发《基层党组织建设考核办法》的通知", "department", {}, "D-IN-2"),
    ("收文", "关于进一步加强对乡镇考核结果运用的通知", "county", {}, "D-IN-1"),
    # 编制 a plan is not 机构编制
    ("收文", "关于编制“十五五”农业农村发展规划的通知", "department", {}, "D-IN-2"),
    # internal documents are a producer's own: a received one is counted
    ("收文", "关于调整局机关干部职工考勤管理制度的通知", "department", {}, "D-IN-2"),
    # the genre at the END decides: 印发…方案 的通知 is a notice
    ("收文", "关于印发《2025年度考核工作方案》的报告", "department", {}, "D-OUT-3"),
    # commendation wins over emergency (OUT before EM)
    ("收文", "关于表彰防汛抢险紧急救援先进集体的决定", "county", {}, "D-OUT-2"),
    # brief wins over emergency (BR before EM)
    ("收文", "防汛紧急信息第8期", "county", {}, "D-BR-1"),
]


@pytest.mark.parametrize(("kind", "title", "level", "extra", "code"), CASES + NEAR_MISSES)
def test_document_rules(kind, title, level, extra, code):
    decision = decide(kind, title, level, **extra)
    assert decision.rule == code, decision.reason
    assert decision.reason.endswith(f"（{code}）")
    assert decision.section == "documents"


def test_counted_quota_and_category_follow_the_rule():
    d = decide("收文", "关于做好秋冬季森林防火工作的通知", "county")
    assert (d.counted, d.quota_charged, d.category) == (True, True, "县级")
    d = decide("收文", "关于做好春耕生产的通知", "department")
    assert (d.counted, d.quota_charged, d.category) == (True, True, "部门")
    d = decide("收文", "关于紧急做好防汛工作的通知", "department")
    assert (d.counted, d.quota_charged, d.category) == (True, False, "应急")
    d = decide("发文", "农业信息第1期", "department")
    assert (d.counted, d.quota_charged, d.category) == (False, False, "简报")
    d = decide("发文", "关于表彰先进的决定", "county")
    assert (d.counted, d.quota_charged, d.category) == (False, False, "不计入")
    d = decide("收文", "关于报送数据的便函", "county")
    assert (d.rule, d.counted, d.quota_charged, d.category) == ("D-IN-3", True, True, "县级")


def test_reason_names_what_was_found():
    d = decide("发文", "关于表彰2024年度先进集体的决定", "county")
    assert d.reason == "标题含“表彰”，属表彰奖励类文件，不计入统计（D-OUT-2）"
    assert d.genre == "决定"
    d = decide("收文", "关于紧急做好防汛工作的通知", "county")
    assert "标题含“防汛”“紧急”" in d.reason
    d = decide("收文", "关于做好森林防火工作的通知", "county", doc_no="县委办明电〔2025〕3号")
    assert "文号含“明电”" in d.reason
    d = decide("收文", "关于做好春耕的通知", "department", counterpart="县农业农村局")
    assert d.reason.startswith("来文单位“县农业农村局”属县直部门")
    d = decide("发文", "关于做好春耕的通知", "department", unit_name="县农业农村局")
    assert d.reason.startswith("本单位“县农业农村局”属县直部门")
    d = decide("收文", "工作信息第3期", "department")
    assert "标题含“信息”和期号“第3期”" in d.reason
