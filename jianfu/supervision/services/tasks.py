"""The unit's response to a rectification task (with evidence) and the group's verification."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jianfu.core.actor import Actor
from jianfu.core.audit import audit_record
from jianfu.org.access import has_perm, visible_units

from ..evidence import MAX_FILES, EvidenceRefused, evidence_check, evidence_remove, evidence_store
from ..models import RectificationTask, TaskEvidence, TaskResponse
from ..status import TaskStatus, TransitionRefused, next_status


def _check(actor: Actor, task: RectificationTask, action: str) -> None:
    user = actor.user
    if user is None:
        return
    if not has_perm(user, action) or not visible_units(user).filter(pk=task.unit_id).exists():
        raise PermissionDenied


def _locked(task: RectificationTask) -> RectificationTask:
    return RectificationTask.objects.select_for_update().get(pk=task.pk)


def _advance(task: RectificationTask, action: str) -> str:
    try:
        return next_status(action, task.status)
    except TransitionRefused as exc:
        label = TaskStatus(task.status).label
        raise ValidationError(
            _("任务当前状态为“%(status)s”，不能执行此操作，请刷新页面") % {"status": label},
            code="conflict",
        ) from exc


def task_respond(
    *,
    actor: Actor,
    task: RectificationTask,
    text: str,
    files: Iterable[tuple[str, bytes]] = (),
) -> TaskResponse:
    """The unit reports what it did, with evidence files; the task becomes 已反馈."""
    _check(actor, task, "task.respond")
    text = text.replace("\x00", "").strip()
    if not text:
        raise ValidationError({"text": _("请填写整改情况")})
    files = list(files)
    if len(files) > MAX_FILES:
        raise ValidationError({"files": _("一次最多上传 %(n)d 个佐证材料") % {"n": MAX_FILES}})
    try:
        checked = [evidence_check(name, data) for name, data in files]
    except EvidenceRefused as exc:
        raise ValidationError({"files": exc.message}) from exc
    stored: list[str] = []
    try:
        with transaction.atomic():
            task = _locked(task)
            _check(actor, task, "task.respond")
            before = task.status
            task.status = _advance(task, "respond")
            task.save(update_fields=["status", "updated_at"])
            response = TaskResponse.objects.create(
                county_id=task.county_id, task=task, text=text[:4000], responded_by=actor.user
            )
            code = task.unit.county.code
            rows = []
            for item in checked:
                relative = evidence_store(code, item)
                stored.append(relative)
                rows.append(
                    TaskEvidence(
                        county_id=task.county_id,
                        response=response,
                        filename=item.filename,
                        stored_file=relative,
                        kind=item.kind,
                        size=len(item.data),
                        sha256=item.sha256,
                    )
                )
            TaskEvidence.objects.bulk_create(rows)
            audit_record(
                actor,
                "submit",
                task,
                before={"status": before},
                after={
                    "status": task.status,
                    "response_id": response.pk,
                    "evidence": [{"name": r.filename, "sha256": r.sha256} for r in rows],
                },
            )
    except Exception:
        for relative in stored:
            evidence_remove(relative)
        raise
    return response


def _decide(actor: Actor, task: RectificationTask, action: str, comment: str) -> RectificationTask:
    _check(actor, task, "task.verify")
    comment = comment.replace("\x00", "").strip()[:1000]
    if action == "send_back" and not comment:
        raise ValidationError({"comment": _("退回时请写明退回理由和需要补充的内容")})
    with transaction.atomic():
        task = _locked(task)
        before = task.status
        task.status = _advance(task, action)
        now = timezone.now()
        if action == "verify":
            task.verified_by = actor.user
            task.verified_at = now
            task.verify_comment = comment
        task.save()
        response = task.responses.order_by("-id").first()
        if response is not None:
            response.outcome = task.status
            response.outcome_comment = comment
            response.outcome_by = actor.user
            response.outcome_at = now
            response.save()
        audit_record(
            actor,
            "verify" if action == "verify" else "return",
            task,
            before={"status": before},
            after={"status": task.status, "comment": comment},
        )
    return task


def task_verify(*, actor: Actor, task: RectificationTask, comment: str = "") -> RectificationTask:
    """The group accepts the response: the task is closed (已销号)."""
    return _decide(actor, task, "verify", comment)


def task_send_back(*, actor: Actor, task: RectificationTask, comment: str) -> RectificationTask:
    """The group sends the response back (已退回) with a comment saying what is missing."""
    return _decide(actor, task, "send_back", comment)
