"""Periodic jobs (Huey; `jianfu run_huey` runs them): 每周一分析 on Monday 07:00, 每月一研判 on the
1st at 07:00, 每季一通报 on the first day after each quarter at 07:30, and the daily alert scan
at 06:30 (before the analyses, so that they quote today's alerts). Times are the county's."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from jianfu.core.actor import Actor
from jianfu.monitoring.services.alerts import alerts_scan_all

from .periods import MONTHLY, QUARTERLY, WEEKLY
from .services.schedule import reports_scheduled


@db_periodic_task(crontab(minute="30", hour="6"))
def alerts_daily():
    return len(alerts_scan_all(actor=Actor(channel="job", username="定时任务")))


@db_periodic_task(crontab(minute="0", hour="7", day_of_week="1"))
def weekly_analysis():
    return [r.pk for r in reports_scheduled(WEEKLY)]


@db_periodic_task(crontab(minute="0", hour="7", day="1"))
def monthly_assessment():
    return [r.pk for r in reports_scheduled(MONTHLY)]


@db_periodic_task(crontab(minute="30", hour="7", day="1", month="1,4,7,10"))
def quarterly_bulletin():
    return [r.pk for r in reports_scheduled(QUARTERLY)]
