"""The states of a rectification task and the arithmetic of deadlines, without the ORM.

    待整改 (open) --respond--> 已反馈 (responded) --verify--> 已销号 (verified)
                                    \\--send back--> 已退回 (returned) --respond--> 已反馈

A task is overdue when its deadline has passed and it is not verified (已销号): a response that
is still waiting for the group does not stop the clock, since the group may send it back.
"""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _


class TaskStatus(models.TextChoices):
    OPEN = "open", _("待整改")
    RESPONDED = "responded", _("已反馈")
    VERIFIED = "verified", _("已销号")
    RETURNED = "returned", _("已退回")


# status -> (colour of its tag); overdue tasks are shown dark red with the word 逾期 besides.
STATUS_TAG = {
    TaskStatus.OPEN: "orange",
    TaskStatus.RESPONDED: "blue",
    TaskStatus.VERIFIED: "green",
    TaskStatus.RETURNED: "red",
}

# action -> (the states it may start from, the state it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "respond": (frozenset({TaskStatus.OPEN, TaskStatus.RETURNED}), TaskStatus.RESPONDED),
    "verify": (frozenset({TaskStatus.RESPONDED}), TaskStatus.VERIFIED),
    "send_back": (frozenset({TaskStatus.RESPONDED}), TaskStatus.RETURNED),
}


class TransitionRefused(Exception):
    """The action is not possible from the task's present state."""

    def __init__(self, action: str, status: str) -> None:
        super().__init__(f"{action} from {status}")
        self.action = action
        self.status = status


def next_status(action: str, status: str) -> str:
    """The state `action` leads to from `status`; raises TransitionRefused when not allowed."""
    sources, target = TRANSITIONS[action]
    if status not in sources:
        raise TransitionRefused(action, status)
    return target


def is_overdue(deadline: date, status: str, today: date) -> bool:
    return status != TaskStatus.VERIFIED and deadline < today


def days_overdue(deadline: date, status: str, today: date) -> int:
    """Whole days past the deadline (0 when not overdue): due 1 June, today 3 June → 2."""
    return (today - deadline).days if is_overdue(deadline, status, today) else 0
