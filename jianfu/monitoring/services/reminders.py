"""Reminders (提醒): the coordinator reminds a unit's principals (its leaders); each
acknowledges in Jianfu. Counted in 人次 = one per recipient (`Reminder.recipient_count`)."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jianfu.core.actor import Actor
from jianfu.core.audit import audit_record
from jianfu.notices.services import notify
from jianfu.org.access import has_perm
from jianfu.org.models import Role, Unit, User

from ..models import Alert, Reminder

MESSAGE_LIMIT = 1000


def unit_principals(unit: Unit) -> list[User]:
    """The unit's principal users: its active leaders."""
    return list(
        User.objects.filter(unit=unit, role=Role.LEADER, is_active=True).order_by("username")
    )


def reminder_send(
    *,
    actor: Actor,
    unit: Unit,
    alert: Alert | None = None,
    message: str,
    bulletin: bool = False,
    sent_at: datetime | None = None,
) -> Reminder:
    """Remind the unit's leaders (notified in the app); optionally flag the unit for the
    bulletin (拟通报). Refused when the unit has no leader account or the message is empty."""
    if actor.user is not None:
        if not has_perm(actor.user, "reminder.send"):
            raise PermissionDenied
        if unit.county_id != actor.user.county_id:
            raise PermissionDenied
    if alert is not None and alert.unit_id != unit.pk:
        raise ValidationError({"alert": _("预警不属于该单位。")})
    message = (message or "").strip()
    if not message:
        raise ValidationError({"message": _("请填写提醒内容。")})
    if len(message) > MESSAGE_LIMIT:
        raise ValidationError({"message": _("提醒内容不能超过 1000 字。")})
    recipients = unit_principals(unit)
    if not recipients:
        raise ValidationError({"unit": _("该单位还没有单位领导账号，无法发送提醒。")})
    with transaction.atomic():
        reminder = Reminder.objects.create(
            county_id=unit.county_id,
            unit=unit,
            alert=alert,
            sent_by=actor.user,
            sent_by_name=(str(actor.user) if actor.user else actor.username)[:150],
            recipient_count=len(recipients),
            message=message,
            bulletin=bulletin,
            sent_at=sent_at or timezone.now(),
        )
        reminder.to.set(recipients)
        if bulletin and alert is not None and not alert.bulletin:
            alert.bulletin = True
            alert.save(update_fields=["bulletin"])
        notify(
            recipients,
            topic="reminder.sent",
            title=_("减负工作提醒：%(unit)s") % {"unit": unit.name},
            body=message,
            url=reverse("monitoring:reminders"),
        )
        audit_record(
            actor,
            "remind",
            reminder,
            after={
                "unit": unit.code,
                "recipients": [u.username for u in recipients],
                "person_times": len(recipients),
                "alert": alert.pk if alert else None,
                "rule": alert.rule if alert else "",
                "bulletin": bulletin,
            },
        )
    return reminder


def reminder_acknowledge(*, actor: Actor, reminder: Reminder) -> Reminder:
    """The principal confirms receipt. Only a leader of the reminded unit may; twice is once."""
    user = actor.user
    if user is None or not has_perm(user, "reminder.ack") or user.unit_id != reminder.unit_id:
        raise PermissionDenied
    with transaction.atomic():
        locked = Reminder.objects.select_for_update().get(pk=reminder.pk)
        if locked.acknowledged_at is not None:
            return locked
        locked.acknowledged_at = timezone.now()
        locked.acknowledged_by = user
        locked.save(update_fields=["acknowledged_at", "acknowledged_by"])
        audit_record(actor, "acknowledge", locked, after={"by": user.username})
    return locked


def alert_flag_bulletin(*, actor: Actor, alert: Alert, bulletin: bool) -> Alert:
    """Mark (or unmark) the alert's unit to be named in the quarterly bulletin (拟通报)."""
    if actor.user is not None and not has_perm(actor.user, "reminder.send"):
        raise PermissionDenied
    if alert.bulletin == bulletin:
        return alert
    with transaction.atomic():
        before = alert.bulletin
        alert.bulletin = bulletin
        alert.save(update_fields=["bulletin"])
        audit_record(
            actor, "update", alert, before={"bulletin": before}, after={"bulletin": bulletin}
        )
    return alert
