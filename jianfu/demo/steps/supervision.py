"""Demo step "supervision": the three supervision groups (督导组) as records, built on the
inspectors' assignments the org step made (same units, same `User.assigned_units` links), and a
year of on-site visits: every unit two or three times, findings, rectification tasks in every
state (待整改, 已反馈, 已退回, 已销号), some of them overdue.

Bulk inserts, deterministic (`ctx.rng("supervision")`), idempotent: a group that exists is kept,
a visit (group, unit, date) that exists is not made again, and only new visits get findings and
tasks. One summary audit record for the year, one per group created."""

from __future__ import annotations

import datetime as dt
from datetime import date

from django.utils import timezone

from jianfu.core.audit import AuditEntry
from jianfu.org.models import User
from jianfu.supervision.evidence import evidence_check, evidence_store
from jianfu.supervision.models import (
    Finding,
    RectificationTask,
    Severity,
    SupervisionGroup,
    TaskEvidence,
    TaskResponse,
    TaskStatus,
    Visit,
)

from ..context import DemoContext
from ..data import SUPERVISION_GROUPS, group_unit_codes
from ..files import DocxMaker

CHECKED = (
    "发文报备审批、会议精简、督查检查考核计划执行情况",
    "文件“十不发”、会议“八不开”落实情况，日常工作台账记录",
    "督查检查考核“十禁止”执行情况，基层迎检负担",
    "统计台账与日常台账一致性，报备备案材料归档",
    "向基层要材料、要台账、要留痕情况",
)
FINDINGS = (
    ("部分文件未经报备即印发", Severity.MAJOR),
    ("会议通知要求乡镇主要负责同志参会，未按规定报批", Severity.MAJOR),
    ("日常工作台账漏记视频会议", Severity.MINOR),
    ("统计台账把表彰决定计入发文数量", Severity.MINOR),
    ("开展检查时要求基层提供大量佐证材料和工作留痕", Severity.SEVERE),
    ("以“工作提示”形式向乡镇变相发文", Severity.MAJOR),
    ("会议时长超过规定，主报告超时", Severity.MINOR),
    ("督查检查未纳入年度计划即开展", Severity.MAJOR),
    ("台账文号书写不规范，难以与来文单位比对", Severity.MINOR),
    ("多头重复要求乡镇填报同类报表", Severity.SEVERE),
    ("备案材料未按时归档", Severity.MINOR),
    ("政务应用程序强制要求基层人员打卡、排名", Severity.MAJOR),
)
SUMMARIES = (
    "总体落实较好，个别环节仍需规范。",
    "精文减会成效明显，台账记录有待完善。",
    "督查检查计划执行较好，材料报送仍偏多。",
    "基础工作扎实，需进一步压实报备责任。",
)
RESPONSES = (
    "已组织专题学习，补办相关手续，并建立台账逐项销号。",
    "已对照问题清单完成整改，修订内部制度一项。",
    "已补录台账并与统计台账核对一致。",
    "已向相关乡镇发函说明，取消重复填报要求。",
)
SEND_BACK = "佐证材料不足，请补充整改前后对比材料。"
# units whose demo accounts log in: their last visit of the year leaves one task in each
# unfinished state, so that every demo login has something to do
FEATURED = ("QH-HK", "QH-CG", "QH-NY", "QH-JY")
OVERDUE_KEPT_DAYS = 60


