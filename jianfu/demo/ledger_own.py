"""The demo year's items besides what county units send townships: the statutory sessions, every
unit's internal meetings and documents, reports sent upward, what higher levels send townships,
and townships' own documents, meetings and checks of their villages."""

from __future__ import annotations

from datetime import date

from .data import DEPARTMENTS, TOWNSHIPS
from .ledger_data import HIGHER_SENDERS, INTERNAL_RECIPIENTS, LEADERSHIP_ATTENDEES
from .ledger_items import HELD, INSPECTING, ISSUED, Item, Planner, number_items
from .ledger_templates import county_year_items

SHORT_NAME = {spec.code: spec.short_name or spec.name for spec in DEPARTMENTS}


def statutory_items(p: Planner) -> list[Item]:
    """The people's congress and CPPCC plenary sessions (M-OUT-4) and the standing committee's
    sessions townships' 人大主席 attend (counted as county meetings)."""
    y = p.year
    towns = tuple(p.townships)
    items = [
        Item("QH-RDB", HELD, date(y, 1, 15), "青河县第十八届人民代表大会第五次会议"),
        Item("QH-ZXB", HELD, date(y, 1, 14), "政协青河县第十届委员会第四次会议"),
    ]
    for month in (2, 4, 6, 8, 10, 12):
        items.append(Item("QH-RDB", HELD, p.day((month,)), "县十八届人大常委会第{n}次会议"))
        items[-1].serial = "常委会"
    for item in items:
        item.recipients, item.addressed = towns, "各乡镇人大主席团、各街道人大工委"
        item.meeting_form, item.duration = "现场", 240 if "人民代表大会" in item.title else 150
    return items


def internal_items(p: Planner) -> list[Item]:
    """What stays inside a unit: 党组会, 常委会, 常务会 (M-OUT-1), internal documents
    (D-OUT-6), and 请示 / 报告 sent upward (D-OUT-3)."""
    y = p.year
    items: list[Item] = []

    def meeting(producer: str, title: str, serial: str, attendees: str) -> None:
        items.append(
            Item(producer, HELD, p.day(), title, attendees, serial=serial, meeting_form="现场")
        )
        items[-1].duration = p.rng.randrange(60, 181, 30)

    for _ in range(30):
        meeting("QH-XW", f"县委常委会会议（{y}年第{{n}}次）", "常委会", "县委常委")
    for _ in range(24):
        meeting("QH-ZF", "县政府第{n}次常务会议", "常务会", "县政府领导班子成员")
    for spec in DEPARTMENTS:
        short = SHORT_NAME[spec.code]
        for _ in range(p.rng.randint(10, 20)):
            meeting(spec.code, f"{short}党组会议（{y}年第{{n}}次）", "党组会", "党组成员")
        for _ in range(p.rng.randint(4, 10)):
            attendees = p.rng.choice(LEADERSHIP_ATTENDEES)
            if short.endswith("局"):
                meeting(spec.code, f"{short}局务会（第{{n}}次）", "局务会", attendees)
            else:
                meeting(spec.code, "理论学习中心组集中学习（第{n}次）", "中心组", attendees)
        for _ in range(p.rng.randint(2, 5)):
            title = p.rng.choice(
                (
                    "关于调整局机关内设机构工作分工的通知",
                    f"关于做好本单位{y}年度考勤管理工作的通知",
                    "关于印发《局机关公务接待管理办法》的通知",
                    "关于机关干部职工参加无偿献血活动的通知",
                )
            )
            item = Item(spec.code, ISSUED, p.day(), title, p.rng.choice(INTERNAL_RECIPIENTS))
            item.doc_prefix = p.doc_prefix(spec.code)
            items.append(item)
        for _ in range(p.rng.randint(2, 5)):
            topic, months = p.topic(spec.code)
            title, to = p.rng.choice(
                (
                    (f"关于{y}年上半年{topic}工作情况的报告", "县委、县政府"),
                    (f"关于申请{topic}专项经费的请示", "县人民政府"),
                )
            )
            item = Item(spec.code, ISSUED, p.day(months), title, to)
            item.doc_prefix = p.doc_prefix(spec.code)
            items.append(item)
    return items


def higher_items(p: Planner, count: int = 250) -> list[Item]:
    """What the city and the province send townships (recorded, never counted: O-UP-1)."""
    items = []
    for _ in range(count):
        code, _names, prefix = p.rng.choice(HIGHER_SENDERS)
        topic, months = p.topic(p.rng.choice(("QH-XWB", "QH-NY", "QH-JY", "QH-YJ", "QH-ZJ")))
        recipients = tuple(t for t in p.townships if p.rng.random() < 0.75)
        roll = p.rng.random()
        if code == "SJ-DCS":
            kind, title = INSPECTING, f"市委督查室{topic}工作专项督查"
        elif roll < 0.8:
            kind, title = (
                ISSUED,
                p.rng.choice((f"关于做好{topic}工作的通知", f"关于进一步加强{topic}工作的意见")),
            )
        elif roll < 0.95:
            kind = HELD
            title = p.rng.choice((f"全市{topic}工作电视电话会议", f"全省{topic}工作视频会议"))
        else:
            kind, title = INSPECTING, f"全市{topic}工作交叉检查"
        item = Item(code, kind, p.day(months), title, recipients=recipients, filed=False)
        item.doc_prefix = prefix if kind == ISSUED else ""
        item.spread = 3 if kind == ISSUED else 0
        items.append(item)
    return items


def township_items(p: Planner) -> list[Item]:
    """A township's own documents to its villages, its meetings and its checks (O-TWP-1)."""
    items = []
    for spec in TOWNSHIPS:
        place = "镇" if spec.name.endswith("镇") else "乡" if spec.name.endswith("乡") else "街道"
        prefix = f"{spec.name[0]}{'政' if place != '街道' else '街'}发"
        for _ in range(p.rng.randint(70, 110)):
            topic, months = p.topic("QH-XWB")
            title = p.rng.choice(
                (f"关于做好{topic}工作的通知", f"{spec.name}{p.year}年{topic}工作方案")
            )
            item = Item(spec.code, ISSUED, p.day(months), title, "各村（社区）")
            item.doc_prefix = prefix
            items.append(item)
        for _ in range(p.rng.randint(30, 50)):
            topic, months = p.topic("QH-NY")
            title = p.rng.choice(
                (f"{spec.name}党委会议（第{{n}}次）", f"全{place}{topic}工作部署会")
            )
            attendees = "党委班子成员" if "党委" in title else "各村（社区）党组织书记"
            items.append(Item(spec.code, HELD, p.day(months), title, attendees, serial="党委会"))
        for _ in range(p.rng.randint(6, 14)):
            topic, months = p.topic("QH-XWB")
            title = f"对各村（社区）{topic}工作督查"
            items.append(Item(spec.code, INSPECTING, p.day(months), title, "各村（社区）"))
    return items


def year_items(p: Planner) -> list[Item]:
    """Every item of the demo year, numbered in date order."""
    items = (
        county_year_items(p)
        + statutory_items(p)
        + internal_items(p)
        + higher_items(p)
        + township_items(p)
    )
    number_items(items, p.year)
    return items
