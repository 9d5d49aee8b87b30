"""Helpers for the item-check tables: a default rule set, facts with defaults, one code's check."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from jianfu.rules.data import default_ruleset_data
from jianfu.rules.item_checks import CheckContext, ItemFacts, PastItem, item_checks

DAY = date(2025, 6, 16)
BASE = {
    "document": ItemFacts(
        kind="document",
        title="关于做好夏季农作物病虫害防治的通知",
        date=DAY,
        unit_name="县农业农村局",
        genre="通知",
        chars=3000,
        recipients="各乡镇（街道）农业服务中心",
    ),
    "meeting": ItemFacts(
        kind="meeting",
        title="全县夏粮收购工作推进会",
        date=DAY,
        unit_name="县农业农村局",
        meeting_form="现场",
        convener_level="主要负责同志",
        duration_minutes=90,
        main_speech_minutes=30,
        attendees=(("各乡镇（街道）", "分管负责同志"),),
        one_off=True,
    ),
    "inspection": ItemFacts(
        kind="inspection",
        title="高标准农田建设质量督查",
        date=DAY,
        unit_name="县农业农村局",
        inspection_type="督查",
        targets=("QH-HK",),
        days=1,
        one_off=True,
    ),
}


def facts(kind: str, **changes) -> ItemFacts:
    return replace(BASE[kind], **changes)


def past(kind: str, title: str, day: date, **extra) -> PastItem:
    return PastItem(kind=kind, title=title, date=day, label=f"《{title}》", **extra)


def check(code: str, item: ItemFacts, ctx: CheckContext | None = None):
    found = list(item_checks(default_ruleset_data(), item, ctx or CheckContext()))
    matching = [c for c in found if c.code == code]
    assert len(matching) == 1, [c.code for c in found]
    return matching[0]


def codes(item: ItemFacts, ctx: CheckContext | None = None) -> list[str]:
    return [c.code for c in item_checks(default_ruleset_data(), item, ctx or CheckContext())]
