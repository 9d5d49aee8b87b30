"""Reminders: sent to the unit's principals (notified), acknowledged only by a leader of that
unit, counted in 人次 per unit and period; the bulletin flag."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from jianfu.core.actor import Actor
from jianfu.core.models import AuditEvent
from jianfu.monitoring.models import Alert, Reminder
from jianfu.monitoring.selectors.reminders import reminders_count
from jianfu.monitoring.services.reminders import (
    alert_flag_bulletin,
    reminder_acknowledge,
    reminder_send,
)
from jianfu.notices.models import Notification

pytestmark = pytest.mark.django_db


def actor(user):
    return Actor(channel="web", user=user, username=user.username)


@pytest.fixture
def alert(county, units):
    return Alert.objects.create(
        county=county,
        unit=units["ny"],
        rule="QUOTA-80",
        message="发文数额已用 85%",
        key="k",
        year=2025,
        first_seen=date(2025, 9, 1),
        last_seen=date(2025, 9, 1),
    )


def test_send_notifies_every_leader_and_counts_person_times(county, units, users, make_user, alert):
    second = make_user("leader_ny2", "leader", "ny")
    reminder = reminder_send(
        actor=actor(users["coordinator"]),
        unit=units["ny"],
        alert=alert,
        message="贵单位发文数额已用 85%，请严格控制发文。",
        bulletin=True,
    )
    assert set(reminder.to.all()) == {users["leader_ny"], second}
    assert reminder.recipient_count == 2
    assert set(
        Notification.objects.filter(topic="reminder.sent").values_list(
            "recipient__username", flat=True
        )
    ) == {"leader_ny", "leader_ny2"}
    assert not Notification.objects.filter(recipient=users["clerk_ny"]).exists()
    alert.refresh_from_db()
    assert alert.bulletin is True  # 拟通报
    event = AuditEvent.objects.get(action="remind")
    assert event.after["person_times"] == 2 and event.after["rule"] == "QUOTA-80"
    today = timezone.localdate()
    assert reminders_count(county, today, today) == {units["ny"].pk: 2}
    # another reminder to a unit with one leader: 1 人次 more for that unit only
    make_user("leader_jy", "leader", "jy")
    reminder_send(actor=actor(users["coordinator"]), unit=units["jy"], message="注意会议数量")
    assert reminders_count(county, today, today) == {units["ny"].pk: 2, units["jy"].pk: 1}
    # outside the period: nothing
    assert reminders_count(county, date(2020, 1, 1), date(2020, 12, 31)) == {}


def test_send_is_refused_without_a_leader_an_empty_message_or_the_permission(units, users):
    coordinator = actor(users["coordinator"])
    with pytest.raises(ValidationError) as exc:
        reminder_send(actor=coordinator, unit=units["jy"], message="请注意")
    assert "没有单位领导账号" in str(exc.value)
    with pytest.raises(ValidationError):
        reminder_send(actor=coordinator, unit=units["ny"], message="   ")
    for role in ("clerk_ny", "leader_ny", "approver", "inspector"):
        with pytest.raises(PermissionDenied):
            reminder_send(actor=actor(users[role]), unit=units["ny"], message="请注意")
    assert not Reminder.objects.exists()


def test_only_a_leader_of_the_unit_acknowledges_once(units, users, make_user):
    reminder = reminder_send(
        actor=actor(users["coordinator"]), unit=units["ny"], message="请注意控制发文"
    )
    other_leader = make_user("leader_jy", "leader", "jy")
    for user in (users["clerk_ny"], users["coordinator"], other_leader):
        with pytest.raises(PermissionDenied):
            reminder_acknowledge(actor=actor(user), reminder=reminder)
    done = reminder_acknowledge(actor=actor(users["leader_ny"]), reminder=reminder)
    assert done.acknowledged_by == users["leader_ny"] and done.acknowledged_at is not None
    first = done.acknowledged_at
    again = reminder_acknowledge(actor=actor(users["leader_ny"]), reminder=reminder)
    assert again.acknowledged_at == first
    assert AuditEvent.objects.filter(action="acknowledge").count() == 1


def test_flag_for_the_bulletin(users, alert):
    alert_flag_bulletin(actor=actor(users["coordinator"]), alert=alert, bulletin=True)
    alert.refresh_from_db()
    assert alert.bulletin
    with pytest.raises(PermissionDenied):
        alert_flag_bulletin(actor=actor(users["clerk_ny"]), alert=alert, bulletin=False)
    assert AuditEvent.objects.filter(action="update", object_id=str(alert.pk)).count() == 1
