"""Reconciliation benchmark: 100,000 sent × 100,000 received lines through the PURE matcher.

Synthetic but realistic: 40 county units send 发文/办会/督查 over a year to 15 observation points
(5 % to 各乡镇（街道）, 60 % to one or two townships, the rest to departments only);
about 60 % of the received lines carry the sender's 文号 (in another bracket style), about 25 %
carry only a reworded title (a character dropped or changed, a different date within the window),
the rest are unrelated lines (some from higher-level bodies, some unfiled). One sender in ten is
left unresolved on the receiving side, so the bigram shortlist is exercised too. Target: under
10 s on one core, no all-pairs comparison.
"""

from __future__ import annotations

import random
import time
from datetime import date, timedelta
from pathlib import Path

SUBJECTS = [
    "防汛抗旱",
    "森林防火",
    "秋粮收购",
    "农村人居环境整治",
    "安全生产大检查",
    "乡村振兴衔接资金",
    "信访维稳",
    "疫苗接种",
    "河湖长制",
    "耕地保护",
    "校园安全",
    "消防安全",
    "高标准农田建设",
    "城乡居民医保征缴",
    "退役军人服务保障",
    "基层党组织建设",
    "营商环境优化",
    "文明城市创建",
    "禁毒宣传",
    "燃气安全排查",
    "农村饮水安全",
    "防止返贫监测",
    "生态环境保护督察整改",
    "人口普查",
    "统计执法检查",
    "粮食安全责任制考核",
    "食品安全",
    "民族团结进步创建",
]
DOC_FORMS = [
    "关于做好{y}年{s}工作的通知",
    "关于印发《{s}实施方案》的通知",
    "关于开展{s}专项行动的通知",
    "关于进一步加强{s}工作的意见",
    "关于{s}工作情况的通报",
    "关于报送{s}有关材料的通知",
]
MEETING_FORMS = ["全县{s}工作推进会", "{s}工作调度会", "{s}专题培训会", "{s}工作部署视频会"]
INSPECTION_FORMS = ["{s}工作专项督查", "{s}工作考核", "{s}情况暗访", "{s}工作调研"]
KINDS = [("发文", "收文", DOC_FORMS, "发"), ("办会", "参会", MEETING_FORMS, "会"),
         ("督查", "受检", INSPECTION_FORMS, "督")]  # fmt: skip
PLACES = [
    "城关镇",
    "河口乡",
    "青山镇",
    "白沙乡",
    "柳林镇",
    "石门乡",
    "新桥镇",
    "东岭乡",
    "西坝镇",
    "南屏乡",
    "北塘镇",
    "长滩乡",
    "枫树镇",
    "梅溪乡",
    "龙泉街道",
]
PERIODS = [
    "一季度",
    "二季度",
    "三季度",
    "四季度",
    "汛期",
    "冬春",
    "春节期间",
    "国庆期间",
    "上半年",
    "下半年",
    "第一批",
    "第二批",
    "第三批",
    "重点时段",
    "夏季",
    "秋冬季",
]
BRACKETS = [("〔", "〕"), ("[", "]"), ("（", "）"), ("【", "】")]


def _norm_title(text: str) -> str:
    from jianfu.core.text import normalize_title

    return normalize_title(text)


def _reword(rng: random.Random, title: str) -> str:
    """A township clerk's copy: one character dropped, changed or added."""
    chars = list(title)
    k = rng.randrange(2, len(chars) - 1)
    choice = rng.random()
    if choice < 0.4:
        del chars[k]
    elif choice < 0.8:
        chars[k] = rng.choice("县乡镇的和及")
    else:
        chars.insert(k, "的")
    return "".join(chars)


