"""Recording an on-site visit with its findings, and turning a finding into a task."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jianfu.core.actor import Actor
from jianfu.core.audit import audit_record, model_snapshot
from jianfu.org.access import has_perm
from jianfu.org.models import Unit, User

from ..models import Finding, RectificationTask, Severity, SupervisionGroup, Visit

TASK_FIELDS = (
    "unit_id",
    "group_id",
    "finding_id",
    "title",
    "requirement",
    "responsible_user_id",
    "responsible_name",
    "deadline",
    "status",
)


@dataclass(frozen=True)
class FindingInput:
    text: str
    severity: str = Severity.MINOR


def is_member(user: User, group: SupervisionGroup) -> bool:
    return group.leader_id == user.pk or group.members.filter(pk=user.pk).exists()


def _check_recorder(actor: Actor, group: SupervisionGroup, unit: Unit) -> None:
    """A member of the group records visits to the group's units. The command line and the
    demo (no user) may record for any group."""
    user = actor.user
    if user is not None and (
        not has_perm(user, "visit.record")
        or user.county_id != group.county_id
        or not is_member(user, group)
    ):
        raise PermissionDenied
    if not group.units.filter(pk=unit.pk).exists():
        raise ValidationError({"unit": _("该单位不是本督导组的联系单位")})


def _clean_findings(findings: Iterable[FindingInput]) -> list[FindingInput]:
    cleaned = []
    for finding in findings:
        text = finding.text.replace("\x00", "").strip()
        if not text:
            continue
        if finding.severity not in Severity.values:
            raise ValidationError({"findings": _("严重程度只能是：一般、较重、严重")})
        cleaned.append(FindingInput(text[:2000], finding.severity))
    return cleaned


@transaction.atomic
def visit_record(
    *,
    actor: Actor,
    group: SupervisionGroup,
    unit: Unit,
    date: date,
    checked: str,
    summary: str = "",
    members_present: Sequence[User] = (),
    findings: Iterable[FindingInput] = (),
) -> Visit:
    """A visit and its findings, in one transaction, one audit record."""
    _check_recorder(actor, group, unit)
    if date > timezone.localdate():
        raise ValidationError({"date": _("督导日期不能晚于今天")})
    if not checked.strip():
        raise ValidationError({"checked": _("请填写督导内容（检查了什么）")})
    present = [m for m in members_present if is_member(m, group)]
    visit = Visit.objects.create(
        county_id=group.county_id,
        group=group,
        unit=unit,
        date=date,
        checked=checked.replace("\x00", "").strip()[:2000],
        summary=summary.replace("\x00", "").strip()[:4000],
        recorded_by=actor.username[:150],
    )
    visit.members_present.set(present)
    rows = [
        Finding(
            county_id=group.county_id, visit=visit, position=i, text=f.text, severity=f.severity
        )
        for i, f in enumerate(_clean_findings(findings), start=1)
    ]
    Finding.objects.bulk_create(rows)
    after = model_snapshot(visit, ("group_id", "unit_id", "date", "checked", "summary"))
    after["members_present"] = [m.pk for m in present]
    after["findings"] = [{"text": f.text, "severity": f.severity} for f in rows]
    audit_record(actor, "create", visit, after=after)
    return visit


@transaction.atomic
def finding_to_task(
    *,
    actor: Actor,
    finding: Finding,
    deadline: date,
    responsible_user: User | None = None,
    responsible_name: str = "",
    requirement: str = "",
    title: str = "",
) -> RectificationTask:
    """A rectification task (限期整改) for the visited unit, made of one finding."""
    visit = finding.visit
    _check_recorder(actor, visit.group, visit.unit)
    if RectificationTask.objects.filter(finding=finding).exists():
        raise ValidationError({"finding": _("该问题已下达整改任务")})
    if deadline < visit.date:
        raise ValidationError({"deadline": _("整改期限不能早于督导日期")})
    if responsible_user is not None and responsible_user.unit_id != visit.unit_id:
        raise ValidationError({"responsible_user": _("责任人必须是被督导单位的人员")})
    responsible_name = responsible_name.strip()[:64]
    if responsible_user is None and not responsible_name:
        raise ValidationError({"responsible_name": _("请选择或填写责任人")})
    task = RectificationTask.objects.create(
        county_id=visit.county_id,
        finding=finding,
        unit_id=visit.unit_id,
        group_id=visit.group_id,
        title=(title.strip() or finding.text)[:200],
        requirement=requirement.strip()[:2000],
        responsible_user=responsible_user,
        responsible_name=responsible_name if responsible_user is None else "",
        deadline=deadline,
        created_by=actor.username[:150],
    )
    audit_record(actor, "create", task, after=model_snapshot(task, TASK_FIELDS))
    return task
