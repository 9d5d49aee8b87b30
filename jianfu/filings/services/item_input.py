"""An item as data (DESIGN.md 5.8): validating the input shape shared by `check_item`, the API
and the web form, and turning it into a Filing's fields and the checks' `ItemFacts`.

Input keys: kind, title, date, one_off, declarations; documents: genre, issuing_name, doc_no,
recipients, chars, task_specific, normative, forwards_higher, text; meetings: form, convener,
convener_level, duration_minutes, main_speech_minutes, attendees [{unit, level}],
expected_attendance, agenda [{item, minutes}], comprehensive, in_plan, plan_item; inspections:
type, items_checked, targets [..], days, materials [..], requires_principal, plan_item,
comprehensive. Unknown keys are ignored (the "unit" key is read by the callers).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from jianfu.core.text import normalize_title
from jianfu.rules.item_checks import ItemFacts

from ..models import ItemKind

MEETING_FORMS = ("现场", "视频", "电视电话")
CONVENER_LEVELS = ("主要负责同志", "分管负责同志")
ATTENDEE_LEVELS = ("主要负责同志", "分管负责同志", "工作人员")
INSPECTION_TYPES = ("督查", "检查", "考核", "调研", "暗访")
TEXT_LIMITS = {
    "title": 500,
    "genre": 32,
    "issuing_name": 32,
    "doc_no": 128,
    "recipients": 500,
    "convener": 64,
    "items_checked": 2000,
    "text": 200_000,
}
DOCUMENT_FIELDS = (
    "genre",
    "issuing_name",
    "doc_no",
    "recipients",
    "chars",
    "task_specific",
    "normative",
    "forwards_higher",
    "text",
)
MEETING_FIELDS = (
    "meeting_form",
    "convener",
    "convener_level",
    "duration_minutes",
    "main_speech_minutes",
    "attendees",
    "expected_attendance",
    "agenda",
    "comprehensive",
)
INSPECTION_FIELDS = (
    "inspection_type",
    "items_checked",
    "targets",
    "days",
    "materials",
    "requires_principal",
    "comprehensive",
)


class ItemInvalid(ValueError):
    """The item was refused; `errors` is [(field, message)], every problem at once."""

    def __init__(self, errors: list[tuple[str, str]]):
        self.errors = errors
        super().__init__("；".join(f"{f}：{m}" for f, m in errors))


class _Reader:
    def __init__(self, data: dict):
        self.data = data
        self.errors: list[tuple[str, str]] = []

    def error(self, name: str, message: str) -> None:
        self.errors.append((name, message))

    def text(self, name: str, required: bool = False) -> str:
        value = self.data.get(name)
        if value is None or value == "":
            if required:
                self.error(name, "必填")
            return ""
        if not isinstance(value, str):
            self.error(name, "应为文字")
            return ""
        value = value.replace("\x00", "").strip()
        if required and not value:
            self.error(name, "必填")
        limit = TEXT_LIMITS.get(name, 255)
        if len(value) > limit:
            self.error(name, f"不能超过{limit}字")
        return value[:limit]

    def choice(self, name: str, choices: tuple[str, ...], required: bool = False) -> str:
        value = self.text(name, required)
        if value and value not in choices:
            self.error(name, f"应为 {'、'.join(choices)} 之一")
            return ""
        return value

    def number(self, name: str, low: int = 0, high: int = 1_000_000) -> int | None:
        value = self.data.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, bool) or not isinstance(value, int | str):
            self.error(name, "应为整数")
            return None
        try:
            number = int(str(value).strip())
        except ValueError:
            self.error(name, "应为整数")
            return None
        if not low <= number <= high:
            self.error(name, f"应在{low}到{high}之间")
            return None
        return number

    def flag(self, name: str) -> bool:
        value = self.data.get(name)
        if value is None or value == "":
            return False
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "1", "是", "on"):
            return True
        if isinstance(value, str) and value.lower() in ("false", "0", "否", "off"):
            return False
        self.error(name, "应为 true（是）或 false（否）")
        return False

    def day(self, name: str) -> date | None:
        value = self.data.get(name)
        if isinstance(value, date):
            return value
        if not isinstance(value, str) or not value.strip():
            self.error(name, "必填，格式 YYYY-MM-DD")
            return None
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            self.error(name, f"日期无效：{value[:20]}，格式应为 YYYY-MM-DD")
            return None

    def strings(self, name: str, limit: int = 64) -> list[str]:
        value = self.data.get(name)
        if value is None or value == "":
            return []
        if isinstance(value, str):
            value = list(value.replace("，", "、").replace(",", "、").split("、"))
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.error(name, "应为文字列表")
            return []
        return [v.strip()[:limit] for v in value if v and v.strip()][:200]

    def rows(self, name: str, keys: tuple[str, str]) -> list[dict]:
        value = self.data.get(name)
        if value is None or value == "":
            return []
        if not isinstance(value, list):
            self.error(name, "应为列表")
            return []
        out = []
        for i, row in enumerate(value[:100]):
            if not isinstance(row, dict):
                self.error(f"{name}[{i}]", "应为键值对")
                continue
            first, second = keys
            text = row.get(first)
            if not isinstance(text, str) or not text.strip():
                self.error(f"{name}[{i}].{first}", "必填")
                continue
            out.append({first: text.strip()[:128], second: row.get(second)})
        return out


def item_fields(data: Any) -> dict:
    """The Filing fields of an input item; raises `ItemInvalid` naming every bad field.

    The plan item stays a code under "plan_item_code" (resolved by the caller, which knows the
    county); "in_plan" is kept for the checks.
    """
    if not isinstance(data, dict):
        raise ItemInvalid([("", "事项应为 JSON 对象")])
    r = _Reader(data)
    kind = data.get("kind")
    if kind not in ItemKind.values:
        r.error("kind", "应为 document（发文）、meeting（会议）或 inspection（督检考）之一")
    fields: dict[str, Any] = {
        "kind": kind,
        "title": r.text("title", required=True),
        "date": r.day("date"),
        "one_off": r.flag("one_off"),
        "in_plan": None,
        "plan_item_code": "",
    }
    decl = data.get("declarations") or {}
    if not isinstance(decl, dict):
        r.error("declarations", "应为“编号: {ok, note}”的键值对")
        decl = {}
    fields["declarations"] = {
        str(code)[:16]: {
            "ok": bool(v.get("ok")) if v.get("ok") is not None else None,
            "note": str(v.get("note") or "")[:500],
        }
        for code, v in decl.items()
        if isinstance(v, dict)
    }
    if kind == ItemKind.DOCUMENT:
        for name in ("genre", "issuing_name", "doc_no", "recipients", "text"):
            fields[name] = r.text(name)
        fields["chars"] = r.number("chars", 0, 1_000_000)
        for name in ("task_specific", "normative", "forwards_higher"):
            fields[name] = r.flag(name)
    elif kind == ItemKind.MEETING:
        fields["meeting_form"] = r.choice("form", MEETING_FORMS, required=True)
        fields["convener"] = r.text("convener")
        fields["convener_level"] = r.choice("convener_level", CONVENER_LEVELS, required=True)
        fields["duration_minutes"] = r.number("duration_minutes", 1, 24 * 60)
        if fields["duration_minutes"] is None and "duration_minutes" not in dict(r.errors):
            r.error("duration_minutes", "必填")
        fields["main_speech_minutes"] = r.number("main_speech_minutes", 0, 24 * 60)
        fields["expected_attendance"] = r.number("expected_attendance", 0, 100_000)
        attendees = r.rows("attendees", ("unit", "level"))
        for i, row in enumerate(attendees):
            if row["level"] not in ATTENDEE_LEVELS:
                r.error(f"attendees[{i}].level", f"应为 {'、'.join(ATTENDEE_LEVELS)} 之一")
        fields["attendees"] = attendees
        agenda = r.rows("agenda", ("item", "minutes"))
        for i, row in enumerate(agenda):
            minutes = row["minutes"]
            if minutes in (None, ""):
                row["minutes"] = None
            elif isinstance(minutes, bool) or not str(minutes).strip().isdigit():
                r.error(f"agenda[{i}].minutes", "应为整数")
            else:
                row["minutes"] = int(str(minutes).strip())
        fields["agenda"] = agenda
        fields["comprehensive"] = r.flag("comprehensive")
        in_plan = data.get("in_plan")
        fields["in_plan"] = None if in_plan in (None, "") else r.flag("in_plan")
        fields["plan_item_code"] = r.text("plan_item")
    elif kind == ItemKind.INSPECTION:
        fields["inspection_type"] = r.choice("type", INSPECTION_TYPES, required=True)
        fields["items_checked"] = r.text("items_checked")
        fields["targets"] = r.strings("targets")
        fields["days"] = r.number("days", 0, 366)
        fields["materials"] = r.strings("materials")
        fields["requires_principal"] = r.flag("requires_principal")
        fields["comprehensive"] = r.flag("comprehensive")
        fields["plan_item_code"] = r.text("plan_item")
    if r.errors:
        raise ItemInvalid(r.errors)
    fields["title_norm"] = normalize_title(fields["title"])[:500]
    return fields


def facts_from_fields(fields: dict, unit_name: str, plan_code: str = "") -> ItemFacts:
    """The checks' view of an item (from `item_fields` or a Filing's values)."""
    g = fields.get
    return ItemFacts(
        kind=g("kind"),
        title=g("title") or "",
        date=g("date"),
        unit_name=unit_name,
        one_off=bool(g("one_off")),
        declarations=g("declarations") or {},
        genre=g("genre") or "",
        recipients=g("recipients") or "",
        chars=g("chars"),
        task_specific=bool(g("task_specific")),
        forwards_higher=bool(g("forwards_higher")),
        text=g("text") or "",
        meeting_form=g("meeting_form") or "",
        convener_level=g("convener_level") or "",
        duration_minutes=g("duration_minutes"),
        main_speech_minutes=g("main_speech_minutes"),
        attendees=tuple(
            (str(a.get("unit") or ""), str(a.get("level") or "")) for a in g("attendees") or []
        ),
        comprehensive=bool(g("comprehensive")),
        in_plan=g("in_plan"),
        inspection_type=g("inspection_type") or "",
        targets=tuple(g("targets") or ()),
        days=g("days"),
        materials=tuple(g("materials") or ()),
        requires_principal=bool(g("requires_principal")),
        plan_item=plan_code or g("plan_item_code") or "",
    )
