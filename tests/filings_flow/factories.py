"""Filing rows made with the ORM (the filing form and its services belong to another part)."""

from __future__ import annotations

from datetime import date
from typing import Any

from jianfu.filings.models import Filing, ItemKind, Status


def make_filing(unit, *, kind: str = ItemKind.MEETING, created_by=None, **extra: Any) -> Filing:
    defaults: dict[str, Any] = {
        "county_id": unit.county_id,
        "unit": unit,
        "kind": kind,
        "title": extra.pop("title", "关于召开全县春耕生产工作会议的通知"),
        "date": extra.pop("date", date(2025, 6, 10)),
        "status": extra.pop("status", Status.DRAFT),
        "created_by": created_by,
    }
    if kind == ItemKind.MEETING:
        defaults.update(
            meeting_form="现场",
            duration_minutes=120,
            main_speech_minutes=40,
            expected_attendance=60,
            convener_level="分管负责同志",
            attendees=[{"unit": "各乡镇（街道）", "level": "分管负责同志"}],
        )
    elif kind == ItemKind.INSPECTION:
        defaults.update(inspection_type="督查", targets=["QH-HK", "QH-CG"], days=2)
    else:
        defaults.update(genre="通知", chars=2000, recipients="各乡镇（街道）")
    defaults.update(extra)
    return Filing.objects.create(**defaults)
