"""The approval workflow (审批关): submit, decide at a stage (pass / return / reject / tighten /
merge), withdraw, resubmit, edit after approval.

Merging (合并办理, a way of tightening: "merged with another"): a pending meeting or inspection is
folded into another pending or approved item of the same unit and kind. It ends 不予同意 (it will
not take place on its own: no 一事一码, no quota) with a decision whose `changes` is
`{"merged_into": {"pk", "reg_no", "title"}}`; the other item lists it (`merged_from`). The quota
is therefore counted once, by the item that takes place.

Every change goes through `_guarded_update`: `UPDATE … WHERE pk = … AND version = seen`, bumping
the version (R16). Two reviewers deciding the same version cannot both win: the second updates no
row and gets `FilingConflict` ("该事项已被他人处理，请刷新后再试"). Transitions come from the pure
`workflow_rules`; who may act at a stage from `stages.may_act_at` (jianfu/org/access.py). Each
service runs in one transaction, writes one `FilingDecision` and one audit record, and notifies
the next stage's people or the item's clerk.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jianfu.core.actor import Actor
from jianfu.core.audit import audit_record
from jianfu.notices.services import notify
from jianfu.org.access import has_perm, restrict
from jianfu.org.models import Role, User

from .. import workflow_rules as rules
from ..models import Filing, FilingDecision, Status
from ..selectors.merge import MERGEABLE_KINDS, merge_candidates
from .checks import filing_checks_run
from .codes import filing_codes_assign
from .stages import may_act_at, route_for, stage_actors, stage_at

CONFLICT_MESSAGE = "该事项已被他人处理，请刷新后再试"


class FilingConflict(ValidationError):
    """Someone else changed the item since the user loaded it."""

    def __init__(self) -> None:
        super().__init__(_(CONFLICT_MESSAGE), code="conflict")


def _refuse(message: str, code: str = "invalid") -> ValidationError:
    return ValidationError(message, code=code)


def _check_unit_action(actor: Actor, filing: Filing, permission: str) -> None:
    """The originating side (clerk, coordinator): the permission and the item in scope."""
    user = actor.user
    if user is None:
        # "api": a unit's OA token, already limited to its own unit by jianfu/api/filings.py
        if actor.channel in ("cli", "system", "job", "api"):
            return
        raise PermissionDenied
    if not has_perm(user, permission):
        raise PermissionDenied
    if not restrict(Filing.objects.filter(pk=filing.pk), user).exists():
        raise PermissionDenied


def _guarded_update(filing: Filing, seen_version: int, **fields: Any) -> None:
    """R16: change the row only if it still has the version the user saw."""
    now = timezone.now()
    updated = Filing.objects.filter(pk=filing.pk, version=seen_version).update(
        version=F("version") + 1, updated_at=now, **fields
    )
    if updated == 0:
        raise FilingConflict()
    for name, value in fields.items():
        setattr(filing, name, value)
    filing.version = seen_version + 1
    filing.updated_at = now


def _decision(
    actor: Actor,
    filing: Filing,
    action: str,
    version: int,
    *,
    stage=None,
    comment: str = "",
    changes: dict | None = None,
) -> FilingDecision:
    user = actor.user
    return FilingDecision.objects.create(
        county_id=filing.county_id,
        filing=filing,
        stage_order=stage.order if stage is not None else 0,
        stage_name=stage.name if stage is not None else "",
        action=action,
        actor=user,
        actor_name=(str(user) if user is not None else actor.username)[:150],
        comment=comment,
        changes=changes or {},
        version=version,
    )


def _plain(value: Any) -> Any:
    """A value as the JSON of a decision's changes keeps it (dates as ISO text)."""
    return value.isoformat() if isinstance(value, date) else value


def _detail_url(filing: Filing) -> str:
    return reverse("filings:detail", args=[filing.pk])


def _clerks(filing: Filing) -> list[User]:
    """Who hears back about the item: the person who filed it, else the unit's clerks."""
    creator = filing.created_by
    if creator is not None and creator.is_active:
        return [creator]
    return list(User.objects.filter(unit_id=filing.unit_id, role=Role.CLERK, is_active=True))


