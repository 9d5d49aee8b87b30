"""A unit named in the bulletin for an alert that was also the subject of a flagged reminder is
named once for it: the reminder adds when the unit was reminded, not the alert's text a second
time (the first user walk found 县农业农村局's 规避统计 reason printed twice in the .docx)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.utils import timezone

from jianfu.monitoring.models import Alert, Reminder
from jianfu.reports.periods import parse_period
from jianfu.reports.selectors.data import named_units

pytestmark = pytest.mark.django_db

EVASION = "县教育局近 90 天正式发文 2 件（前 90 天 6 件），而白头文件、便函、简报等 7 件"


def test_reminder_on_a_named_alert_does_not_repeat_it(county, units, scene):
    jy, ny = units["jy"], units["ny"]
    alert = Alert.objects.create(
        county=county,
        unit=jy,
        rule="EVASION",
        message=EVASION,
        key="EVASION:QH-JY:1",
        year=2025,
        bulletin=True,
        first_seen=date(2025, 9, 1),
        last_seen=date(2025, 9, 25),
    )
    Reminder.objects.create(
        county=county,
        unit=jy,
        alert=alert,
        bulletin=True,
        recipient_count=1,
        message=f"请贵单位严格控制发文（EVASION：{EVASION}）",
        sent_at=timezone.make_aware(datetime(2025, 9, 26, 10, 0)),
    )
    Reminder.objects.create(  # not tied to a named alert: its own text is the reason
        county=county,
        unit=ny,
        bulletin=True,
        recipient_count=1,
        message="会议偏多，请压减",
        sent_at=timezone.make_aware(datetime(2025, 9, 2, 10, 0)),
    )
    rows = {r["unit"]: r["reasons"] for r in named_units(county, parse_period("2025-Q3"), [])}
    jy_text = "；".join(rows[jy.code])
    assert jy_text.count(EVASION) == 1
    assert "已于2025-09-26提醒，拟予通报" in rows[jy.code]
    assert "经提醒后拟通报：会议偏多，请压减" in rows[ny.code]