def _groups_ensure(ctx: DemoContext) -> dict[str, SupervisionGroup]:
    county = ctx.require_county()
    have = {g.name: g for g in SupervisionGroup.objects.filter(county=county)}
    new = []
    for spec in SUPERVISION_GROUPS:
        if spec.name in have:
            continue
        leader = ctx.users.get(spec.inspector)
        if leader is not None and leader.role != "inspector":
            leader = None
        new.append(
            SupervisionGroup(
                county=county,
                name=spec.name,
                leader=leader,
                systems=list(spec.systems),
                areas=list(spec.areas),
                note="",
            )
        )
    SupervisionGroup.objects.bulk_create(new)
    members, units = SupervisionGroup.members.through, SupervisionGroup.units.through
    member_rows, unit_rows = [], []
    for group in new:
        if group.leader_id:
            member_rows.append(members(supervisiongroup_id=group.pk, user_id=group.leader_id))
        spec = next(s for s in SUPERVISION_GROUPS if s.name == group.name)
        for code in group_unit_codes(spec):
            if code in ctx.units:
                unit_rows.append(units(supervisiongroup_id=group.pk, unit_id=ctx.units[code].pk))
        have[group.name] = group
    members.objects.bulk_create(member_rows)
    units.objects.bulk_create(unit_rows)
    # the scope: the org step gave the inspectors these units already; add what is missing
    through = User.assigned_units.through
    wanted = {
        (m.user_id, u.unit_id)
        for m in member_rows
        for u in unit_rows
        if u.supervisiongroup_id == m.supervisiongroup_id
    }
    present = set(
        through.objects.filter(user_id__in={w[0] for w in wanted}).values_list("user_id", "unit_id")
    )
    missing = [through(user_id=u, unit_id=x) for u, x in sorted(wanted - present)]
    through.objects.bulk_create(missing)
    ctx.count("assignments", len(missing))
    ctx.record_created("supervision_groups", new, ("name", "leader_id", "systems", "areas"))
    return have


