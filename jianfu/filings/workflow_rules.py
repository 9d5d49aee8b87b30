"""The approval workflow's state transitions, as plain data (no Django ORM here).

An item moves through statuses (models.Status values) and, while pending, through the ordered
stages of its approval route (stage 1 … n). `transition` answers where an action leads, or
raises `TransitionError` with the Chinese message a person sees. The table:

| from                         | action           | to                                         |
| ---------------------------- | ---------------- | ------------------------------------------ |
| draft                        | submit           | pending, stage 1                           |
| returned, withdrawn          | resubmit         | pending, stage 1                           |
| pending                      | withdraw         | withdrawn, stage 0                         |
| pending (stage k of n)       | pass / tighten   | pending, stage k+1; at k = n: approved     |
| pending                      | return           | returned, stage 0 (comment required)       |
| pending                      | reject           | rejected, stage 0 (comment required; final)|
| approved                     | edit             | pending, stage 1 (an edit needs re-approval)|
| approved                     | archive          | archived                                   |

Anything else is refused. Who may act is decided elsewhere (services/workflow.py through
jianfu/org/access.py); this module only knows the shape of the route.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

DRAFT, PENDING, RETURNED, REJECTED = "draft", "pending", "returned", "rejected"
WITHDRAWN, APPROVED, ARCHIVED = "withdrawn", "approved", "archived"

SUBMIT, RESUBMIT, WITHDRAW = "submit", "resubmit", "withdraw"
PASS, RETURN, REJECT, TIGHTEN = "pass", "return", "reject", "tighten"
EDIT, ARCHIVE = "edit", "archive"

DECISIONS = frozenset({PASS, RETURN, REJECT, TIGHTEN})  # what a reviewer does at a stage
COMMENT_REQUIRED = frozenset({RETURN, REJECT})
# Fields a reviewer may tighten (压减规格) before passing, and how "smaller" is judged.
TIGHTEN_NUMBERS = (
    "duration_minutes",
    "main_speech_minutes",
    "expected_attendance",
    "days",
    "chars",
)
TIGHTEN_LISTS = ("targets", "attendees", "materials")
TIGHTEN_CHOICES = {"meeting_form": ("现场", "视频", "电视电话")}  # a move to a later one is lighter


class TransitionError(ValueError):
    """The action is not possible in the item's current state; the message is for people."""


@dataclass(frozen=True)
class Transition:
    status: str
    stage_order: int
    final: bool = False  # the item became approved (一事一码 is given now)


def transition(status: str, stage_order: int, stage_count: int, action: str) -> Transition:
    """Where `action` leads from (status, stage_order) on a route of `stage_count` stages."""
    if (action == SUBMIT and status == DRAFT) or (
        action == RESUBMIT
        and status
        in (
            RETURNED,
            WITHDRAWN,
        )
    ):
        if stage_count < 1:
            raise TransitionError(_("该类事项尚未配置审批环节，请联系县委办/政府办。"))
        return Transition(PENDING, 1)
    if action == EDIT and status == APPROVED:
        if stage_count < 1:
            raise TransitionError(_("该类事项尚未配置审批环节，请联系县委办/政府办。"))
        return Transition(PENDING, 1)
    if action == ARCHIVE and status == APPROVED:
        return Transition(ARCHIVED, stage_order)
    if status == PENDING:
        if action == WITHDRAW:
            return Transition(WITHDRAWN, 0)
        if action in (PASS, TIGHTEN):
            if stage_order >= stage_count:
                return Transition(APPROVED, stage_order, final=True)
            return Transition(PENDING, stage_order + 1)
        if action == RETURN:
            return Transition(RETURNED, 0)
        if action == REJECT:
            return Transition(REJECTED, 0)
    raise TransitionError(_refusal(status, action))


def _refusal(status: str, action: str) -> str:
    if status == ARCHIVED:
        return _("该事项已备案，不能再办理。")
    if status == REJECTED:
        return _("该事项已不予同意，不能再办理；如确需开展，请重新报备。")
    if action in DECISIONS or action == WITHDRAW:
        return _("该事项当前不在审批中，不能办理此操作。")
    if action == ARCHIVE:
        return _("只有已批准的事项才能备案。")
    if action in (SUBMIT, RESUBMIT):
        return _("该事项当前状态不能提交报备。")
    if action == EDIT:
        return _("只有已批准的事项需要走批准后修改。")
    return _("该事项当前状态不能办理此操作。")


def comment_missing(action: str, comment: str) -> bool:
    """Returning or rejecting an item needs a comment that says why."""
    return action in COMMENT_REQUIRED and not (comment or "").strip()


def unanswered_declarations(
    checks: Iterable[Mapping[str, Any]], declarations: Mapping[str, Any]
) -> list[str]:
    """Codes of the `declare` check results the applicant has not answered yes or no."""
    missing = []
    for check in checks:
        if check.get("result") != "declare":
            continue
        answer = declarations.get(check.get("code", ""))
        ok = answer.get("ok") if isinstance(answer, Mapping) else answer
        if ok is None or ok == "":
            missing.append(check.get("code", ""))
    return missing