def _notify_stage(filing: Filing, stage) -> None:
    notify(
        stage_actors(filing, stage),
        topic="filing.pending",
        title=_("待您审批：%(title)s") % {"title": filing.title},
        body=_("%(unit)s报备的%(kind)s等待您办理（%(stage)s）。")
        % {"unit": filing.unit.name, "kind": filing.get_kind_display(), "stage": stage.name},
        url=_detail_url(filing),
    )


def _notify_clerk(filing: Filing, topic: str, title: str, comment: str = "") -> None:
    notify(_clerks(filing), topic=topic, title=title, body=comment, url=_detail_url(filing))


def _checks_now(filing: Filing) -> list[dict]:
    """Run every automatic check of services/checks.py on the item (they are stored with it)."""
    return filing_checks_run(filing)


def _submit(actor: Actor, filing: Filing, seen_version: int | None, action: str) -> Filing:
    _check_unit_action(actor, filing, "filing.submit")
    if filing.deleted_at is not None:
        raise _refuse(_("该事项已删除。"))
    seen = filing.version if seen_version is None else seen_version
    stages = route_for(filing)
    try:
        step = rules.transition(filing.status, filing.stage_order, len(stages), action)
    except rules.TransitionError as exc:
        raise _refuse(str(exc), "state") from exc
    checks = _checks_now(filing)
    missing = rules.unanswered_declarations(checks, filing.declarations)
    if missing:
        raise _refuse(
            _("以下负面清单事项需逐项声明后才能提交：%(codes)s") % {"codes": "、".join(missing)},
            "declarations",
        )
    with transaction.atomic():
        fields: dict[str, Any] = {
            "status": step.status,
            "stage_order": step.stage_order,
            "checks": checks,
        }
        _guarded_update(filing, seen, **fields)
        _decision(actor, filing, action, seen)
        audit_record(
            actor,
            "submit",
            filing,
            after={"status": step.status, "action": action, "version": filing.version},
        )
        _notify_stage(filing, stage_at(stages, step.stage_order))
    return filing


def filing_submit(*, actor: Actor, filing: Filing, seen_version: int | None = None) -> Filing:
    """报备: a draft goes to stage 1 of its route after the automatic checks ran and every
    `declare` item is answered. (A returned or withdrawn item is resubmitted the same way.)"""
    action = rules.SUBMIT if filing.status == Status.DRAFT else rules.RESUBMIT
    return _submit(actor, filing, seen_version, action)


def filing_resubmit(*, actor: Actor, filing: Filing, seen_version: int | None = None) -> Filing:
    """A returned or withdrawn item, fixed by its unit, starts its route again at stage 1."""
    return _submit(actor, filing, seen_version, rules.RESUBMIT)


def filing_withdraw(
    *, actor: Actor, filing: Filing, seen_version: int | None = None, comment: str = ""
) -> Filing:
    """The originating unit takes a pending item back (it may edit and resubmit it)."""
    _check_unit_action(actor, filing, "filing.submit")
    seen = filing.version if seen_version is None else seen_version
    try:
        step = rules.transition(filing.status, filing.stage_order, 0, rules.WITHDRAW)
    except rules.TransitionError as exc:
        raise _refuse(str(exc), "state") from exc
    with transaction.atomic():
        _guarded_update(filing, seen, status=step.status, stage_order=step.stage_order)
        _decision(actor, filing, rules.WITHDRAW, seen, comment=comment)
        audit_record(actor, "withdraw", filing, after={"status": step.status, "comment": comment})
    return filing


AUDIT_OF_DECISION = {rules.RETURN: "return", rules.REJECT: "reject"}
MERGE = "merge"


def _merge_target(filing: Filing, target: Filing | None) -> Filing:
    if filing.kind not in MERGEABLE_KINDS:
        raise _refuse(_("只有会议和督查检查考核可以合并办理。"), "merge")
    if target is None:
        raise _refuse(_("请选择要合并到的事项。"), "merge")
    locked = Filing.objects.filter(pk=target.pk, deleted_at__isnull=True).first()
    if locked is None or locked.pk not in {c.pk for c in merge_candidates(filing)}:
        raise _refuse(
            _("只能合并到本单位同类、待审批或已批准的其他事项。"),
            "merge",
        )
    return locked


