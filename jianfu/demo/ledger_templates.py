"""What county units send townships in a year, genre by genre (the kinds of document, meeting
and inspection a county really produces, each with the share it takes of the year).

Every builder takes the planner and returns one `Item`; `county_year_items` runs them the number
of times `FLAVOURS` says.
"""

from __future__ import annotations

from collections.abc import Callable

from .data import UNITS
from .ledger_data import ACTIVITIES, GIVEN, SURNAMES, chinese_number
from .ledger_inspections import (
    DEPT_POOL_FLOOD,
    FOREST_POOL,
    emergency_inspection,
    inspection,
    law_enforcement,
    research,
    statutory_supervision,
    unannounced,
)
from .ledger_items import COUNTY_PRODUCERS, HELD, ISSUED, Item, Planner

UNIT_NAME = {spec.code: spec.name for spec in UNITS}
TO_ALL_DOCS = (
    "各乡镇（街道）",
    "各乡镇人民政府、街道办事处",
    "各乡镇党委、政府，各街道党工委、办事处",
    "各乡镇（街道），县直有关单位",
)
TO_ALL_MEETINGS = (
    "各乡镇（街道）分管负责同志",
    "各乡镇（街道）主要负责同志，县直各单位",
    "各乡镇（街道）分管领导及业务骨干",
)


def _doc(p: Planner, producer: str, title: str, months=(), *, to_all=0.7, letter=False, **kw):
    recipients, everyone = p.recipients(to_all)
    addressed = p.rng.choice(TO_ALL_DOCS) if everyone else p.named(recipients)
    return Item(
        producer=producer,
        kind=ISSUED,
        day=p.day(months),
        title=title,
        addressed=addressed,
        recipients=recipients,
        doc_prefix=kw.pop("doc_prefix", p.doc_prefix(producer, letter)),
        spread=3,
        **kw,
    )


def _topic_doc(p: Planner, make: Callable[[str, int], str], pool=None, **kw) -> Item:
    producer = p.producer(pool)
    topic, months = p.topic(producer)
    return _doc(p, producer, make(topic, p.year), months, **kw)


def notice(p: Planner) -> Item:
    forms = (
        "关于做好{t}工作的通知",
        "关于进一步加强{t}工作的通知",
        "关于切实抓好{t}有关工作的通知",
        "关于印发《{y}年{t}工作要点》的通知",
        "关于{y}年{t}工作安排的通知",
        "关于报送{t}工作进展情况的通知",
    )
    form = p.rng.choice(forms)
    return _topic_doc(p, lambda t, y: form.format(t=t, y=y))


def plan_or_opinion(p: Planner) -> Item:
    producer = p.producer()
    topic, months = p.topic(producer)
    forms = ["青河县{y}年{t}工作方案", "关于进一步加强{t}工作的实施意见", "关于推进{t}的意见"]
    if producer in COUNTY_PRODUCERS:
        forms.append("关于加快推进{t}高质量发展的决定")
    title = p.rng.choice(forms).format(t=topic, y=p.year)
    return _doc(p, producer, title, months)


def circular(p: Planner) -> Item:
    q = p.rng.randint(1, 4)
    forms = (
        f"关于{{y}}年第{chinese_number(q)}季度{{t}}工作进展情况的通报",
        "关于{t}工作中存在问题的通报",
    )
    form = p.rng.choice(forms)
    return _topic_doc(p, lambda t, y: form.format(t=t, y=y))


def letter(p: Planner) -> Item:
    return _topic_doc(
        p, lambda t, y: f"关于征求《青河县{t}工作办法（征求意见稿）》意见的函", letter=True
    )


