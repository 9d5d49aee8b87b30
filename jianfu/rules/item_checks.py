"""The automatic checks an item (事项) passes before it is filed (报备关): DESIGN.md 5.8.

`item_checks(ruleset, facts, context)` returns one `Check` per applicable spec limit (L-*) and
negative-list item (N-*) of the rule set, plus the quota check ("QUOTA"): `pass`, `fail` or
`declare` (an item only a person can judge: the applicant declares, the reviewer decides). Every
reason is a Chinese sentence citing the facts it used ("计划时长150分钟，超过视频会议90分钟上限").

The database is read by the caller (`jianfu.filings.services.checks`), which hands over a
`CheckContext` of plain tuples: the unit's quota balance, the plan items of the year, and the
earlier items (filings and ledger lines) in the windows the checks look at. Pure: no Django.

Merge suggestions (N-M-03, N-I-02) compare subjects by title similarity (rapidfuzz on the titles
with the words every title shares — 关于、召开、工作、会议、通知、the year — taken out).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from jianfu.core.text import compact_text

from .data import RuleSetData
from .engine import LineFacts, criteria_classify, negative_list_hits
from .item_checks_documents import document_checks
from .item_facts import (
    TOWNSHIP_GROUP,
    Check,
    CheckContext,
    ItemFacts,
    PastItem,
    PlanRef,
    QuotaInfo,
    audience_overlap,
    earlier_of,
    limit_params,
    negative_params,
    recent_on_subject,
    similar_subject,
)

__all__ = [
    "Check",
    "CheckContext",
    "ItemFacts",
    "PastItem",
    "PlanRef",
    "QuotaInfo",
    "code_texts",
    "item_checks",
    "similar_subject",
]

KINDS = ("document", "meeting", "inspection")
KIND_LABELS = {"document": "发文", "meeting": "会议", "inspection": "督检考"}
LEDGER_KINDS = {"document": "发文", "meeting": "办会", "inspection": "督查"}
SECTIONS = {"document": "documents", "meeting": "meetings", "inspection": "inspections"}
PRINCIPAL = "主要负责同志"
BRIEF_ONLY = frozenset({"N-D-07"})  # 常规工作，不发简报: asked of briefs only
_YEARS = re.compile(r"(?:19|20)[0-9]{2}|[一二三四五六七八九十〇零]{4}")


# ---- helpers ------------------------------------------------------------------------------------


def _quarter(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def _line(rs: RuleSetData, facts: ItemFacts, ctx: CheckContext) -> LineFacts:
    audience = {
        "document": facts.recipients,
        "meeting": "、".join(u for u, _ in facts.attendees),
        "inspection": "、".join(facts.targets),
    }[facts.kind]
    remarks = "；".join(
        x for x in (facts.text[:2000], "、".join(facts.materials), facts.recipients) if x
    )
    return LineFacts(
        kind=LEDGER_KINDS[facts.kind],
        title=facts.title,
        genre=facts.genre,
        date=facts.date,
        originator_level=ctx.unit_kind,
        counterpart=audience,
        unit_name=facts.unit_name,
        meeting_form=facts.meeting_form,
        duration_minutes=facts.duration_minutes,
        inspection_type=facts.inspection_type,
        materials_requested=bool(facts.materials) if facts.kind == "inspection" else None,
        remarks=remarks,
    )


def _declared(facts: ItemFacts, code: str, text: str) -> str:
    answer = facts.declarations.get(code) if isinstance(facts.declarations, dict) else None
    if isinstance(answer, dict) and answer.get("ok") is not None:
        verdict = "申请人申报：符合" if answer.get("ok") else "申请人申报：不符合"
        note = str(answer.get("note") or "").strip()
        return f"{verdict}{'（' + note + '）' if note else ''}；由审核人判断“{text}”"
    return f"须人工判断，请申请人逐项申报：“{text}”"


# ---- the checks, by kind ------------------------------------------------------------------------


def _meeting(rs: RuleSetData, f: ItemFacts, ctx: CheckContext, out: dict) -> None:
    if (p := limit_params(rs, "L-M-1")) is not None:
        limit = int(p.get("max_main_speech_minutes", 60))
        m = f.main_speech_minutes
        if m is None:
            out["L-M-1"] = ("declare", f"未填写主要讲话时长，请申报不超过{limit}分钟")
        else:
            out["L-M-1"] = (
                ("fail", f"主要讲话{m}分钟，超过{limit}分钟上限")
                if m > limit
                else ("pass", f"主要讲话{m}分钟，未超过{limit}分钟")
            )
    if (p := limit_params(rs, "L-M-2")) is not None:
        video = f.meeting_form in (p.get("video_forms") or ["视频", "电视电话"])
        if video:
            limit, what = int(p.get("max_video_minutes", 90)), f"{f.meeting_form}会议"
        elif ctx.unit_kind == "county":
            limit, what = int(p.get("max_county_minutes", 240)), "县级会议"
        else:
            limit, what = int(p.get("max_department_minutes", 480)), "部门会议"
        d = f.duration_minutes
        if d is None:
            out["L-M-2"] = ("declare", f"未填写计划时长，请申报不超过{what}{limit}分钟上限")
        elif d > limit:
            out["L-M-2"] = ("fail", f"计划时长{d}分钟，超过{what}{limit}分钟上限")
        else:
            out["L-M-2"] = ("pass", f"计划时长{d}分钟，未超过{what}{limit}分钟上限")
    p = limit_params(rs, "L-M-3") or {}
    deputy = p.get("convener_level", "分管负责同志")
    top = p.get("forbidden_attendee_level", PRINCIPAL)
    principals = [
        u for u, level in f.attendees if level == top and TOWNSHIP_GROUP.search(compact_text(u))
    ]
    if f.convener_level == deputy and principals:
        bad = (
            "fail",
            f"召集人为{deputy}，却要求“{'、'.join(principals)}”的{top}参会",
        )
    else:
        bad = ("pass", f"召集人为{f.convener_level or '未填写'}，未要求乡镇{top}陪会")
    if limit_params(rs, "L-M-3") is not None:
        out["L-M-3"] = bad
    out["N-M-06"] = bad
    twice = _comprehensive_twice(ctx, f, "meeting")
    if limit_params(rs, "L-M-4") is not None:
        out["L-M-4"] = twice
    out["N-M-07"] = twice
    window = int(negative_params(rs, "N-M-02").get("window_days", 30))
    out["N-M-02"] = recent_on_subject(
        ctx,
        f,
        "document",
        window,
        "已就同一事项发出计入统计的文件",
        "前{w}日内本单位无同一事项的发文",
    )
    window = int(negative_params(rs, "N-M-03").get("window_days", 7))
    mine = tuple(u for u, _ in f.attendees)
    merge = [
        p
        for p in ctx.earlier
        if p.kind == "meeting"
        and abs((p.date - f.date).days) <= window
        and similar_subject(p.title, f.title)
        and (not p.audience or not mine or audience_overlap(p.audience, mine))
    ]
    out["N-M-03"] = (
        ("fail", f"{window}日内另有主题和参会范围重叠的会议{merge[0].label}，建议合并或套开")
        if merge
        else ("pass", f"前后{window}日内无主题和参会范围重叠的会议")
    )
    out["N-M-08"] = _in_plan(f, ctx, "meeting", "会议计划")


def _comprehensive_twice(ctx: CheckContext, f: ItemFacts, kind: str) -> tuple[str, str]:
    if not f.comprehensive:
        return "pass", "不是综合性工作会议" if kind == "meeting" else "不是综合性督检考"
    same = [
        p
        for p in earlier_of(ctx, kind, comprehensive=True)
        if p.date.year == f.date.year
        and (p.same_unit or (ctx.unit_system and p.system == ctx.unit_system))
    ]
    what = "综合性工作会议" if kind == "meeting" else "综合性督检考"
    if same:
        return "fail", f"本年度本系统已有{what}{same[0].label}，一年至多一次"
    return "pass", f"本年度本系统尚无其他{what}"


def _in_plan(f: ItemFacts, ctx: CheckContext, kind: str, plan_name: str) -> tuple[str, str]:
    plans = [p for p in ctx.plans if p.kind == kind]
    if f.plan_item:
        found = next((p for p in plans if p.code == f.plan_item), None)
        if found is None:
            return "fail", f"计划编号“{f.plan_item}”不在本单位{f.date.year}年度{plan_name}中"
        if not found.approved:
            return "fail", f"计划事项{found.code}“{found.title}”尚未审定"
        return "pass", f"列入年度{plan_name}：{found.code}“{found.title}”"
    if f.one_off:
        return "pass", "未列入年度计划，按一事一报单独报批"
    if f.in_plan:
        match = next((p for p in plans if p.approved and similar_subject(p.title, f.title)), None)
        if match is not None:
            return "pass", f"申报列入年度{plan_name}，对应{match.code}“{match.title}”"
        return "fail", f"申报列入计划，但本单位{f.date.year}年度{plan_name}中未找到相符事项"
    return "fail", f"未列入本单位{f.date.year}年度{plan_name}，也未按一事一报单独报批"


def _inspection(rs: RuleSetData, f: ItemFacts, ctx: CheckContext, out: dict) -> None:
    planned = _in_plan(f, ctx, "inspection", "督检考计划")
    if limit_params(rs, "L-I-1") is not None:
        out["L-I-1"] = planned
    out["N-I-01"] = planned
    split = [
        p
        for p in earlier_of(ctx, "inspection", same_unit=True)
        if f.plan_item and p.plan_item == f.plan_item
    ]
    split_check = (
        ("fail", f"计划事项{f.plan_item}已关联{split[0].label}，一项计划不得分多次开展")
        if split
        else ("pass", "未将一项计划拆分为多次督检考")
    )
    out["N-I-06"] = split_check
    if limit_params(rs, "L-I-2") is not None:
        twice = _comprehensive_twice(ctx, f, "inspection")
        out["L-I-2"] = split_check if split_check[0] == "fail" else twice
    trace_words = rs.words(
        (limit_params(rs, "L-I-3") or {}).get("trace_materials", "trace_materials")
    )
    materials = "、".join(f.materials)
    traces = [w for w in trace_words if w in compact_text(materials)]
    if limit_params(rs, "L-I-3") is not None:
        out["L-I-3"] = (
            ("fail", f"要求提供痕迹材料：{'、'.join(traces)}")
            if traces
            else ("pass", "未要求提供拍照留痕、学习笔记、会议记录等痕迹材料")
        )
    out["N-I-02"] = _duplicate_inspection(f, ctx)
    out["N-I-07"] = (
        ("fail", f"要求基层提供材料：{materials}") if f.materials else ("pass", "未要求提供材料")
    )
    out["N-I-08"] = (
        ("fail", f"以留痕材料作为评价依据：{'、'.join(traces)}")
        if traces
        else ("pass", "未要求提供留痕材料")
    )
    window = int(negative_params(rs, "N-I-09").get("window_days", 15))
    start = f.date - timedelta(days=window)
    deployed = [
        p
        for p in ctx.earlier
        if p.same_unit
        and p.kind in ("document", "meeting")
        and start <= p.date <= f.date
        and similar_subject(p.title, f.title)
    ]
    out["N-I-09"] = (
        ("fail", f"距部署的{deployed[0].label}不足{window}日即开展督检考")
        if deployed
        else ("pass", f"前{window}日内本单位无同一事项的部署文件或会议")
    )
    out["N-I-10"] = (
        ("fail", "要求被督查单位主要负责同志陪同")
        if f.requires_principal
        else ("pass", "未要求被督查单位主要负责同志陪同")
    )


def _duplicate_inspection(f: ItemFacts, ctx: CheckContext) -> tuple[str, str]:
    quarter = _quarter(f.date)
    hits = [
        p
        for p in ctx.earlier
        if p.kind == "inspection"
        and _quarter(p.date) == quarter
        and audience_overlap(p.audience, f.targets)
        and similar_subject(p.title, f.title)
    ]
    if hits:
        return "fail", f"同一季度另有针对相同乡镇、主题重叠的督检考{hits[0].label}，建议合并开展"
    return "pass", "同一季度无针对相同对象、主题重叠的督检考"


def _quota(rs: RuleSetData, f: ItemFacts, ctx: CheckContext) -> tuple[str, str]:
    decision = criteria_classify(rs, _line(rs, f, ctx))
    label = KIND_LABELS[f.kind]
    if not decision.quota_charged:
        return "pass", f"本事项不占用数额（{decision.rule}）"
    q = ctx.quota
    if q is None:
        return "pass", f"本单位未设定{f.date.year}年{label}数额，不作数额检查"
    total = q.amount + q.adjustments
    adj = f"（含统筹调配{q.adjustments:+d}）" if q.adjustments else ""
    text = f"{f.date.year}年{label}数额{total}{adj}，已用{q.used}，剩余{q.remaining}"
    if q.remaining <= 0:
        return "fail", f"{text}，数额已用完"
    return "pass", text


# ---- entry point --------------------------------------------------------------------------------


def item_checks(rs: RuleSetData, facts: ItemFacts, ctx: CheckContext) -> list[Check]:
    """Every applicable check of the rule set for one item, in the rule set's order."""
    if facts.kind not in KINDS:
        raise ValueError(f"unknown item kind {facts.kind!r}")
    section = SECTIONS[facts.kind]
    found: dict[str, tuple[str, str | None]] = {}
    {"document": document_checks, "meeting": _meeting, "inspection": _inspection}[facts.kind](
        rs, facts, ctx, found
    )
    hits = {h.code: h for h in negative_list_hits(rs, _line(rs, facts, ctx))}
    checks: list[Check] = []
    for limit in rs.limits:
        if limit.section == section and limit.code in found:
            result, reason = found[limit.code]
            checks.append(Check(limit.code, result, reason or limit.text))
    for item in rs.negatives:
        if item.list != section:
            continue
        if item.check == "reviewer":
            if item.code in found or item.code not in BRIEF_ONLY:
                checks.append(Check(item.code, "declare", _declared(facts, item.code, item.text)))
            continue
        if item.code in found and found[item.code][0] != "declare":
            result, reason = found[item.code]
        elif item.code in found:
            result, reason = "declare", _declared(facts, item.code, item.text)
            reason = found[item.code][1] or reason
        elif item.code in hits:
            result, reason = "fail", hits[item.code].reason
        elif item.condition is not None:
            result, reason = "pass", f"未发现“{item.how or item.text}”的情形"
        else:
            result, reason = "declare", _declared(facts, item.code, item.text)
        if item.code in hits and result == "pass":
            result, reason = "fail", hits[item.code].reason
        checks.append(Check(item.code, result, reason or item.text))
    checks.append(Check("QUOTA", *_quota(rs, facts, ctx)))
    return checks


def code_texts(rs: RuleSetData) -> dict[str, str]:
    """Each L-* and N-* code's text (shown on hover next to a check result)."""
    texts = {limit.code: limit.text for limit in rs.limits}
    texts.update({n.code: n.text for n in rs.negatives})
    texts["QUOTA"] = "年度数额（含统筹调配）"
    return texts


# Automatic checks that answer `declare` when the facts they need are missing (no length given,
# no text attached, no duration): the applicant then declares them like the reviewer items.
AUTO_DECLARABLE = {
    "document": ("L-D-1", "L-D-2", "N-D-08"),
    "meeting": ("L-M-1", "L-M-2"),
    "inspection": (),
}


def declarable(rs: RuleSetData, kind: str) -> list[tuple[str, str, bool]]:
    """(code, text, automatic) of every check of the kind the applicant may have to declare:
    the reviewer items of its negative list, then the automatic ones that can say `declare`."""
    section = SECTIONS[kind]
    out = [
        (n.code, n.text, False) for n in rs.negatives if n.list == section and n.check == "reviewer"
    ]
    texts = code_texts(rs)
    out += [(code, texts[code], True) for code in AUTO_DECLARABLE[kind] if code in texts]
    return out
