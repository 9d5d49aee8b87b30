"""Demo step "filings": the three gates for the demo year, up to the demo's today.

- the default approval routes (services/stages.py);
- quotas (数额) for every county-level unit and department, this year's and last year's, from
  what its ledger charged (this year's projected from its pace): most stay within, a few
  (filings_more.OVERRUN_UNITS and about one in eight others) run over; the growth unit's
  只减不增 explanation;
- the inspection plan: one approved plan item per inspection a department filed, a few
  inspections filed one-off (一事一报) instead, a few approved ones in neither (L-I-1), and the
  plan's inspections for the months after today;
- next week's items, pending; a few approved filings whose checks hit a negative list (N-*);
  a share of the archived filings keep a generated .docx;
- a filing for most counted items the county units' ledgers produced (same title, 文号 and date,
  so that the townships' received lines match them), in every state: approved with 一事一码,
  archived (some with differences: overtime meetings, extra targets), pending at each stage of
  its route, returned with a comment, rejected, withdrawn, draft. About one item in twenty is
  left without a filing: sent without filing, its township lines show up as unfiled.

Bulk inserts, deterministic (`ctx.rng("filings")`), idempotent: the filings and plan items are
made only when the county has no filing yet, quotas and routes only where missing.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from jianfu.core.audit import AuditEntry
from jianfu.core.text import normalize_title
from jianfu.filings.models import (
    Filing,
    FilingDecision,
    ItemKind,
    PlanItem,
    Status,
)
from jianfu.filings.services.codes import ALPHABET, CODE_LENGTH, reg_no_prefix
from jianfu.filings.services.stages import DEFAULT_ROUTES, STAGE_NAMES
from jianfu.filings.services.stages import approval_stages_ensure_default as stages_ensure
from jianfu.filings.workflow_rules import archive_differences, meeting_limit_minutes
from jianfu.ledgers.models import LedgerEntry
from jianfu.org.models import Role, UnitKind

from ..context import DemoContext
from .filings_more import (
    ITEM_OF_LINE,
    LINE_FIELDS,
    SENDERS,
    attachments_make,
    growth_explanation,
    next_week,
    planned_ahead,
    quotas_ensure,
)

# state of a filing made from a ledger line → weight; "none" = sent without filing. Items of the
# last weeks of the year are still on their way; earlier ones were approved and mostly archived.
STATES = (("archived", 52), ("approved", 40), ("rejected", 1), ("none", 4))
LATE_STATES = (
    ("approved", 40),
    ("pending", 25),
    ("returned", 10),
    ("draft", 8),
    ("withdrawn", 5),
    ("rejected", 2),
    ("none", 10),
)
LATE_DAYS = 21  # items of the last three weeks before the demo's today are on their way
# negative-list hits the approval checks flagged on a few approved filings (N-* alerts)
NEGATIVE_HITS = {
    ItemKind.DOCUMENT: (
        ("N-D-03", "30 日内已开会部署同一事项"),
        ("N-D-05", "标题与上年同名文件只改了年份"),
        ("N-D-09", "要求基层报送贯彻落实情况"),
    ),
    ItemKind.MEETING: (
        ("N-M-02", "30 日内已发文部署同一事项"),
        ("N-M-03", "7 日内另有主题、参会人员重叠的会议"),
    ),
}
NEGATIVE_RATE = 0.006
OUTSIDE_PLAN_RATE = 0.04  # approved inspections neither in the plan nor approved one-off
RETURN_COMMENTS = (
    "会议时长偏长，请压缩到 90 分钟以内后重新报送。",
    "与近期已部署工作重复，请说明新增要求或与相关会议合并召开。",
    "检查对象过多，请压减到确有必要的乡镇。",
    "请逐项说明负面清单申报情况。",
)
REJECT_COMMENTS = (
    "该事项已发文部署，不再开会部署（会议“八不开”）。",
    "未列入年度督检考计划，且无特殊紧急情况，不予同意。",
)
TARGET_POOL_SIZE = 5


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


class _Codes:
    def __init__(self, rng, county_code: str, year: int):
        self.rng = rng
        self.county_code = county_code
        self.year = year
        self.next: dict[str, int] = {}
        self.used: set[str] = set()

    def reg_no(self, kind: str) -> str:
        n = self.next.get(kind, 0) + 1
        self.next[kind] = n
        return f"{reg_no_prefix(self.county_code, self.year, kind)}{n:04d}"

    def verify_code(self) -> str:
        while True:
            code = "".join(self.rng.choice(ALPHABET) for _ in range(CODE_LENGTH))
            if code not in self.used:
                self.used.add(code)
                return code


def filings_ensure(ctx: DemoContext) -> None:
    county = ctx.require_county()
    routes = stages_ensure(county)
    ctx.count("approval_stages", routes)
    quotas = quotas_ensure(ctx)
    ctx.count("quotas", quotas)
    entries = []
    if routes or quotas:
        entries.append(
            AuditEntry(
                action="import",
                object_type="filings.quota",
                object_repr=f"演示数额与审批路线 {ctx.previous_year}–{ctx.year}",
                after={"quotas": quotas, "approval_stages": routes},
                county_id=county.pk,
            )
        )
    made = {} if Filing.objects.filter(county=county).exists() else _filings(ctx)
    if made.get("filings"):
        made["growth_explanations"] = growth_explanation(ctx)
        for label, n in made.items():
            ctx.count(label, n)
        entries.append(
            AuditEntry(
                action="import",
                object_type="filings.filing",
                object_repr=f"演示报备事项 {ctx.year}",
                after=made,
                county_id=county.pk,
            )
        )
    ctx.add_audit(*entries)


def _people(ctx: DemoContext) -> dict:
    by_unit_leader = {u.unit_id: u for u in ctx.users.values() if u.role == Role.LEADER}
    clerks = {u.unit_id: u for u in ctx.users.values() if u.role == Role.CLERK}
    coordinator = next((u for u in ctx.users.values() if u.role == Role.COORDINATOR), None)
    approver = next((u for u in ctx.users.values() if u.role == Role.APPROVER), None)
    return {
        "leaders": by_unit_leader,
        "clerks": clerks,
        "coordinator": coordinator,
        "approver": approver,
    }


def _filings(ctx: DemoContext) -> dict[str, int]:
    county = ctx.require_county()
    rng = ctx.rng("filings")
    people = _people(ctx)
    units = {u.pk: u for u in ctx.units.values()}
    towns = sorted(u.code for u in ctx.units.values() if u.kind == UnitKind.TOWNSHIP)
    lines = list(
        LedgerEntry.objects.filter(
            county=county,
            date__year=ctx.year,
            kind__in=list(ITEM_OF_LINE),
            unit__kind__in=SENDERS,
        )
        .exclude(counted=False, rule__startswith="M-OUT")  # internal meetings are not filed
        .order_by("date", "id")
        .values_list(*LINE_FIELDS)
    )
    codes = _Codes(rng, county.code, ctx.year)
    states, weights = zip(*STATES, strict=True)
    late_states, late_weights = zip(*LATE_STATES, strict=True)
    late_from = ctx.today - timedelta(days=LATE_DAYS)
    lines += next_week(ctx, rng, lines)
    plans: list[PlanItem] = []
    plan_counter: dict[int, int] = {}
    filings: list[Filing] = []
    histories: list[list[tuple]] = []  # per filing: (action, stage, role, comment, changes)
    for unit_id, kind, day, title, doc_no, genre, form, minutes, itype, materials in lines:
        if day > ctx.today:
            state = "pending"  # planned for next week, on its way through the gates
        elif day >= late_from:
            state = rng.choices(late_states, late_weights)[0]
        else:
            state = rng.choices(states, weights)[0]
        if state == "none":
            continue  # sent without filing: the townships' lines will be unfiled
        unit = units.get(unit_id)
        if unit is None:
            continue
        item_kind = ITEM_OF_LINE[kind]
        route = DEFAULT_ROUTES.get((unit.kind, item_kind), ())
        f = Filing(
            county=county,
            unit_id=unit_id,
            kind=item_kind,
            title=title,
            title_norm=normalize_title(title),
            date=day,
            doc_no=doc_no,
            created_by=people["clerks"].get(unit_id),
        )
        if item_kind == ItemKind.DOCUMENT:
            f.genre = genre or "通知"
            f.recipients = "各乡镇（街道）"
            f.chars = rng.randint(1200, 5200)
            f.issuing_name = "部门" if unit.kind == UnitKind.DEPARTMENT else "两办"
        elif item_kind == ItemKind.MEETING:
            f.meeting_form = form or rng.choice(("现场", "视频", "电视电话"))
            f.duration_minutes = minutes or rng.choice((60, 90, 120))
            f.main_speech_minutes = rng.randint(25, 55)
            f.expected_attendance = rng.randint(30, 120)
            f.convener_level = rng.choice(("主要负责同志", "分管负责同志"))
            f.attendees = [{"unit": "各乡镇（街道）", "level": "分管负责同志"}]
            limit = meeting_limit_minutes(f.meeting_form, unit.kind)
            f.checks = [
                {
                    "code": "L-M-2",
                    "result": "fail" if f.duration_minutes > limit else "pass",
                    "reason": f"计划 {f.duration_minutes} 分钟，上限 {limit} 分钟",
                }
            ]
        else:
            f.inspection_type = itype or "督查"
            f.targets = rng.sample(towns, min(len(towns), rng.randint(2, TARGET_POOL_SIZE)))
            f.days = rng.randint(1, 3)
            f.materials = ["工作台账"] if materials else []
            roll = rng.random()
            if roll < OUTSIDE_PLAN_RATE and state in ("approved", "archived"):
                pass  # neither in the plan nor approved one-off: L-I-1 after the fact
            elif roll < 0.15:
                f.one_off = True
            else:
                n = plan_counter[unit_id] = plan_counter.get(unit_id, 0) + 1
                plan = PlanItem(
                    county=county,
                    unit_id=unit_id,
                    year=ctx.year,
                    kind=ItemKind.INSPECTION,
                    code=f"{ctx.year}-{unit.code.split('-')[-1]}-{n:02d}",
                    title=title,
                    month=day.month,
                    targets="、".join(f.targets),
                    approved=True,
                )
                plans.append(plan)
                f.plan_item = plan
        f.declarations = {"N-M-01": {"ok": True, "note": ""}} if item_kind == "meeting" else {}
        hits = NEGATIVE_HITS.get(item_kind, ())
        if hits and state in ("approved", "archived") and rng.random() < NEGATIVE_RATE:
            code, reason = rng.choice(hits)
            f.checks = [*f.checks, {"code": code, "result": "fail", "reason": reason}]
        history = [("submit", 0, None, "", {})]
        if state in ("approved", "archived"):
            history += [("pass", k, role, "", {}) for k, role in enumerate(route, start=1)]
            f.status, f.stage_order = Status.APPROVED, len(route)
            f.reg_no, f.verify_code = codes.reg_no(item_kind), codes.verify_code()
            f.approved_at = _at(day - timedelta(days=3))
            if state == "archived":
                _archive(f, unit.kind, rng, towns)
                history.append(
                    (
                        "archive",
                        0,
                        None,
                        f.archive_note,
                        {d["code"]: d["reason"] for d in f.differences},
                    )
                )
        elif state == "pending":
            f.status = Status.PENDING
            f.stage_order = rng.randint(1, len(route))
            history += [
                ("pass", k, role, "", {})
                for k, role in enumerate(route[: f.stage_order - 1], start=1)
            ]
        elif state == "returned":
            f.status = Status.RETURNED
            history += [
                ("pass", 1, route[0], "", {}),
                ("return", 2, route[1], rng.choice(RETURN_COMMENTS), {}),
            ]
        elif state == "rejected":
            f.status = Status.REJECTED
            history += [("reject", len(route), route[-1], rng.choice(REJECT_COMMENTS), {})]
        elif state == "withdrawn":
            f.status = Status.WITHDRAWN
            history += [("withdraw", 0, None, "会议改期，撤回后重新报备。", {})]
        else:
            f.status = Status.DRAFT
            history = []
        f.version = 1 + len(history)
        filings.append(f)
        histories.append(history)
    plans += planned_ahead(ctx, units, plan_counter)
    PlanItem.objects.bulk_create(plans)
    for f in filings:
        if f.plan_item is not None:
            f.plan_item_id = f.plan_item.pk
    Filing.objects.bulk_create(filings, batch_size=500)
    decisions = []
    for f, history in zip(filings, histories, strict=True):
        for version, (action, stage, role, comment, changes) in enumerate(history, start=1):
            actor = _actor(people, f, role, action)
            decisions.append(
                FilingDecision(
                    county=county,
                    filing=f,
                    stage_order=stage,
                    stage_name=STAGE_NAMES.get(role, "") if role else "",
                    action=action,
                    actor=actor,
                    actor_name=str(actor) if actor is not None else _role_name(role, f),
                    comment=comment,
                    changes=changes,
                    version=version,
                )
            )
    FilingDecision.objects.bulk_create(decisions, batch_size=1000)
    attachments = attachments_make(ctx, [f for f in filings if f.status == Status.ARCHIVED], rng)
    by_status: dict[str, int] = {}
    for f in filings:
        by_status[f.status] = by_status.get(f.status, 0) + 1
    return {
        "filings": len(filings),
        "filing_decisions": len(decisions),
        "plan_items": len(plans),
        "filing_attachments": attachments,
        **{f"filings_{k}": v for k, v in sorted(by_status.items())},
    }


def _actor(people: dict, f: Filing, role, action: str):
    if action in ("submit", "withdraw", "archive"):
        return f.created_by
    if role == "leader":
        return people["leaders"].get(f.unit_id)
    return people.get(role)


def _role_name(role, f: Filing) -> str:
    if role == "leader":
        return "单位主要负责人"
    return "经办人" if role is None else str(STAGE_NAMES.get(role, ""))


def _archive(f: Filing, unit_kind: str, rng, towns: list[str]) -> None:
    f.status = Status.ARCHIVED
    f.archived_at = _at(f.date + timedelta(days=2), 16)
    f.actual_date = f.date
    overrun = rng.random() < 0.15
    if f.kind == ItemKind.MEETING:
        f.actual_duration_minutes = (f.duration_minutes or 60) + (
            rng.choice((20, 30, 45)) if overrun else 0
        )
        f.actual_attendance = f.expected_attendance
    elif f.kind == ItemKind.INSPECTION:
        f.actual_targets = list(f.targets)
        f.actual_days = f.days
        if overrun:
            extra = [t for t in towns if t not in f.targets][:1]
            f.actual_targets += extra
    f.archive_note = "已按要求备案。" if not overrun else "实际情况与批准内容有出入，已说明。"
    f.differences = archive_differences(
        f.kind,
        unit_kind,
        {
            "date": f.date,
            "duration_minutes": f.duration_minutes,
            "meeting_form": f.meeting_form,
            "expected_attendance": f.expected_attendance,
            "targets": f.targets,
            "days": f.days,
        },
        {
            "date": f.actual_date,
            "duration_minutes": f.actual_duration_minutes,
            "attendance": f.actual_attendance,
            "targets": f.actual_targets,
            "days": f.actual_days,
        },
    )
