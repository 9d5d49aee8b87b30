"""Demo step "monitoring": the alert scan for the demo year, a few reminders to the principals
of units the scan flagged (some acknowledged), one unit flagged for the quarterly bulletin.

The scan runs as of the demo's today (PACE compares with last year's lines to the same day). If no
quotas exist for the demo year yet (the filings part's demo step sets them; this one only fills
the gap so that the dashboard shows units heading over), the county units get a quota each that
the busiest of them exceed.

Idempotent: the scan is itself (a second run creates, closes and audits nothing); reminders and
fallback quotas are made only when the county has none.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import Count
from django.utils import timezone

from jianfu.core.actor import Actor
from jianfu.core.audit import AuditEntry
from jianfu.filings.models import Quota
from jianfu.ledgers.models import LedgerEntry
from jianfu.monitoring.models import Alert, Reminder
from jianfu.monitoring.services.alerts import alerts_scan
from jianfu.monitoring.services.reminders import (
    reminder_acknowledge,
    reminder_send,
    unit_principals,
)
from jianfu.org.models import Role, UnitKind

from ..context import DemoContext

QUOTA_KIND = {"发文": "document", "办会": "meeting", "督查": "inspection"}
# the units the scan's alerts lead to reminders for, in this order of preference
REMINDED_UNITS = ("QH-NY", "QH-JY", "QH-HK", "QH-CG")


def _scan_day(ctx: DemoContext) -> date:
    """The scan runs as of the demo's today."""
    return ctx.today


def _fallback_quotas(ctx: DemoContext) -> None:
    county = ctx.require_county()
    if Quota.objects.filter(county=county, year=ctx.year).exists():
        return
    rows = (
        LedgerEntry.objects.filter(
            county=county,
            date__year=ctx.year,
            counted=True,
            quota_charged=True,
            kind__in=list(QUOTA_KIND),
            unit__kind__in=(UnitKind.COUNTY, UnitKind.DEPARTMENT),
        )
        .order_by()
        .values("unit_id", "kind")
        .annotate(n=Count("id"))
    )
    rng = ctx.rng("monitoring")
    quotas = []
    for row in sorted(rows, key=lambda r: (r["unit_id"], r["kind"])):
        # most units stay within their quota; about one in seven is over it by December
        factor = rng.choice((0.9, 1.2, 1.3, 1.5, 1.6, 2.0, 2.0))
        quotas.append(
            Quota(
                county=county,
                unit_id=row["unit_id"],
                year=ctx.year,
                kind=QUOTA_KIND[row["kind"]],
                amount=max(1, round(row["n"] * factor)),
            )
        )
    Quota.objects.bulk_create(quotas)
    ctx.count("quotas", len(quotas))
    if quotas:
        ctx.add_audit(
            AuditEntry(
                action="import",
                object_type="filings.quota",
                object_repr=f"演示数额 {ctx.year}",
                after={"quotas": len(quotas)},
                county_id=county.pk,
            )
        )


def _coordinator(ctx: DemoContext):
    for user in ctx.users.values():
        if user.role == Role.COORDINATOR:
            return user
    return None


def _reminders(ctx: DemoContext, day: date) -> None:
    county = ctx.require_county()
    if Reminder.objects.filter(county=county).exists():
        return
    coordinator = _coordinator(ctx)
    if coordinator is None:
        return
    actor = Actor(channel="cli", user=coordinator, username=coordinator.username)
    tz = timezone.get_current_timezone()
    sent = 0
    for index, code in enumerate(REMINDED_UNITS):
        unit = ctx.units.get(code)
        if unit is None or not unit_principals(unit):
            continue
        alert = (
            Alert.objects.filter(county=county, unit=unit, status=Alert.State.OPEN)
            .order_by("rule", "id")
            .first()
        )
        reason = f"（{alert.rule}：{alert.message}）" if alert else ""
        at = timezone.make_aware(
            datetime.combine(day - timedelta(days=7 * (index + 1)), time(9, 30)), tz
        )
        reminder = reminder_send(
            actor=actor,
            unit=unit,
            alert=alert,
            message=f"请贵单位对照减负要求，严格控制发文、会议和督查检查考核数量{reason}。",
            bulletin=index == 0,
            sent_at=at,
        )
        sent += 1
        if index % 2 == 0:  # the first and third principals have acknowledged
            leader = unit_principals(unit)[0]
            reminder_acknowledge(
                actor=Actor(channel="cli", user=leader, username=leader.username),
                reminder=reminder,
            )
    ctx.count("reminders", sent)


def monitoring_ensure(ctx: DemoContext) -> None:
    county = ctx.require_county()
    _fallback_quotas(ctx)
    day = _scan_day(ctx)
    result = alerts_scan(county, day, actor=ctx.actor)
    ctx.count("alerts", result.created)
    _reminders(ctx, day)
