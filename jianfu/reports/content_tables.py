"""The figures of a report as tables and charts, and the labels and number formats they share
with the text (`content.py`). Pure: tested on a dict, without the database."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .analysis import (
    SECTIONS,
    STATUS_OK,
    STATUS_OVER,
    STATUS_RISK,
    ranked_units,
)
from .periods import MONTHLY, QUARTERLY, WEEKLY

SECTION_LABEL = {"documents": "发文", "meetings": "会议", "inspections": "督查检查考核"}
TOTAL_LABEL = {
    "documents": "发文（件）",
    "meetings": "会议（个）",
    "inspections": "督查检查考核（次）",
    "briefs": "简报（期）",
    "emergency": "应急类（件）",
    "reminders": "提醒（人次）",
}
STATUS_LABEL = {
    STATUS_OVER: "超出数额",
    STATUS_RISK: "临近数额",
    STATUS_OK: "正常",
}
PREVIOUS_WORD = {WEEKLY: "上周", MONTHLY: "上月", QUARTERLY: "上季度"}
CURRENT_WORD = {WEEKLY: "本周", MONTHLY: "本月", QUARTERLY: "本季度"}
CHART_TOP = 15  # units in the ranked bar charts (the tables list them all)


@dataclass
class Table:
    caption: str
    headers: list[str]
    rows: list[list[str]]
    key: str  # a stable name, for tests and the .xlsx sheet of the same figures
    widths: tuple[float, ...] = ()  # column widths in mm (the type area is 156 mm wide)


@dataclass
class Chart:
    key: str
    caption: str
    kind: str  # "bar" or "line"
    categories: list[str]
    series: list[tuple[str, list[float]]]
    unit: str = ""

def num(value) -> str:
    return "—" if value is None else str(value)


def pct(value) -> str:
    return "—" if value is None else f"{value:.1f}%"


def signed(value: int) -> str:
    return f"+{value}" if value > 0 else str(value)


def issuers(county_name: str) -> list[str]:
    """The joint issuing offices of the task force (版头), e.g. 中共青河县委办公室 and
    青河县人民政府办公室."""
    return [f"中共{county_name}委办公室", f"{county_name}人民政府办公室"]


def unit_name(data: dict, code: str) -> str:
    for unit in data["units"]:
        if unit["unit"] == code:
            return unit.get("name") or code
    return code


def _names(data: dict) -> dict[str, str]:
    return {u["unit"]: u.get("name") or u["unit"] for u in data["units"]}


def change_table(data: dict) -> Table:
    return Table(
        caption=_("表 1　%(cur)s与%(prev)s对比")
        % {"cur": CURRENT_WORD[data["kind"]], "prev": PREVIOUS_WORD[data["kind"]]},
        headers=[
            _("项目"),
            CURRENT_WORD[data["kind"]],
            PREVIOUS_WORD[data["kind"]],
            _("增减"),
            _("增减幅度"),
        ],
        rows=[
            [
                TOTAL_LABEL[r["key"]],
                num(r["current"]),
                num(r["previous"]),
                signed(r["delta"]),
                pct(r["percent"]),
            ]
            for r in data["change"]
        ],
        key="change",
        widths=(40, 26, 26, 30, 34),
    )


def units_table(data: dict, number: int) -> Table:
    rows = []
    for rank, unit in enumerate(ranked_units(data["units"]), start=1):
        rows.append(
            [
                str(rank),
                unit.get("name") or unit["unit"],
                num(unit["documents"]),
                num(unit["meetings"]),
                num(unit["inspections"]),
                num(unit["briefs"]),
                num(unit["reminders"]),
                num(unit["total"]),
            ]
        )
    return Table(
        caption=_("表 %(n)s　各单位发文、会议、督查检查考核情况（按合计排序）") % {"n": number},
        headers=[
            _("序号"),
            _("单位"),
            _("发文"),
            _("会议"),
            _("督查检查考核"),
            _("简报"),
            _("提醒人次"),
            _("合计"),
        ],
        rows=rows,
        key="units",
        widths=(12, 44, 17, 17, 17, 17, 16, 16),
    )


def quota_table(data: dict, number: int, rows: list[dict] | None = None) -> Table:
    names = _names(data)
    use = data["quota_use"] if rows is None else rows
    return Table(
        caption=_("表 %(n)s　数额使用情况（按使用率排序）") % {"n": number},
        headers=[
            _("序号"),
            _("单位"),
            _("类别"),
            _("已用"),
            _("年度数额"),
            _("使用率"),
            _("按进度应用"),
            _("预计全年"),
            _("状态"),
        ],
        rows=[
            [
                str(rank),
                names.get(r["unit"], r["unit"]),
                SECTION_LABEL[r["section"]],
                num(r["used"]),
                num(r["quota"]),
                pct(r["rate"]),
                num(r["pace"]),
                num(r["projected"]),
                STATUS_LABEL[r["status"]],
            ]
            for rank, r in enumerate(use, start=1)
        ],
        key="quota_use",
        widths=(10, 34, 20, 11, 13, 15, 15, 13, 25),
    )


def trend_table(data: dict, number: int) -> Table:
    return Table(
        caption=_("表 %(n)s　近期走势") % {"n": number},
        headers=[_("期间"), _("发文"), _("会议"), _("督查检查考核"), _("简报"), _("提醒人次")],
        rows=[
            [
                t["label"],
                num(t["totals"]["documents"]),
                num(t["totals"]["meetings"]),
                num(t["totals"]["inspections"]),
                num(t["totals"]["briefs"]),
                num(t["totals"]["reminders"]),
            ]
            for t in data["trend"]
        ],
        key="trend",
        widths=(36, 24, 24, 24, 24, 24),
    )


def alerts_table(data: dict, number: int) -> Table:
    return Table(
        caption=_("表 %(n)s　预警情况（按规则）") % {"n": number},
        headers=[_("规则"), _("预警条数")],
        rows=[[r["rule"], num(r["count"])] for r in data["alerts_by_rule"]],
        key="alerts_by_rule",
        widths=(80, 76),
    )


def trend_chart(data: dict) -> Chart:
    return Chart(
        key="trend",
        caption=_("图 1　近期发文、会议、督查检查考核走势"),
        kind="line",
        categories=[t["code"] for t in data["trend"]],
        series=[(SECTION_LABEL[s], [t["totals"][s] for t in data["trend"]]) for s in SECTIONS],
    )


def units_chart(data: dict) -> Chart:
    top = ranked_units(data["units"])[:CHART_TOP]
    return Chart(
        key="units",
        caption=_("图 2　各单位发文、会议、督查检查考核（前 %(n)s 名）") % {"n": CHART_TOP},
        kind="bar",
        categories=[u.get("name") or u["unit"] for u in top],
        series=[(SECTION_LABEL[s], [u[s] for u in top]) for s in SECTIONS],
    )