def tighten_changes(current: Mapping[str, Any], wanted: Mapping[str, Any]) -> dict[str, list]:
    """The changes a reviewer asks for, as {field: [old, new]}; only ever smaller.

    Numbers may only go down (not below 1), lists may only lose members, the meeting form may
    only move to a lighter form (现场 → 视频 → 电视电话). Unchanged fields are left out. Raises
    TransitionError naming the first change that would make the item bigger.
    """
    changes: dict[str, list] = {}
    for name, new in wanted.items():
        old = current.get(name)
        if name in TIGHTEN_NUMBERS:
            if new is None or new == "" or new == old:
                continue
            value = int(new)
            if value < 1 or (old is not None and value > int(old)):
                raise TransitionError(
                    _("压减规格只能减少：%(field)s 不能从 %(old)s 改为 %(new)s。")
                    % {"field": name, "old": old, "new": value}
                )
            changes[name] = [old, value]
        elif name in TIGHTEN_LISTS:
            new_list = list(new or [])
            old_list = list(old or [])
            if new_list == old_list:
                continue
            if any(item not in old_list for item in new_list):
                raise TransitionError(
                    _("压减规格只能减少：%(field)s 不能增加新的对象。") % {"field": name}
                )
            changes[name] = [old_list, new_list]
        elif name in TIGHTEN_CHOICES:
            order = TIGHTEN_CHOICES[name]
            if not new or new == old:
                continue
            if new not in order or (old in order and order.index(new) < order.index(old)):
                raise TransitionError(
                    _("压减规格只能减轻：会议形式不能从 %(old)s 改为 %(new)s。")
                    % {"old": old, "new": new}
                )
            changes[name] = [old, new]
        else:
            raise TransitionError(_("该项不能在审批时修改：%(field)s。") % {"field": name})
    return changes


# L-M-2: video or telephone meetings ≤ 90 minutes; other county meetings ≤ half a day;
# department meetings ≤ one day.
VIDEO_FORMS = ("视频", "电视电话")


def meeting_limit_minutes(form: str, unit_kind: str) -> int:
    if form in VIDEO_FORMS:
        return 90
    return 240 if unit_kind == "county" else 480


def archive_differences(
    kind: str, unit_kind: str, approved: Mapping[str, Any], actual: Mapping[str, Any]
) -> list[dict[str, str]]:
    """What happened against what was approved (备案关), each with a code and a reason:

    - ARC-DATE: held on another day than approved;
    - ARC-OVERTIME: a meeting longer than its approved duration; L-M-2 as well when it also
      broke the spec limit for its form;
    - ARC-SCALE: more attendees than expected;
    - ARC-TARGETS: an inspection of units it was not approved for;
    - ARC-DAYS: an inspection that took more days than approved.
    """
    out: list[dict[str, str]] = []
    planned_date, actual_date = approved.get("date"), actual.get("date")
    if planned_date and actual_date and planned_date != actual_date:
        out.append(
            {
                "code": "ARC-DATE",
                "reason": _("实际日期 %(a)s 与批准日期 %(p)s 不一致")
                % {"a": actual_date, "p": planned_date},
            }
        )
    if kind == "meeting":
        planned, held = approved.get("duration_minutes"), actual.get("duration_minutes")
        if planned and held and held > planned:
            out.append(
                {
                    "code": "ARC-OVERTIME",
                    "reason": _("会议实际时长 %(a)s 分钟，超过批准的 %(p)s 分钟")
                    % {"a": held, "p": planned},
                }
            )
        limit = meeting_limit_minutes(approved.get("meeting_form", ""), unit_kind)
        if held and held > limit:
            out.append(
                {
                    "code": "L-M-2",
                    "reason": _("会议实际时长 %(a)s 分钟，超过规定上限 %(l)s 分钟")
                    % {"a": held, "l": limit},
                }
            )
        expected, came = approved.get("expected_attendance"), actual.get("attendance")
        if expected and came and came > expected:
            out.append(
                {
                    "code": "ARC-SCALE",
                    "reason": _("实际参会 %(a)s 人，超过批准的 %(p)s 人")
                    % {"a": came, "p": expected},
                }
            )
    if kind == "inspection":
        planned_targets = list(approved.get("targets") or [])
        extra = [t for t in actual.get("targets") or [] if t not in planned_targets]
        if extra:
            out.append(
                {
                    "code": "ARC-TARGETS",
                    "reason": _("实际检查了未经批准的对象：%(t)s")
                    % {"t": "、".join(map(str, extra))},
                }
            )
        planned_days, took = approved.get("days"), actual.get("days")
        if planned_days and took and took > planned_days:
            out.append(
                {
                    "code": "ARC-DAYS",
                    "reason": _("实际用时 %(a)s 天，超过批准的 %(p)s 天")
                    % {"a": took, "p": planned_days},
                }
            )
    return out
