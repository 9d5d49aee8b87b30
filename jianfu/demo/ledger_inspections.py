"""What county units inspect at townships in a year: 督查, 考核, 调研 with and without materials,
暗访, statutory supervision (巡察, 审计), law enforcement and emergency checks."""

from __future__ import annotations

from .ledger_data import chinese_number
from .ledger_items import INSPECTING, Item, Planner

DEPT_POOL_FLOOD = ("QH-FX", "QH-SL", "QH-ZR", "QH-YJ")
FOREST_POOL = ("QH-LY", "QH-YJ")


def _inspection(p: Planner, producer, title, months=(), *, kind_word: str, **kw) -> Item:
    recipients, everyone = p.recipients(kw.pop("to_all", 0.35), most=6)
    return Item(
        producer=producer,
        kind=INSPECTING,
        day=p.day(months),
        title=title,
        addressed="各乡镇（街道）" if everyone else p.named(recipients),
        recipients=recipients,
        inspection_type=kind_word,
        spread=4,
        **kw,
    )


def inspection(p: Planner) -> Item:
    producer = p.producer()
    topic, months = p.topic(producer)
    word, form = p.rng.choice(
        (
            ("督查", "{t}工作专项督查"),
            ("考核", "{y}年度{t}工作考核"),
            ("督导", "{t}工作督导"),
            ("检查", "{t}工作检查"),
            ("验收", "{t}项目验收"),
        )
    )
    title = form.format(t=topic, y=p.year)
    return _inspection(p, producer, title, months, kind_word=word, materials=None)


def research(p: Planner, materials: bool) -> Item:
    producer = p.producer()
    topic, months = p.topic(producer)
    if materials:
        title = p.rng.choice((f"{topic}工作调研", f"{topic}工作调研（需提供台账材料）"))
        remarks = "要求提供近三年工作台账及佐证材料"
    else:
        title, remarks = p.rng.choice((f"{topic}情况调研", f"关于{topic}的专题调研")), ""
    return _inspection(
        p, producer, title, months, kind_word="调研", materials=materials, remarks=remarks
    )


def unannounced(p: Planner) -> Item:
    producer = p.producer(("QH-XWB", "QH-JW", "QH-YJ", "QH-ZJ", "QH-NY", "QH-WJ"))
    topic, months = p.topic(producer)
    return _inspection(p, producer, f"{topic}工作明察暗访", months, kind_word="暗访")


def statutory_supervision(p: Planner) -> Item:
    if p.rng.random() < 0.5:
        n = p.rng.randint(1, 4)
        title, producer, word = f"十五届县委第{chinese_number(n)}轮巡察", "QH-XW", "巡察"
    else:
        title, producer, word = f"{p.year - 1}年度乡镇财政财务收支审计", "QH-SJ", "审计"
    return _inspection(p, producer, title, kind_word=word)


def law_enforcement(p: Planner) -> Item:
    producer, title = p.rng.choice(
        (
            ("QH-YJ", "安全生产执法检查"),
            ("QH-SC", "食品安全行政执法检查"),
            ("QH-ZR", "自然资源执法监督检查"),
            ("QH-HJ", "生态环境执法检查"),
        )
    )
    return _inspection(p, producer, title, kind_word="检查")


def emergency_inspection(p: Planner) -> Item:
    if p.rng.random() < 0.7:
        title, months = "强降雨期间地质灾害隐患点紧急排查", (6, 7, 8)
        producer = p.producer(DEPT_POOL_FLOOD)
    else:
        title, months = "森林防火紧急检查", (1, 2, 3, 4, 12)
        producer = p.producer(FOREST_POOL)
    return _inspection(p, producer, title, months, kind_word="检查", to_all=0.8)
