# ruff: noqa: E501 - tables of ledger rows read best one row a line
"""河口乡's March 2025: its daily ledger and the statistics ledger its clerk made by hand, with the
mistakes clerks typically make."""

from __future__ import annotations

from datetime import date

from .helpers import add_lines, hand_workbook

D = date
START, END = D(2025, 3, 1), D(2025, 3, 31)

DAILY = [
    {"kind": "收文", "date": D(2025, 3, 3), "counterpart": "县委办公室",
     "doc_no": "县委办发〔2025〕12号", "title": "关于做好2025年春耕生产工作的通知"},
    {"kind": "收文", "date": D(2025, 3, 5), "counterpart": "县农业农村局",
     "doc_no": "县农发〔2025〕8号", "title": "关于开展高标准农田建设情况调查的通知"},
    {"kind": "收文", "date": D(2025, 3, 7), "counterpart": "县委办公室",
     "doc_no": "县委发〔2025〕5号", "title": "关于表彰2024年度防汛抗旱先进集体和先进个人的决定"},
    {"kind": "收文", "date": D(2025, 3, 10), "counterpart": "县委办公室",
     "title": "全县防汛抗旱工作会议纪要"},
    {"kind": "收文", "date": D(2025, 3, 12), "counterpart": "县农业农村局",
     "title": "关于报送秋粮收购进度情况的便函"},
    {"kind": "收文", "date": D(2025, 3, 20), "counterpart": "县教育局",
     "doc_no": "县教发〔2025〕21号", "title": "关于做好春季学期校园安全工作的通知"},
    {"kind": "收文", "date": D(2025, 3, 25), "counterpart": "市委办公室",
     "doc_no": "市委办发〔2025〕3号", "title": "关于做好全市春季森林防火工作的通知"},
    {"kind": "参会", "date": D(2025, 3, 6), "counterpart": "县委办公室",
     "title": "全县安全生产工作视频调度会", "meeting_form": "视频"},
    {"kind": "参会", "date": D(2025, 3, 14), "counterpart": "县委组织部",
     "title": "全县乡镇党委书记培训班"},
    {"kind": "参会", "date": D(2025, 3, 18), "counterpart": "县农业农村局",
     "title": "全县春季动物防疫工作推进会"},
    {"kind": "受检", "date": D(2025, 3, 26), "counterpart": "县委办公室",
     "title": "人居环境整治专项督查", "inspection_type": "督查"},
    # February: outside the period, never missed
    {"kind": "收文", "date": D(2025, 2, 11), "counterpart": "县委办公室",
     "doc_no": "县委办发〔2025〕4号", "title": "关于做好春节期间安全生产工作的通知"},
]  # fmt: skip

TITLE = "河口乡2025年3月统计台账（手工）"
HAND = {
    "收文": [
        ["序号", "收文日期", "来文单位", "文号", "标题", "统计类别"],
        [1, "2025-03-03", "县委办", "县委办发〔2025〕12号", "关于做好2025年春耕生产工作的通知", "县级"],
        [2, "2025.3.5", "县农业农村局", "县农发[2025]8号", "关于开展高标准农田建设情况调查的通知", "部门"],
        [3, "2025/3/7", "县委办", "县委发〔2025〕5号", "关于表彰2024年度防汛抗旱先进集体和先进个人的决定", "县级"],
        [4, "2025年3月10日", "县委办", "", "全县防汛抗旱工作会议纪要", "县级"],
        [5, "2025-03-20", "县教育局", "县教发(2025)21号", "关于做好春季学期校园安全工作通知", "部门"],
        [6, "2025-03-28", "县卫健局", "县卫健发〔2025〕9号", "关于开展第37个爱国卫生月活动的通知", "部门"],
        [7, "2025-04-02", "县委办", "县委办发〔2025〕19号", "关于做好清明节期间森林防火工作的通知", "县级"],
    ],
    "参会": [
        ["序号", "会议日期", "主办单位", "会议名称", "统计类别"],
        [1, "2025-03-14", "县委组织部", "全县乡镇党委书记培训班", "县级"],
        [2, "2025-03-18", "县农业农村局", "全县春季动物防疫工作推进会议", "部门"],
    ],
    "受检": [
        ["序号", "检查日期", "检查单位", "检查事项", "类型", "统计类别"],
        [1, "2025-03-27", "县委办", "人居环境整治专项督查", "督查", "县级"],
    ],
}  # fmt: skip


def build(units):
    """Store the daily ledger; return the hand-made workbook's bytes."""
    add_lines(units["hk"], DAILY)
    return hand_workbook(HAND, TITLE)