def white_head(p: Planner) -> Item:
    """便函 and 工作提示 that assign work (D-IN-3); mostly without a 文号."""
    forms = (
        "关于报送{t}相关数据的便函",
        "关于尽快上报{t}工作台账的便函",
        "关于做好{t}工作的工作提示",
        "关于{t}有关事项的工作提示",
        "关于协助做好{t}相关工作的工作联系单",
    )
    form = p.rng.choice(forms)
    prefix = "" if p.rng.random() < 0.7 else None
    extra = {"doc_prefix": prefix} if prefix is not None else {}
    item = _topic_doc(p, lambda t, y: form.format(t=t, y=y), to_all=0.6, **extra)
    if item.producer not in COUNTY_PRODUCERS and p.rng.random() < 0.12:
        item.filed = False  # a department that does not count its 便函 as documents
    return item


def activity(p: Planner) -> Item:
    name = p.rng.choice(ACTIVITIES)
    forms = ("关于开展{a}活动的通知", "关于印发《青河县{y}年{a}活动实施方案》的通知")
    title = p.rng.choice(forms).format(a=name, y=p.year)
    return _doc(p, p.producer(), title)


def brief(p: Planner) -> Item:
    producer = p.producer()
    topic, months = p.topic(producer)
    forms = ("青河信息（第{n}期）", "{t}工作简报（第{n}期）", "{t}工作动态（第{n}期）")
    form = p.rng.choice(forms)
    title = form.replace("{t}", topic)
    return _doc(p, producer, title, months, to_all=0.85, doc_prefix="", serial=form[:4])


def minutes(p: Planner) -> Item:
    producer = p.producer(("QH-ZFB", "QH-XWB", "QH-ZF", "QH-NY", "QH-ZJ", "QH-YJ"))
    if producer == "QH-ZF":
        title, serial = "县政府第{n}次常务会议纪要", "常务会议纪要"
    elif producer == "QH-XWB":
        title, serial = "县委常委会会议纪要（第{n}期）", "常委会纪要"
    else:
        topic, months = p.topic(producer)
        title, serial = f"全县{topic}工作推进会会议纪要", ""
        return _doc(p, producer, title, months, to_all=0.5, doc_prefix="")
    return _doc(p, producer, title, to_all=0.5, doc_prefix="", serial=serial)


def reply(p: Planner) -> Item:
    producer = p.producer(("QH-ZF", "QH-ZFB", "QH-ZR", "QH-FG", "QH-NY", "QH-CZ"))
    town = p.rng.choice(p.townships)
    topic, months = p.topic(producer)
    title = f"关于同意{p.named((town,))}实施{topic}项目的批复"
    item = _doc(p, producer, title, months, to_all=0.0)
    item.recipients, item.addressed = (town,), p.named((town,))
    return item


def _person(p: Planner) -> str:
    return p.rng.choice(SURNAMES) + "".join(p.rng.sample(GIVEN, p.rng.choice((1, 2))))


def appointment(p: Planner) -> Item:
    producer = p.producer(("QH-XW", "QH-ZZB", "QH-ZF", "QH-BB"))
    if producer == "QH-BB":
        title = "关于调整乡镇（街道）机构编制事项的通知"
    else:
        forms = ("关于{n}等同志职务任免的通知", "关于{n}同志任职的通知", "关于{n}等同志免职的通知")
        title = p.rng.choice(forms).format(n=_person(p))
    return _doc(p, producer, title, to_all=0.4)


def commendation(p: Planner) -> Item:
    if p.rng.random() < 0.15:  # before 七一, the party's commendations
        title = "关于表彰全县优秀共产党员、优秀党务工作者和先进基层党组织的决定"
        return _doc(p, "QH-XW", title, (6,), to_all=0.9)
    producer = p.producer()
    topic, _ = p.topic(producer)
    # last year's work is commended early in the year, this year's in December
    year, months = (p.year - 1, (1, 2, 3, 4, 5)) if p.rng.random() < 0.75 else (p.year, (12,))
    forms = (
        f"关于表彰{year}年度{topic}工作先进集体和先进个人的决定",
        f"关于对{topic}工作成绩突出单位给予通报表扬的通报",
    )
    return _doc(p, producer, p.rng.choice(forms), months)


