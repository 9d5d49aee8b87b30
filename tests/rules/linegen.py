"""Varied generated ledger lines for comparing engine paths (cached, uncached, import decider).

Words are drawn from the default rule set's own word lists, so that every rule has lines that
reach it: emergency themes in titles, 文号 or remarks, brief titles with issue numbers, higher-level
names, meetings and inspections of every form, blank and full-width spellings.
"""

from __future__ import annotations

import random

from jianfu.rules.data import RuleSetData
from jianfu.rules.engine import LineFacts

KINDS = ("收文", "发文", "参会", "办会", "受检", "督查")
LEVELS = ("higher", "county", "department", "township", "unknown", "unknown", "bogus")
SUBJECTS = ("防汛抗旱", "秋粮收购", "人居环境整治", "安全生产", "乡村振兴", "基层减负", "河长制")
TITLE_FORMS = (
    "关于做好{s}工作的通知",
    "关于印发《{s}实施方案》的通知",
    "{s}工作简报（第{n}期）",
    "{s}专报第{n}期",
    "关于表彰{s}先进集体的决定",
    "紧急通知：{s}",
    "关于{s}工作的请示",
    "关于报送{s}材料的函",
    "全县{s}工作推进会",
    "{s}专题视频会议",
    "{s}工作专项督查",
    "{s}年度考核",
    "{s}暗访检查",
    "{w}",
    "{s}{w}工作会议",
    "关于{w}的通报",
    "　{s} 工作  情况 ",
    "",
)
COUNTERPARTS = (
    "县委办公室",
    "县政府办",
    "县农业农村局",
    "河口乡",
    "市委办公室",
    "省应急管理厅",
    "中共青河县委",
    "市农业农村局",
    "县融媒体中心",
    "各乡镇（街道）",
    "",
)
GENRES = ("", "", "通知", "函", "决定", "简报", "会议纪要", "意见")
FORMS = ("", "现场", "视频", "电视电话", "现场+视频")
TYPES = ("", "督查", "检查", "考核", "调研", "暗访", "明察暗访")


def generate_lines(ruleset: RuleSetData, count: int, seed: int = 20251127) -> list[LineFacts]:
    rng = random.Random(seed)
    words = sorted({w for name in sorted(ruleset.lists) for w in ruleset.lists[name].items})
    plain = [w for w in words if not any(ch in w for ch in "()[]?*+\\|")] or ["紧急"]
    lines = []
    for _ in range(count):
        word = rng.choice(plain)
        title = rng.choice(TITLE_FORMS).format(
            s=rng.choice(SUBJECTS), n=rng.randrange(1, 40), w=word
        )
        doc_no = rng.choice(
            [
                "",
                "无",
                f"县委办发〔2025〕{rng.randrange(1, 99)}号",
                f"明电〔2025〕{rng.randrange(9)}号",
                f"{rng.choice(plain)}[2025]1号",
            ]
        )
        remarks = rng.choice(["", "", "已办结", f"要求{rng.choice(plain)}", rng.choice(plain)])
        lines.append(
            LineFacts(
                kind=rng.choice(KINDS),
                title=title,
                genre=rng.choice(GENRES),
                doc_no=doc_no,
                originator_level=rng.choice(LEVELS),
                counterpart=rng.choice(COUNTERPARTS),
                unit_name=rng.choice(["县农业农村局", "河口乡", "县委办公室", ""]),
                meeting_form=rng.choice(FORMS),
                duration_minutes=rng.choice([None, 30, 90, 240]),
                inspection_type=rng.choice(TYPES),
                materials_requested=rng.choice([None, True, False]),
                remarks=remarks,
            )
        )
    return lines
