"""What each analysis says: the report data (selectors/data.py) turned into a document outline —
headings, paragraphs, tables and charts — that the .docx renderer lays out. Pure: tested on a
dict, without the database.

Every number written here is taken from the data (so from the JSON); nothing is recounted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .analysis import (
    SECTIONS,
    STATUS_OK,
    STATUS_OVER,
    STATUS_RISK,
)
from .content_tables import (
    PREVIOUS_WORD,
    SECTION_LABEL,
    STATUS_LABEL,
    Chart,
    Table,
    _names,
    alerts_table,
    change_table,
    issuers,
    pct,
    quota_table,
    trend_chart,
    trend_table,
    units_chart,
    units_table,
)
from .periods import MONTHLY, QUARTERLY, WEEKLY


@dataclass
class Outline:
    issuers: list[str]
    doc_no: str
    title: str
    salutation: str
    blocks: list[tuple[str, object]] = field(default_factory=list)
    signature: list[str] = field(default_factory=list)

    def h1(self, text: str) -> None:
        self.blocks.append(("h1", text))

    def h2(self, text: str) -> None:
        self.blocks.append(("h2", text))

    def p(self, text: str) -> None:
        self.blocks.append(("p", text))

    def table(self, table: Table) -> None:
        self.blocks.append(("table", table))

    def chart(self, chart: Chart) -> None:
        self.blocks.append(("chart", chart))

    def tables(self) -> dict[str, Table]:
        return {b.key: b for kind, b in self.blocks if kind == "table"}  # type: ignore[union-attr]

    def charts(self) -> list[Chart]:
        return [b for kind, b in self.blocks if kind == "chart"]  # type: ignore[misc]


def totals_sentence(data: dict) -> str:
    t = data["totals"]
    return _(
        "%(label)s（%(start)s至%(end)s），全县县级机关和县直部门共发文 %(d)s 件、"
        "召开会议 %(m)s 个、开展督查检查考核 %(i)s 次（其中应急类 %(e)s 件），"
        "编发简报 %(b)s 期；工作专班发出提醒 %(r)s 人次。"
    ) % {
        "label": data["label"],
        "start": data["period"]["start"],
        "end": data["period"]["end"],
        "d": t["documents"],
        "m": t["meetings"],
        "i": t["inspections"],
        "e": t["emergency"],
        "b": t["briefs"],
        "r": t["reminders"],
    }


def change_sentence(data: dict) -> str:
    parts = []
    for row in data["change"]:
        if row["key"] not in SECTIONS:
            continue
        label = SECTION_LABEL[row["key"]]
        if row["delta"] == 0:
            parts.append(_("%(l)s持平") % {"l": label})
        else:
            word = _("增加") if row["delta"] > 0 else _("减少")
            text = _("%(l)s%(w)s %(n)s") % {"l": label, "w": word, "n": abs(row["delta"])}
            if row["percent"] is not None:
                text += _("（%(p)s）") % {"p": pct(abs(row["percent"]))}
            parts.append(text)
    return _("与%(prev)s（%(code)s）相比，%(parts)s。") % {
        "prev": PREVIOUS_WORD[data["kind"]],
        "code": data["previous"]["label"],
        "parts": "，".join(parts),
    }


def progress_sentence(data: dict) -> str:
    progress = data["year_progress"]
    share = round(100.0 * progress["elapsed"] / progress["days"], 1)
    counts = dict.fromkeys(STATUS_LABEL, 0)
    for row in data["quota_use"]:
        counts[row["status"]] += 1
    return _(
        "截至 %(end)s，全年已过 %(e)s 天（共 %(d)s 天，序时进度 %(share)s）。"
        "在已核定数额的 %(n)s 项中，"
        "超出数额 %(over)s 项，临近数额（使用率达 80%% 或快于序时进度、预计全年超出）%(risk)s 项。"
    ) % {
        "end": data["period"]["end"],
        "e": progress["elapsed"],
        "d": progress["days"],
        "share": pct(share),
        "n": len(data["quota_use"]),
        "over": counts[STATUS_OVER],
        "risk": counts[STATUS_RISK],
    }


def alerts_sentence(data: dict) -> str:
    if not data["alerts"]:
        return _("本期没有预警。")
    return _("本期共有预警 %(n)s 条，涉及 %(u)s 个单位，按规则统计见下表，明细见附表。") % {
        "n": len(data["alerts"]),
        "u": len({a["unit"] for a in data["alerts"]}),
    }


def _quota_block(outline: Outline, data: dict, number: int) -> None:
    if not data["quota_use"]:
        outline.p(_("本年度尚未核定各单位数额，暂不分析数额使用情况。"))
        return
    outline.p(progress_sentence(data))
    outline.table(quota_table(data, number))


def _weekly(outline: Outline, data: dict) -> None:
    outline.h1(_("一、本周总体情况"))
    outline.p(totals_sentence(data))
    outline.p(change_sentence(data))
    outline.table(change_table(data))
    outline.h1(_("二、数额使用与序时进度"))
    if data["quota_use"]:
        outline.p(progress_sentence(data))
    watch = [r for r in data["quota_use"] if r["status"] != STATUS_OK]
    if watch:
        outline.table(quota_table(data, 2, watch))
    elif not data["quota_use"]:
        outline.p(_("本年度尚未核定各单位数额，暂不分析数额使用情况。"))
    else:
        outline.p(_("各单位数额使用均未快于序时进度、未临近数额。"))
    outline.h1(_("三、预警情况"))
    outline.p(alerts_sentence(data))
    if data["alerts_by_rule"]:
        outline.table(alerts_table(data, 3))
    outline.h1(_("四、走势"))
    outline.table(trend_table(data, 4))
    outline.chart(trend_chart(data))


def _monthly(outline: Outline, data: dict) -> None:
    names = _names(data)
    outline.h1(_("一、总体情况"))
    outline.p(totals_sentence(data))
    outline.p(change_sentence(data))
    outline.table(change_table(data))
    outline.h1(_("二、走势研判"))
    outline.table(trend_table(data, 2))
    outline.chart(trend_chart(data))
    outline.h1(_("三、重点单位与全年预测"))
    _quota_block(outline, data, 3)
    outline.h1(_("四、工作建议"))
    allocations = data["suggestions"]["allocations"]
    outline.h2(_("（一）统筹调配"))
    if allocations:
        for row in allocations:
            outline.p(
                _(
                    "%(unit)s%(sec)s预计全年 %(proj)s，超出年度数额 %(quota)s 共 %(extra)s，"
                    "建议压减存量或按程序申请统筹调配。"
                )
                % {
                    "unit": names.get(row["unit"], row["unit"]),
                    "sec": SECTION_LABEL[row["section"]],
                    "proj": row["projected"],
                    "quota": row["quota"],
                    "extra": row["extra"],
                }
            )
    else:
        outline.p(_("按目前进度，各单位全年均不超出数额，暂无统筹调配建议。"))
    outline.h2(_("（二）提醒"))
    reminders = data["suggestions"]["reminders"]
    if reminders:
        outline.p(
            _("建议对以下本期尚未提醒的单位主要负责同志进行提醒：%(units)s。")
            % {"units": "、".join(names.get(code, code) for code in reminders)}
        )
    else:
        outline.p(_("超出或临近数额的单位本期均已提醒。"))


def _quarterly(outline: Outline, data: dict) -> None:
    names = _names(data)
    outline.p(
        _(
            "为深入贯彻落实为基层减负工作要求，持续精简文件、会议和督查检查考核，现将%(label)s"
            "全县为基层减负工作情况通报如下。"
        )
        % {"label": data["label"]}
    )
    outline.h1(_("一、总体情况"))
    outline.p(totals_sentence(data))
    outline.p(change_sentence(data))
    outline.table(change_table(data))
    outline.h1(_("二、各单位情况"))
    outline.table(units_table(data, 2))
    outline.chart(units_chart(data))
    outline.h1(_("三、数额使用情况"))
    _quota_block(outline, data, 3)
    outline.h1(_("四、通报事项"))
    if data["named"]:
        outline.p(_("经核查，以下单位存在问题，予以通报："))
        for index, row in enumerate(data["named"], start=1):
            outline.p(
                _("%(n)s. %(unit)s：%(reasons)s。")
                % {
                    "n": index,
                    "unit": names.get(row["unit"], row["unit"]),
                    "reasons": "；".join(row["reasons"]),
                }
            )
    else:
        outline.p(_("本季度没有需要通报的单位。"))
    outline.p(alerts_sentence(data))
    if data["alerts_by_rule"]:
        outline.table(alerts_table(data, 4))
    outline.h1(_("五、下一步工作要求"))
    outline.p(
        _(
            "（一）各单位要严格执行年度发文、会议、督查检查考核数额，落实报备关、审批关、备案关，"
            "坚决防止反弹回潮。"
        )
    )
    outline.p(
        _(
            "（二）被通报单位要认真对照统计口径和负面清单查找原因，于 15 个工作日内将整改情况"
            "书面报县委办公室、县政府办公室。"
        )
    )
    outline.p(
        _("（三）各乡镇（街道）作为数据观测点，要如实登记收文、参会、受检情况，确保数据真实准确。")
    )


def outline_for(data: dict) -> Outline:
    county = data["county"]["name"]
    outline = Outline(
        issuers=issuers(county),
        doc_no=data["doc_no"],
        title=data["title"],
        salutation=_("各乡镇党委和人民政府（街道党工委和办事处），县委各部门，县级国家机关各部门：")
        if data["kind"] == QUARTERLY
        else "",
        signature=issuers(county),
    )
    {WEEKLY: _weekly, MONTHLY: _monthly, QUARTERLY: _quarterly}[data["kind"]](outline, data)
    return outline
