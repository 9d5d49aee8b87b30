"""Editing an approved item (批准后修改): the change is recorded and the item is approved again.

Split from `workflow.py`; it uses the same guarded update, decision log and notices.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from jianfu.core.actor import Actor
from jianfu.core.audit import audit_record

from .. import workflow_rules as rules
from ..models import Filing
from .stages import route_for, stage_at
from .workflow import _check_unit_action, _decision, _guarded_update, _notify_stage, _plain, _refuse

# Fields an approved item may change through `filing_edit_approved` (then approved again).
EDIT_FIELDS = (
    "title",
    "date",
    "genre",
    "issuing_name",
    "doc_no",
    "recipients",
    "chars",
    "meeting_form",
    "convener",
    "convener_level",
    "duration_minutes",
    "main_speech_minutes",
    "attendees",
    "expected_attendance",
    "agenda",
    "inspection_type",
    "items_checked",
    "targets",
    "days",
    "materials",
    "requires_principal",
)


def filing_edit_approved(
    *,
    actor: Actor,
    filing: Filing,
    seen_version: int,
    changes: dict[str, Any],
    comment: str,
) -> Filing:
    """An edit after approval needs re-approval: the item goes back to stage 1 (pending) with a
    decision EDIT recording {field: [old, new]}. Its reg_no and code are kept but do not verify
    until it is approved again."""
    _check_unit_action(actor, filing, "filing.submit")
    if not (comment or "").strip():
        raise _refuse(_("批准后修改须说明修改理由。"), "comment")
    unknown = [name for name in changes if name not in EDIT_FIELDS]
    if unknown:
        raise _refuse(_("该项不能修改：%(fields)s") % {"fields": "、".join(unknown)}, "changes")
    recorded = {
        name: [getattr(filing, name), value]
        for name, value in changes.items()
        if getattr(filing, name) != value
    }
    if not recorded:
        raise _refuse(_("没有修改任何内容。"), "changes")
    stages = route_for(filing)
    try:
        step = rules.transition(filing.status, filing.stage_order, len(stages), rules.EDIT)
    except rules.TransitionError as exc:
        raise _refuse(str(exc), "state") from exc
    with transaction.atomic():
        _guarded_update(
            filing,
            seen_version,
            status=step.status,
            stage_order=step.stage_order,
            **{name: new for name, (_old, new) in recorded.items()},
        )
        _decision(
            actor,
            filing,
            rules.EDIT,
            seen_version,
            comment=comment,
            changes={name: [_plain(old), _plain(new)] for name, (old, new) in recorded.items()},
        )
        audit_record(
            actor,
            "update",
            filing,
            before={name: old for name, (old, _new) in recorded.items()},
            after={"status": step.status, **{name: new for name, (_old, new) in recorded.items()}},
        )
        _notify_stage(filing, stage_at(stages, step.stage_order))
    return filing