def filing_decide(
    *,
    actor: Actor,
    filing: Filing,
    seen_version: int,
    action: str,
    comment: str = "",
    changes: dict[str, Any] | None = None,
    merge_into: Filing | None = None,
) -> Filing:
    """A reviewer's decision at the item's current stage: pass, return, reject, tighten
    (change duration, scale, targets — only ever smaller — and pass), or merge into `merge_into`
    (see the module docstring). A comment is required to return or reject. At the last stage a
    pass approves the item and gives it its 一事一码."""
    if action not in rules.DECISIONS and action != MERGE:
        raise _refuse(_("未知的审批操作。"))
    stages = route_for(filing)
    stage = stage_at(stages, filing.stage_order)
    if filing.status != Status.PENDING or stage is None:
        raise _refuse(_("该事项当前不在审批中，不能办理此操作。"), "state")
    if not may_act_at(actor.user, filing, stage):
        raise PermissionDenied
    if rules.comment_missing(action, comment):
        raise _refuse(_("退回或不予同意时必须填写意见，说明理由和修改要求。"), "comment")
    recorded: dict[str, Any] = {}
    fields: dict[str, Any] = {}
    target = None
    if action == MERGE:
        target = _merge_target(filing, merge_into)
        other = target.reg_no or _("%(title)s（待审批）") % {"title": target.title}
        note = _("与 %(other)s 合并办理，本事项不再单独开展。") % {"other": other}
        comment = f"{note}{comment.strip()}" if comment.strip() else note
    if action == rules.TIGHTEN:
        wanted = changes or {}
        current = {name: getattr(filing, name, None) for name in wanted}
        try:
            recorded = rules.tighten_changes(current, wanted)
        except rules.TransitionError as exc:
            raise _refuse(str(exc), "changes") from exc
        if not recorded:
            raise _refuse(_("压减规格时请至少修改一项（时长、规模、对象或形式）。"), "changes")
        fields.update({name: new for name, (_old, new) in recorded.items()})
    # a merged item ends like a rejected one: it will not take place on its own
    rule_action = rules.REJECT if action == MERGE else action
    try:
        step = rules.transition(filing.status, filing.stage_order, len(stages), rule_action)
    except rules.TransitionError as exc:
        raise _refuse(str(exc), "state") from exc
    fields.update(status=step.status, stage_order=step.stage_order)
    if step.final:
        fields["approved_at"] = timezone.now()
    with transaction.atomic():
        _guarded_update(filing, seen_version, **fields)
        if step.final:
            filing_codes_assign(filing)
        if target is not None:
            merge = {"pk": target.pk, "reg_no": target.reg_no, "title": target.title}
            _decision(
                actor,
                filing,
                rules.REJECT,
                seen_version,
                stage=stage,
                comment=comment,
                changes={"merged_into": merge},
            )
            audit_record(
                actor,
                "reject",
                filing,
                after={
                    "status": step.status,
                    "stage": stage.name,
                    "decision": MERGE,
                    "comment": comment,
                    "merged_into": target.reg_no or target.pk,
                },
            )
            _notify_clerk(
                filing,
                "filing.rejected",
                _("已合并办理：%(title)s") % {"title": filing.title},
                comment,
            )
            return filing
        _decision(
            actor, filing, action, seen_version, stage=stage, comment=comment, changes=recorded
        )
        audit_action = AUDIT_OF_DECISION.get(action, "approve" if step.final else "sign")
        audit_record(
            actor,
            audit_action,
            filing,
            before={name: old for name, (old, _new) in recorded.items()} or None,
            after={
                "status": step.status,
                "stage": stage.name,
                "decision": action,
                "comment": comment,
                **({"reg_no": filing.reg_no} if step.final else {}),
                **{name: new for name, (_old, new) in recorded.items()},
            },
        )
        if step.status == Status.PENDING:
            _notify_stage(filing, stage_at(stages, step.stage_order))
        elif step.status == Status.APPROVED:
            _notify_clerk(
                filing,
                "filing.approved",
                _("已批准：%(title)s（%(reg_no)s）")
                % {"title": filing.title, "reg_no": filing.reg_no},
                comment,
            )
        elif step.status == Status.RETURNED:
            _notify_clerk(
                filing,
                "filing.returned",
                _("已退回修改：%(title)s") % {"title": filing.title},
                comment,
            )
        else:
            _notify_clerk(
                filing,
                "filing.rejected",
                _("不予同意：%(title)s") % {"title": filing.title},
                comment,
            )
    return filing

