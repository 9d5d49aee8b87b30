"""Excel outputs of the learning pages (every cell neutralised by `xlsx_bytes`)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from jianfu.core.excel import xlsx_bytes

from .coverage import Coverage
from .faq import FaqAnswered
from .models import PolicyDocument, StudyRecord, Training
from .selectors.pilots import PilotFigures
from .selectors.training import Effect, Proposed
from .study_import import COLUMNS


def percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


def yes_no(value: bool) -> str:
    return _("是") if value else _("否")


def library_xlsx(documents: Iterable[PolicyDocument]) -> bytes:
    headers = [
        _("标题"),
        _("层级"),
        _("发布机关"),
        _("文号"),
        _("发布日期"),
        _("摘要"),
        _("标签"),
        _("必学文件"),
        _("统计口径解释"),
        _("文件"),
    ]
    rows = (
        [
            d.title,
            d.get_level_display(),
            d.issuer,
            d.doc_no,
            d.date,
            d.summary,
            d.tags,
            yes_no(d.is_core),
            yes_no(d.is_criteria),
            d.filename,
        ]
        for d in documents
    )
    return xlsx_bytes(
        headers,
        rows,
        sheet_title=_("资料汇编"),
        title=_("资料汇编"),
        widths=[50, 8, 20, 22, 12, 60, 20, 8, 10, 30],
    )


def faq_xlsx(answered: list[FaqAnswered]) -> bytes:
    headers = [
        _("问题"),
        _("示例类别"),
        _("示例标题"),
        _("对方单位"),
        _("是否计入统计"),
        _("是否占用数额"),
        _("规则"),
        _("理由"),
        _("补充说明"),
    ]
    rows = []
    for item in answered:
        for answer in item.answers:
            d = answer.decision
            rows.append(
                [
                    item.item.question,
                    answer.sample.kind,
                    answer.sample.title,
                    answer.sample.counterpart,
                    yes_no(d.counted),
                    yes_no(d.quota_charged),
                    d.rule,
                    d.reason,
                    item.item.note,
                ]
            )
    return xlsx_bytes(
        headers,
        rows,
        sheet_title=_("统计口径问答"),
        title=_("统计口径常见问题解答"),
        widths=[30, 8, 45, 16, 10, 10, 10, 70, 40],
    )


def study_xlsx(records: Iterable[StudyRecord]) -> bytes:
    headers = list(COLUMNS)
    rows = (
        [
            r.unit.name,
            r.person_name,
            yes_no(r.is_leader),
            r.get_form_display(),
            r.topic,
            r.document.title if r.document_id else "",
            r.date,
            float(r.hours),
        ]
        for r in records
    )
    return xlsx_bytes(
        headers,
        rows,
        sheet_title=_("学习记录"),
        title=_("学习记录"),
        widths=[20, 10, 12, 16, 40, 40, 12, 8],
    )


def study_template_xlsx() -> bytes:
    example = [
        _("县农业农村局"),
        _("张三"),
        _("是"),
        _("处级领导深入学"),
        _("学习整治形式主义为基层减负若干规定"),
        "",
        "2025-03-15",
        2,
    ]
    return xlsx_bytes(
        list(COLUMNS),
        [example],
        sheet_title=_("学习记录"),
        title=_(
            "学习记录导入模板（学习形式：常委会集中学、处级领导深入学、职能部门重点学、各单位分头学；"
            "学习文件填资料汇编中的文件标题，可留空；示例行导入前请删除）"
        ),
        widths=[20, 10, 12, 16, 40, 40, 12, 8],
    )


def coverage_xlsx(coverage: Coverage, period: str) -> bytes:
    titles = dict(coverage.core)
    headers = [
        _("类别"),
        _("单位"),
        _("姓名"),
        _("已学必学文件数"),
        _("必学文件数"),
        _("是否全覆盖"),
        _("未学文件"),
        _("学习记录数"),
        _("学时"),
    ]
    total = len(coverage.core)
    rows = []
    for u in coverage.units:
        rows.append(
            [
                _("单位"),
                u.unit_name,
                "",
                len(u.studied),
                total,
                yes_no(u.covered),
                "；".join(titles[d] for d in u.missing),
                u.records,
                float(u.hours),
            ]
        )
    for leader in coverage.leaders:
        rows.append(
            [
                _("处级领导"),
                leader.unit_name,
                leader.person_name,
                len(leader.studied),
                total,
                yes_no(leader.covered),
                "；".join(titles[d] for d in leader.missing),
                "",
                float(leader.hours),
            ]
        )
    return xlsx_bytes(
        headers,
        rows,
        sheet_title=_("学习全覆盖"),
        title=_("学习全覆盖情况（%(period)s）") % {"period": period},
        widths=[10, 20, 10, 14, 10, 10, 60, 10, 8],
    )


def trainings_xlsx(trainings: Iterable[Training]) -> bytes:
    headers = [_("培训主题"), _("培训类型"), _("培训日期"), _("地点"), _("邀请"), _("已参训")]
    rows = (
        [t.topic, t.get_kind_display(), t.date, t.place, t.invited_n, t.attended_n]
        for t in trainings
    )
    return xlsx_bytes(
        headers, rows, sheet_title=_("培训"), title=_("培训一览"), widths=[40, 18, 12, 20, 8, 8]
    )


def training_xlsx(training: Training, effects: list[Effect]) -> bytes:
    headers = [
        _("单位"),
        _("参训人员"),
        _("是否参训"),
        _("邀请时准确率"),
        _("培训前准确率"),
        _("培训后准确率"),
        _("变化（百分点）"),
        _("结论"),
    ]
    verdicts = {
        "improved": _("已提高"),
        "same": _("基本持平"),
        "worse": _("有所下降"),
        "": _("尚无前后比对"),
    }
    rows = []
    by_unit = {e.invitation.unit_id: e for e in effects}
    for invitation in training.visible_invitations:
        effect = by_unit.get(invitation.unit_id)
        before = effect.before.accuracy if effect and effect.before else None
        after = effect.after.accuracy if effect and effect.after else None
        rows.append(
            [
                invitation.unit.name,
                invitation.person_name,
                yes_no(invitation.attended),
                percent(invitation.proposed_accuracy),
                percent(before),
                percent(after),
                effect.change_percent if effect else "—",
                verdicts[effect.verdict if effect else ""],
            ]
        )
    title = f"{training.topic}（{training.date:%Y-%m-%d}）"
    return xlsx_bytes(
        headers,
        rows,
        sheet_title=_("参训情况"),
        title=title,
        widths=[22, 12, 10, 14, 14, 14, 14, 12],
    )


def proposal_xlsx(proposal: list[Proposed]) -> bytes:
    headers = [
        _("排名"),
        _("单位"),
        _("比对期间"),
        _("准确率"),
        _("漏统"),
        _("错统"),
        _("主要错误"),
    ]
    rows = (
        [
            n,
            p.unit.name,
            f"{p.ledger.date_from:%Y-%m-%d}～{p.ledger.date_to:%Y-%m-%d}",
            percent(p.accuracy),
            p.ledger.missed,
            p.ledger.wrong,
            "；".join(f"{label} {rule}×{count}" for label, rule, count in p.mistakes),
        ]
        for n, p in enumerate(proposal, start=1)
    )
    return xlsx_bytes(
        headers,
        rows,
        sheet_title=_("建议参训单位"),
        title=_("统计口径培训提升班建议参训单位"),
        widths=[6, 22, 24, 10, 8, 8, 50],
    )


def pilots_xlsx(figures: list[PilotFigures]) -> bytes:
    headers = [
        _("试点单位"),
        _("改革举措"),
        _("开始日期"),
        _("指标"),
        _("实施前月均"),
        _("实施后月均"),
        _("变化"),
    ]
    names = {"documents": _("发文"), "meetings": _("会议"), "inspections": _("督查检查考核")}
    rows = []
    for f in figures:
        for row in f.rows:
            rows.append(
                [
                    f.measure.unit.name,
                    f.measure.title,
                    f.measure.started,
                    names[row["name"]],
                    row["before"],
                    row["after"],
                    row["change"],
                ]
            )
    return xlsx_bytes(
        headers,
        rows,
        sheet_title=_("试点成效"),
        title=_("试点单位改革举措前后对比"),
        widths=[20, 40, 12, 14, 12, 12, 10],
    )