def inspection_notice(p: Planner) -> Item:
    forms = (
        "关于开展{t}工作专项督查的通知",
        "关于组织开展{y}年度{t}工作考核的通知",
        "关于开展{t}工作调研的通知",
    )
    form = p.rng.choice(forms)
    return _topic_doc(p, lambda t, y: form.format(t=t, y=y))


def city_counterpart(code: str) -> str:
    """The city body a county unit forwards documents from (县农业农村局 → 市农业农村局)."""
    if code in ("QH-XW", "QH-XWB"):
        return "市委办公室"
    if code in ("QH-ZF", "QH-ZFB"):
        return "市政府办公室"
    name = UNIT_NAME.get(code, "")
    return name.replace("县", "市", 1).replace("分局", "局") if "县" in name else "市政府办公室"


def forward(p: Planner) -> Item:
    producer = p.producer()
    topic, months = p.topic(producer)
    title = f"关于转发《{city_counterpart(producer)}关于做好{topic}工作的通知》的通知"
    return _doc(p, producer, title, months, to_all=0.9)


def emergency_doc(p: Planner) -> Item:
    if p.rng.random() < 0.7:
        months = (6, 7, 8)
        forms = (
            "关于做好近期强降雨防范应对工作的紧急通知",
            "关于切实做好主汛期防汛工作的紧急通知",
            "关于立即开展地质灾害隐患排查的紧急通知",
            "关于做好暴雨洪涝灾害防御工作的紧急通知",
        )
        producer = p.producer(("QH-XWB", "QH-ZFB", *DEPT_POOL_FLOOD))
    else:
        months = (1, 2, 3, 4, 12)
        forms = (
            "关于进一步加强森林防火工作的紧急通知",
            "关于切实做好清明节期间森林防火工作的紧急通知",
        )
        producer = p.producer(("QH-XWB", "QH-ZFB", *FOREST_POOL))
    prefix = p.doc_prefix(producer)
    prefix = prefix[:-1] + "明电" if prefix.endswith("发") else prefix
    return _doc(p, producer, p.rng.choice(forms), months, to_all=0.95, doc_prefix=prefix)


def _meeting(p: Planner, producer, title, months=(), *, to_all=0.75, form=None, **kw) -> Item:
    recipients, everyone = p.recipients(to_all, most=8)
    form = form or p.rng.choices(("现场", "视频", "电视电话"), (6, 3, 1.5))[0]
    low, high = (60, 150) if form != "现场" else (60, 180)
    return Item(
        producer=producer,
        kind=HELD,
        day=p.day(months),
        title=title,
        addressed=p.rng.choice(TO_ALL_MEETINGS) if everyone else p.named(recipients),
        recipients=recipients,
        meeting_form=form,
        duration=p.rng.randrange(low, high + 1, 10),
        **kw,
    )


def meeting(p: Planner) -> Item:
    producer = p.producer()
    topic, months = p.topic(producer)
    forms = ("全县{t}工作会议", "全县{t}工作推进会", "全县{t}工作部署会", "{t}工作调度会")
    item = _meeting(p, producer, p.rng.choice(forms).format(t=topic), months)
    if producer not in COUNTY_PRODUCERS and item.meeting_form != "现场" and p.rng.random() < 0.1:
        item.filed = False  # a department's video meeting never put in its ledger
    return item


def training_meeting(p: Planner) -> Item:
    producer = p.producer(tuple(x for x in p.producers if x not in COUNTY_PRODUCERS))
    topic, months = p.topic(producer)
    form = p.rng.choice(("全县{t}业务培训会", "全县{t}工作培训部署会"))
    return _meeting(p, producer, form.format(t=topic), months)


