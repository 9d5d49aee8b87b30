"""The item checks for documents (L-D-*, N-D-*): see `item_checks.py`. Pure: no Django."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from jianfu.core.text import compact_text, normalize_title

from .data import RuleSetData
from .item_facts import (
    CheckContext,
    ItemFacts,
    earlier_of,
    limit_params,
    negative_params,
    recent_on_subject,
)

_YEARS = re.compile(r"(?:19|20)[0-9]{2}|[一二三四五六七八九十〇零]{4}")


def document_checks(rs: RuleSetData, f: ItemFacts, ctx: CheckContext, out: dict) -> None:
    compact = compact_text(f.title)
    brief = bool(rs.brief_words.find(compact_text(f.genre)) or rs.brief_words.find(compact))
    chars = f.chars if f.chars is not None else (len(compact_text(f.text)) or None)
    if brief and (p := limit_params(rs, "L-D-2")) is not None:
        limit = int(p.get("max_chars", 800))
        if chars is None:
            out["L-D-2"] = ("declare", f"未填写字数，请申报简报字数不超过{limit}字")
        elif chars > limit:
            out["L-D-2"] = ("fail", f"简报{chars}字，超过{limit}字上限")
        else:
            out["L-D-2"] = ("pass", f"简报{chars}字，未超过{limit}字")
    elif not brief and (p := limit_params(rs, "L-D-1")) is not None:
        limit = int(p.get("max_chars_task" if f.task_specific else "max_chars", 5000))
        what = "部署具体工作任务的文件" if f.task_specific else "文件"
        if chars is None:
            out["L-D-1"] = ("declare", f"未填写字数或正文，请申报{what}不超过{limit}字")
        elif chars > limit:
            out["L-D-1"] = ("fail", f"{what}{chars}字，超过{limit}字上限")
        else:
            out["L-D-1"] = ("pass", f"{what}{chars}字，未超过{limit}字")
    if limit_params(rs, "L-D-3") is not None:
        last, now = ctx.last_year_documents, ctx.this_year_documents + 1
        if last is None:
            out["L-D-3"] = ("pass", "上年无发文记录，暂不比较增减")
        elif now <= last:
            out["L-D-3"] = ("pass", f"本年计入统计的发文含本件{now}件，未超过上年全年{last}件")
        elif ctx.growth_explained:
            out["L-D-3"] = ("pass", f"本年发文含本件{now}件，超过上年{last}件，已备案书面说明")
        else:
            out["L-D-3"] = (
                "fail",
                f"本年计入统计的发文含本件{now}件，超过上年全年{last}件，尚未备案书面说明（只减不增）",
            )
    forwards = f.forwards_higher or "转发" in compact
    out["N-D-02"] = (
        (
            "fail",
            "转发上级文件：上级文件已公开发布可直接执行的，不层层转发；确有新要求的请在正文中写明",
        )
        if forwards
        else ("pass", "不是转发上级文件")
    )
    window = int(negative_params(rs, "N-D-03").get("window_days", 30))
    out["N-D-03"] = recent_on_subject(
        ctx,
        f,
        "meeting",
        window,
        "已就同一事项召开计入统计的会议",
        "前{w}日内本单位无同一事项的会议",
    )
    repeats = [
        p
        for p in earlier_of(ctx, "document", same_unit=True)
        if p.date.year == f.date.year - 1
        and _YEARS.sub("", normalize_title(p.title)) == _YEARS.sub("", normalize_title(f.title))
    ]
    out["N-D-05"] = (
        ("fail", f"标题与上年{repeats[0].label}仅年份不同，疑似照搬往年")
        if repeats
        else ("pass", "上年无仅年份不同的同名文件")
    )
    if brief:
        out["N-D-07"] = ("declare", None)
    out["N-D-08"] = _overlap(rs, f, ctx)


def _overlap(rs: RuleSetData, f: ItemFacts, ctx: CheckContext) -> tuple[str, str | None]:
    text = compact_text(f.text)
    if not text:
        return "declare", None
    if not ctx.higher_texts:
        return "declare", "库中没有可比对的上级文件正文，请申请人申报与上级文件内容重复不超过一半"
    limit = float(negative_params(rs, "N-D-08").get("max_overlap", 0.5))
    best = max(fuzz.partial_ratio(text, compact_text(t)) / 100 for t in ctx.higher_texts)
    if best > limit:
        return "fail", f"正文与上级文件重复约{best:.0%}，超过{limit:.0%}"
    return "pass", f"正文与上级文件重复约{best:.0%}，未超过{limit:.0%}"
