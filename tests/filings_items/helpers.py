"""Shared inputs for the filings-items tests."""

from __future__ import annotations

from jianfu.core.actor import Actor

MEETING = {
    "kind": "meeting",
    "title": "全县夏粮收购工作视频调度会",
    "date": "2025-06-16",
    "form": "视频",
    "convener": "张副局长",
    "convener_level": "分管负责同志",
    "duration_minutes": 150,
    "main_speech_minutes": 40,
    "attendees": [{"unit": "各乡镇（街道）", "level": "主要负责同志"}],
    "agenda": [{"item": "通报进度", "minutes": 20}],
    "one_off": True,
}
DOCUMENT = {
    "kind": "document",
    "title": "关于做好夏季农作物病虫害防治的通知",
    "date": "2025-06-16",
    "genre": "通知",
    "chars": 3000,
    "recipients": "各乡镇（街道）农业服务中心",
}
INSPECTION = {
    "kind": "inspection",
    "title": "高标准农田建设质量督查",
    "date": "2025-06-16",
    "type": "督查",
    "targets": ["QH-HK"],
    "days": 1,
    "materials": [],
    "one_off": True,
}


def actor(user) -> Actor:
    return Actor(channel="web", user=user, username=user.username)


def results(checks: list[dict]) -> dict[str, str]:
    return {c["code"]: c["result"] for c in checks}