def study_meeting(p: Planner) -> Item:
    producer = p.producer(("QH-XWB", "QH-ZZB", "QH-XCB", "QH-JW", "QH-SF", "QH-ZFW"))
    topic = p.rng.choice(("党纪学习教育", "习近平法治思想", "新修订的《中国共产党纪律处分条例》"))
    return _meeting(p, producer, f"{topic}专题学习会", (3, 4, 5, 6, 7))


def _common_season(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, ...] | None:
    """The months two subjects both come up in (() all year; None when they never meet)."""
    if not a or not b:
        return a or b
    return tuple(sorted(set(a) & set(b))) or None


def combined_meeting(p: Planner) -> Item:
    producer = p.producer()
    first, months = p.topic(producer)
    second = "安全生产" if first != "安全生产" else "信访维稳"
    for _ in range(5):  # a second subject of the same season
        topic, when = p.topic(producer)
        season = _common_season(months, when)
        if topic != first and season is not None:
            second, months = topic, season
            break
    return _meeting(p, producer, f"全县{first}暨{second}工作会议", months)


def emergency_meeting(p: Planner) -> Item:
    if p.rng.random() < 0.7:
        forms, months = ("全县防汛抗旱紧急调度会", "强降雨防范应对紧急视频调度会"), (6, 7, 8)
        pool = ("QH-XWB", "QH-ZFB", "QH-FX")
    else:
        forms, months = ("全县森林防火紧急部署会", "森林火险应急处置工作会"), (1, 2, 3, 4, 12)
        pool = ("QH-ZFB", "QH-LY", "QH-YJ")
    return _meeting(p, p.producer(pool), p.rng.choice(forms), months, to_all=0.9)


def cadre_training(p: Planner) -> Item:
    producer = p.producer(("QH-ZZB", "QH-DX"))
    forms = (
        "全县乡镇（街道）党政正职履职能力提升培训班",
        "全县年轻干部培训班（第{n}期）",
        "村（社区）党组织书记示范培训班",
        "新任科级领导干部任职培训班",
    )
    title = p.rng.choice(forms)
    serial = "年轻干部" if "{n}" in title else ""
    # the party school's spring and autumn terms
    months = (4, 5, 6, 9, 10, 11)
    return _meeting(p, producer, title, months, form="现场", to_all=0.7, serial=serial)


def relayed_meeting(p: Planner) -> Item:
    producer = p.producer(("QH-XWB", "QH-ZFB"))
    topic, months = p.topic(producer)
    forms = ("收听收看全省{t}工作电视电话会议", "全市{t}工作视频会议（青河分会场）")
    title = p.rng.choice(forms).format(t=topic)
    return _meeting(p, producer, title, months, form="视频", to_all=0.9)


# (builder, how many a year at full scale: about 3,000 items that reach townships).
FLAVOURS: tuple[tuple[Callable[[Planner], Item], int], ...] = (
    (notice, 760),
    (plan_or_opinion, 200),
    (circular, 110),
    (letter, 50),
    (white_head, 130),
    (activity, 100),
    (brief, 230),
    (minutes, 50),
    (reply, 40),
    (appointment, 35),
    (commendation, 35),
    (inspection_notice, 70),
    (forward, 110),
    (emergency_doc, 45),
    (meeting, 250),
    (training_meeting, 50),
    (study_meeting, 20),
    (combined_meeting, 30),
    (emergency_meeting, 18),
    (cadre_training, 16),
    (relayed_meeting, 40),
    (inspection, 80),
    (lambda p: research(p, True), 25),
    (lambda p: research(p, False), 20),
    (unannounced, 15),
    (statutory_supervision, 8),
    (law_enforcement, 12),
    (emergency_inspection, 10),
)


# The share of FLAVOURS built: about 1,700 lines a township, so that `jianfu demo` stays fast.
SCALE = 0.72


def county_year_items(p: Planner, scale: float = SCALE) -> list[Item]:
    return [build(p) for build, count in FLAVOURS for _ in range(max(1, round(count * scale)))]
