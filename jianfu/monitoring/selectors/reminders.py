"""Reading reminders (提醒): the count in 人次 and the lists a user may see.

人次 (person-times): a reminder sent to a unit's principals counts one for each recipient — a
reminder to a unit with two leaders is 2 人次. Counted by the day it was sent (county time).
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.db.models import QuerySet, Sum
from django.utils import timezone

from jianfu.org.access import restrict
from jianfu.org.models import County

from ..models import Reminder


def day_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """[start 00:00, the day after end 00:00) in the project's time zone, as aware datetimes."""
    tz = timezone.get_current_timezone()
    lower = timezone.make_aware(datetime.combine(start, time.min), tz)
    upper = timezone.make_aware(datetime.combine(end, time.max), tz)
    return lower, upper


def reminders_count(county: County | int, start: date, end: date) -> dict[int, int]:
    """unit id → reminders sent to it in [start, end], in 人次. One GROUP BY."""
    county_id = county if isinstance(county, int) else county.pk
    lower, upper = day_bounds(start, end)
    rows = (
        Reminder.objects.filter(county_id=county_id, sent_at__gte=lower, sent_at__lte=upper)
        .order_by()
        .values("unit_id")
        .annotate(n=Sum("recipient_count"))
    )
    return {row["unit_id"]: row["n"] or 0 for row in rows}


def reminder_list(user) -> QuerySet[Reminder]:
    """The reminders the user may see: the unit's own for a unit user, all for the county office."""
    return (
        restrict(Reminder.objects.all(), user)
        .select_related("unit", "alert", "acknowledged_by")
        .prefetch_related("to")
        .order_by("-sent_at", "-id")
    )
