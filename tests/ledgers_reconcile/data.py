"""A small, realistic reconciliation scene in the test county (青河县), autumn 2025.

Senders: 县委办 (county), 农业农村局 and 教育局 (departments). Observation points: 河口乡, 城关镇.
"""

from __future__ import annotations

from datetime import date

from jianfu.core.text import normalize_doc_no, normalize_title
from jianfu.ledgers.models import LedgerEntry, Source


def line(county, unit, kind, day, title, *, counterpart="", cp=None, doc_no="", minutes=None):
    return LedgerEntry.objects.create(
        county=county,
        unit=unit,
        kind=kind,
        date=day,
        title=title,
        title_norm=normalize_title(title),
        doc_no=doc_no,
        doc_no_norm=normalize_doc_no(doc_no),
        counterpart=counterpart,
        counterpart_unit=cp,
        originator_level=(cp.kind if cp is not None else "unknown")
        if kind in ("收文", "参会", "受检")
        else unit.kind,
        duration_minutes=minutes,
        source=Source.FORM,
    )


def build_scene(county, units) -> dict[str, LedgerEntry]:
    ny, jy, xwb, hk, cg, sw = (units[k] for k in ("ny", "jy", "xwb", "hk", "cg", "sw"))
    s = {}
    # 农业农村局 issues a notice to every township; 河口乡 registers it (other bracket style),
    # 城关镇 never does.
    s["ny_doc"] = line(
        county,
        ny,
        "发文",
        date(2025, 9, 1),
        "关于做好2025年秋粮收购工作的通知",
        counterpart="各乡镇（街道）",
        doc_no="青农发〔2025〕12号",
    )
    s["hk_doc"] = line(
        county,
        hk,
        "收文",
        date(2025, 9, 3),
        "关于做好2025年秋粮收购工作的通知",
        counterpart="县农业农村局",
        cp=ny,
        doc_no="青农发（2025）12号",
    )
    # 县委办 holds a meeting for two townships; 城关镇 records it under a slightly other name.
    s["xwb_meeting"] = line(
        county,
        xwb,
        "办会",
        date(2025, 9, 10),
        "全县基层减负工作推进会",
        counterpart="城关镇、河口乡",
    )
    s["cg_meeting"] = line(
        county,
        cg,
        "参会",
        date(2025, 9, 10),
        "全县基层减负工作推进会议",
        counterpart="县委办",
        cp=xwb,
        minutes=90,
    )
    # 教育局 inspects 河口乡; the inspection is recorded the next day.
    s["jy_inspect"] = line(
        county, jy, "督查", date(2025, 9, 14), "校园食品安全专项检查", counterpart="河口乡", cp=hk
    )
    s["hk_inspect"] = line(
        county, hk, "受检", date(2025, 9, 15), "校园食品安全专项检查", counterpart="县教育局", cp=jy
    )
    # 河口乡 received a notice from 教育局 that 教育局 never recorded: unfiled.
    s["hk_unfiled"] = line(
        county,
        hk,
        "收文",
        date(2025, 9, 20),
        "关于报送中小学校舍安全排查情况的通知",
        counterpart="县教育局",
        cp=jy,
    )
    # from the 市委办公室 (higher level) and from an unknown sender: never unfiled.
    s["hk_higher"] = line(
        county,
        hk,
        "收文",
        date(2025, 9, 22),
        "关于做好国庆期间值班工作的通知",
        counterpart="市委办公室",
        cp=sw,
        doc_no="市委办发〔2025〕88号",
    )
    s["hk_unknown"] = line(
        county, hk, "收文", date(2025, 9, 23), "关于开展燃气安全排查的通知", counterpart="县燃气办"
    )
    # an unfiled meeting at 城关镇 in July: outside an August-onward period.
    s["cg_july"] = line(
        county,
        cg,
        "参会",
        date(2025, 7, 1),
        "全县教育系统暑期安全工作会",
        counterpart="县教育局",
        cp=jy,
        minutes=120,
    )
    return s