def generate(rows: int, seed: int = 2025):
    from jianfu.core.text import normalize_doc_no
    from jianfu.ledgers.reconcile.matcher import ReceivedLine, SentLine

    rng = random.Random(seed)
    senders = list(range(1, 41))
    points = list(range(101, 116))
    start = date(2025, 1, 1)
    sent: list[SentLine] = []
    for i in range(rows):
        sent_kind, _r, forms, mark = KINDS[0] if rng.random() < 0.7 else rng.choice(KINDS[1:])
        unit = rng.choice(senders)
        subject = rng.choice(PERIODS) + rng.choice(SUBJECTS)
        if rng.random() < 0.3:
            subject = rng.choice(PLACES) + subject
        title = rng.choice(forms).format(y=rng.choice((2024, 2025)), s=subject)
        doc_no = f"县{unit}{mark}[2025]{i}号" if sent_kind == "发文" else ""
        reach = rng.random()  # 各乡镇（街道） / one or two townships / departments only
        if reach < 0.05:
            addressed = frozenset(points)
        elif reach < 0.65:
            addressed = frozenset(rng.sample(points, rng.choice((1, 1, 1, 2))))
        else:
            addressed = frozenset()
        sent.append(SentLine(i + 1, unit, sent_kind, start + timedelta(days=rng.randrange(365)),
                             doc_no, _norm_title(title), title, addressed))  # fmt: skip
    documents = [s for s in sent if s.doc_no_norm]
    rng.shuffle(documents)  # each document registered once (a township registers a line once)
    others = sent[:]
    rng.shuffle(others)
    picks = {True: iter(documents), False: iter(others)}
    received: list[ReceivedLine] = []
    for j in range(rows):
        roll = rng.random()
        source = next(picks[roll < 0.6])
        point = rng.choice(sorted(source.points) or points)
        received_kind = {"发文": "收文", "办会": "参会", "督查": "受检"}[source.kind]
        resolved = rng.random() >= 0.1
        cp = source.unit_id if resolved else None
        level = "department" if resolved else "unknown"
        if roll < 0.6:
            left, right = rng.choice(BRACKETS)
            doc_no = normalize_doc_no(source.doc_no_norm.replace("[", left).replace("]", right))
            title, day = source.title, source.date + timedelta(days=rng.randrange(0, 10))
        elif roll < 0.85:
            doc_no = ""
            title = _reword(rng, source.title)
            lo, hi = (-3, 30) if received_kind == "收文" else (-7, 7)
            day = source.date + timedelta(days=rng.randint(lo, hi))
        else:
            doc_no = ""
            subject = rng.choice(PERIODS) + rng.choice(SUBJECTS) + rng.choice(("", "省", "市"))
            title = rng.choice(DOC_FORMS).format(y=2025, s=subject)
            day = start + timedelta(days=rng.randrange(365))
            cp, level = (None, "higher") if rng.random() < 0.5 else (cp, level)
        received.append(ReceivedLine(j + 1, point, received_kind, day, doc_no, _norm_title(title),
                                     cp, level, "", title))  # fmt: skip
    return sent, received


def bench_reconcile(*, workdir: Path, rows: int) -> dict:
    """Time the pure matcher on 100,000 × 100,000 lines (generation not timed)."""
    from jianfu.ledgers.reconcile.matcher import match_lines

    size = 100_000
    sent, received = generate(size)
    started, cpu_started = time.perf_counter(), time.process_time()
    result = match_lines(sent, received)
    wall = time.perf_counter() - started
    seconds = time.process_time() - cpu_started  # one core's CPU time: fair on a busy machine
    by_doc = sum(1 for m in result.matches if m.method == "doc_no")
    by_title = len(result.matches) - by_doc
    return {
        "what": "reconcile senders × observation points (pure matcher)",
        "size": f"{size:,} × {size:,} lines",
        "figure": (
            f"{seconds:.2f} s CPU, {wall:.2f} s wall ({by_doc:,} by 文号, {by_title:,} by title, "
            f"{len(result.unfiled):,} unfiled)"
        ),
        "target": "< 10 s, no all-pairs",
        "ok": seconds < 10,
        "seconds": seconds,
    }


if __name__ == "__main__":
    print(bench_reconcile(workdir=Path("."), rows=100_000))
