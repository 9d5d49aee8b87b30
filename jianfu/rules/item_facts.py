"""The facts an item check reads (DESIGN.md 5.8): the item, and the context the caller gathered
from the database as plain tuples; and how two items are compared (subject similarity by
rapidfuzz, overlapping attendees or targets). Pure: no Django. See `item_checks.py`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from rapidfuzz import fuzz

from jianfu.core.text import compact_text, normalize_title

from .data import RuleSetData

SIMILAR = 70  # rapidfuzz partial_ratio on the subject cores
_BOILERPLATE = re.compile(
    r"关于|召开|举办|举行|开展|组织|印发|转发|进一步|切实|扎实|做好|加强|推进|全县|全面|深入|"
    r"(?:[0-9]{2,4}|[一二三四五六七八九十〇零]{2,4})年度?|第.{1,3}[期次季]|[上下]半年|"
    r"工作|会议|的|通知|方案|意见|专项|情况|有关|事项|视频|电视电话|"
    r"(?:推进|部署|调度|动员|培训|座谈|观摩|现场|总结|表彰|约谈|联席|专题|工作)?会$"
)
_YEARS = re.compile(r"(?:19|20)[0-9]{2}|[一二三四五六七八九十〇零]{4}")
_SPLIT = re.compile(r"[、,，;；/\s]+")
TOWNSHIP_GROUP = re.compile(r"各乡|乡镇|街道")


@dataclass(frozen=True)
class ItemFacts:
    """An item as the checks see it: the three input shapes of DESIGN.md 5.8 in one record."""

    kind: str  # document | meeting | inspection
    title: str
    date: date
    unit_name: str = ""
    one_off: bool = False  # 一事一报: approved on its own rather than through the annual plan
    declarations: dict = field(default_factory=dict, compare=False)  # code → {ok, note}
    # documents
    genre: str = ""
    recipients: str = ""
    chars: int | None = None
    task_specific: bool = False
    forwards_higher: bool = False
    text: str = ""
    # meetings
    meeting_form: str = ""  # 现场 | 视频 | 电视电话
    convener_level: str = ""  # 主要负责同志 | 分管负责同志
    duration_minutes: int | None = None
    main_speech_minutes: int | None = None
    attendees: tuple[tuple[str, str], ...] = ()  # (unit, level)
    comprehensive: bool = False
    in_plan: bool | None = None
    # inspections
    inspection_type: str = ""  # 督查 | 检查 | 考核 | 调研 | 暗访
    targets: tuple[str, ...] = ()  # unit codes or names
    days: int | None = None
    materials: tuple[str, ...] = ()
    requires_principal: bool = False
    plan_item: str = ""  # a plan item code


@dataclass(frozen=True)
class PastItem:
    """An earlier (or other planned) item the checks compare with: a filing or a ledger line."""

    kind: str  # document | meeting | inspection
    title: str
    date: date
    label: str  # how a reason names it, e.g. 县教育局6月3日《…》（报备事项#12）
    same_unit: bool = True
    system: str = ""
    counted: bool = True
    audience: tuple[str, ...] = ()  # a meeting's attendee units, an inspection's targets
    plan_item: str = ""
    comprehensive: bool = False


@dataclass(frozen=True)
class PlanRef:
    code: str
    kind: str  # meeting | inspection
    title: str
    approved: bool = True
    comprehensive: bool = False


@dataclass(frozen=True)
class QuotaInfo:
    amount: int
    adjustments: int
    used: int
    remaining: int


@dataclass(frozen=True)
class CheckContext:
    unit_kind: str = "department"  # county | department | township | higher
    unit_system: str = ""
    quota: QuotaInfo | None = None
    plans: tuple[PlanRef, ...] = ()
    earlier: tuple[PastItem, ...] = ()
    last_year_documents: int | None = None  # None: no ledger data for last year
    this_year_documents: int = 0  # counted documents of the year before this item
    growth_explained: bool = False
    higher_texts: tuple[str, ...] = ()  # texts of higher-level documents to compare (N-D-08)


@dataclass(frozen=True)
class Check:
    code: str
    result: str  # pass | fail | declare
    reason: str

    def as_dict(self) -> dict:
        return {"code": self.code, "result": self.result, "reason": self.reason}


def subject_core(title: str) -> str:
    """A title without the words every title shares: what it is about."""
    core = normalize_title(title)
    previous = None
    while previous != core:
        previous, core = core, _BOILERPLATE.sub("", core)
    return core


def similar_subject(a: str, b: str) -> bool:
    ca, cb = subject_core(a), subject_core(b)
    if len(ca) < 2 or len(cb) < 2:
        return False
    return fuzz.partial_ratio(ca, cb) >= SIMILAR


def _audience(values: tuple[str, ...]) -> set[str]:
    out: set[str] = set()
    for value in values:
        for part in _SPLIT.split(compact_text(value)):
            if part:
                out.add(part)
                if TOWNSHIP_GROUP.search(part):
                    out.add("*乡镇*")
    return out


def audience_overlap(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    return bool(_audience(a) & _audience(b))


# ---- reading the rule set and the context -------------------------------------------------------


def limit_params(rs: RuleSetData, code: str) -> dict | None:
    try:
        return rs.limit(code).params
    except KeyError:
        return None


def negative_params(rs: RuleSetData, code: str) -> dict:
    for item in rs.negatives:
        if item.code == code:
            return item.params
    return {}


def earlier_of(ctx: CheckContext, kind: str, **flags) -> list[PastItem]:
    return [
        p
        for p in ctx.earlier
        if p.kind == kind and all(getattr(p, k) == v for k, v in flags.items())
    ]


def recent_on_subject(ctx, f, kind, window, found_text, none_text) -> tuple[str, str]:
    start = f.date - timedelta(days=window)
    hits = [
        p
        for p in earlier_of(ctx, kind, same_unit=True, counted=True)
        if start <= p.date <= f.date and similar_subject(p.title, f.title)
    ]
    if hits:
        return "fail", f"前{window}日内{found_text}：{hits[0].label}"
    return "pass", none_text.format(w=window)