def _visit_dates(rng, today: date, n: int) -> list[date]:
    """n dates spread over the year up to a few days before `today` (one per part of it),
    weekdays only, in order."""
    first = date(today.year, 1, 6)
    span = max((today - first).days - 4, 20)
    dates = []
    for i in range(n):
        start = first + dt.timedelta(days=i * span // n)
        day = start + dt.timedelta(days=rng.randrange(0, max(span // n - 10, 1)))
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
        dates.append(min(day, today))
    return dates


def _aware(day: date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour))


def supervision_ensure(ctx: DemoContext) -> None:
    county = ctx.require_county()
    groups = _groups_ensure(ctx)
    rng = ctx.rng("supervision")
    existing = set(Visit.objects.filter(county=county).values_list("group_id", "unit_id", "date"))
    plan: list[tuple[Visit, list[tuple[str, str]], bool]] = []
    for spec in SUPERVISION_GROUPS:
        group = groups.get(spec.name)
        if group is None:
            continue
        for code in group_unit_codes(spec):
            unit = ctx.units.get(code)
            if unit is None:
                continue
            dates = _visit_dates(rng, ctx.today, 3 if code in FEATURED else rng.choice((2, 3)))
            for index, day in enumerate(dates):
                last_featured = code in FEATURED and index == len(dates) - 1
                n_findings = 3 if last_featured else rng.choice((0, 1, 1, 2, 2, 3))
                findings = rng.sample(FINDINGS, n_findings)
                checked, summary = rng.choice(CHECKED), rng.choice(SUMMARIES)
                if (group.pk, unit.pk, day) in existing:
                    continue  # every draw above is made either way: the sequence stays the same
                visit = Visit(
                    county=county,
                    group=group,
                    unit=unit,
                    date=day,
                    checked=checked,
                    summary=summary,
                    recorded_by=spec.inspector,
                )
                plan.append((visit, findings, last_featured))
    Visit.objects.bulk_create([v for v, _, _ in plan])
    present = Visit.members_present.through
    present.objects.bulk_create(
        [present(visit_id=v.pk, user_id=v.group.leader_id) for v, _, _ in plan if v.group.leader_id]
    )
    finding_rows = []
    for visit, findings, featured in plan:
        for position, (text, severity) in enumerate(findings, start=1):
            finding_rows.append(
                (
                    Finding(
                        county=county, visit=visit, position=position, text=text, severity=severity
                    ),
                    featured,
                )
            )
    Finding.objects.bulk_create([f for f, _ in finding_rows])
    _tasks_ensure(ctx, rng, finding_rows)
    ctx.count("supervision_visits", len(plan))
    ctx.count("supervision_findings", len(finding_rows))
    if plan:
        ctx.add_audit(
            AuditEntry(
                action="import",
                object_type="supervision.visit",
                object_repr=f"督导演示数据 {ctx.year}",
                after={"visits": len(plan), "findings": len(finding_rows)},
                county_id=county.pk,
            )
        )


def _evidence(ctx: DemoContext, responses: list[TaskResponse]) -> int:
    """Each response awaiting verification carries a small generated .docx (佐证材料), checked and
    stored as the supervision part stores uploads (evidence_check, evidence_store)."""
    if not responses:
        return 0
    county = ctx.require_county()
    maker = DocxMaker()
    rows = []
    for response in responses:
        task = response.task
        day = response.responded_at.date()
        data = maker.make(
            f"关于“{task.title}”问题的整改情况报告",
            [
                f"整改时间：{day.year}年{day.month}月{day.day}日",
                f"整改要求：{task.requirement}",
                f"整改情况：{response.text}",
                "附：整改前后对照表、相关制度文件。",
            ],
        )
        checked = evidence_check(f"整改佐证材料（{task.title[:30]}）.docx", data)
        rows.append(
            TaskEvidence(
                county=county,
                response=response,
                filename=checked.filename,
                stored_file=evidence_store(county.code, checked),
                kind=checked.kind,
                size=len(checked.data),
                sha256=checked.sha256,
            )
        )
    TaskEvidence.objects.bulk_create(rows)
    return len(rows)


def _clerk_of(ctx: DemoContext, unit_id: int) -> User | None:
    for user in ctx.users.values():
        if user.unit_id == unit_id and user.role in ("clerk", "leader"):
            return user
    return None


def _tasks_ensure(ctx: DemoContext, rng, finding_rows) -> None:
    county = ctx.require_county()
    featured_states = [TaskStatus.OPEN, TaskStatus.RETURNED, TaskStatus.RESPONDED]
    tasks, responses = [], []
    for finding, featured in finding_rows:
        if not featured and rng.random() < 0.3:
            continue  # a finding the group settled on the spot
        visit = finding.visit
        if featured:
            status = featured_states[finding.position - 1]
        else:
            status = rng.choices(
                [TaskStatus.VERIFIED, TaskStatus.RESPONDED, TaskStatus.RETURNED, TaskStatus.OPEN],
                weights=[60, 12, 10, 18],
            )[0]
        deadline = visit.date + dt.timedelta(days=rng.choice((15, 30, 30, 45)))
        responded = deadline - dt.timedelta(days=rng.randrange(1, 10))
        late = (ctx.today - deadline).days > OVERDUE_KEPT_DAYS
        if late and not featured and status != TaskStatus.VERIFIED and rng.random() < 0.85:
            status = TaskStatus.VERIFIED  # long past tasks were mostly closed; a few stay overdue
        if responded + dt.timedelta(days=3) > ctx.today and not featured:
            # nothing happens after today: a recent task is open or awaits verification
            status = TaskStatus.RESPONDED if responded <= ctx.today else TaskStatus.OPEN
        responded = max(min(responded, ctx.today), visit.date)
        checked_day = min(responded + dt.timedelta(days=3), ctx.today)
        person = _clerk_of(ctx, visit.unit_id)
        task = RectificationTask(
            county=county,
            finding=finding,
            unit_id=visit.unit_id,
            group_id=visit.group_id,
            title=finding.text,
            requirement="对照问题逐项整改，举一反三，建立长效机制。",
            responsible_user=person,
            responsible_name="" if person else "办公室主任",
            deadline=deadline,
            status=status,
            created_by=visit.recorded_by,
            created_at=_aware(visit.date, 16),
        )
        if status == TaskStatus.VERIFIED:
            task.verified_by = visit.group.leader
            task.verified_at = _aware(checked_day, 15)
            task.verify_comment = "整改到位，同意销号。"
        tasks.append(task)
        if status != TaskStatus.OPEN:
            outcome = {TaskStatus.VERIFIED: "verified", TaskStatus.RETURNED: "returned"}
            responses.append(
                TaskResponse(
                    county=county,
                    task=task,
                    text=rng.choice(RESPONSES),
                    responded_by=person,
                    responded_at=_aware(responded, 11),
                    outcome=outcome.get(status, ""),
                    outcome_comment=SEND_BACK if status == TaskStatus.RETURNED else "",
                    outcome_by=visit.group.leader if status in outcome else None,
                    outcome_at=_aware(checked_day, 15) if status in outcome else None,
                )
            )
    RectificationTask.objects.bulk_create(tasks)
    TaskResponse.objects.bulk_create(responses)
    evidence = _evidence(ctx, [r for r in responses if r.task.status == TaskStatus.RESPONDED])
    ctx.count("supervision_evidence", evidence)
    ctx.count("supervision_tasks", len(tasks))
