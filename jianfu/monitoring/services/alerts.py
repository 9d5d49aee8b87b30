"""The alert scan: find what the rules raise today and upsert it (idempotent on `key`).

`alerts_scan(county, today)` is what `jianfu alerts_scan` and the periodic job call. An alert
found again keeps its row (last_seen moves on, the reason and figures are refreshed); an open
alert of the scanned year or an earlier one that is no longer found is closed (so last year's
quota alerts close with the first scan of the new year; a later year's are left alone).
One audit record per scan that created or closed anything (`generate`), none when nothing
changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from jianfu.core.actor import Actor
from jianfu.core.audit import AuditEntry, audit_record_many
from jianfu.org.models import County

from ..models import Alert
from ..selectors.findings import Finding, all_findings


@dataclass
class ScanResult:
    county: County
    today: date
    created: int = 0
    updated: int = 0
    closed: int = 0
    findings: list[Finding] = field(default_factory=list)

    def as_dict(self) -> dict:
        by_rule: dict[str, int] = {}
        for f in self.findings:
            by_rule[f.rule] = by_rule.get(f.rule, 0) + 1
        codes = dict(self.county.units.values_list("pk", "code"))
        return {
            "county": self.county.code,
            "date": self.today.isoformat(),
            "created": self.created,
            "updated": self.updated,
            "closed": self.closed,
            "open": len(self.findings),
            "by_rule": dict(sorted(by_rule.items())),
            "alerts": [
                {
                    "unit": codes.get(f.unit_id, ""),
                    "rule": f.rule,
                    "key": f.key,
                    "message": f.message,
                }
                for f in self.findings
            ],
        }


# what a scan refreshes on an alert it finds again (closed_on follows status)
REFRESHED = ("rule", "message", "figures", "link", "status", "last_seen", "first_seen")


def _refreshed(alert: Alert) -> tuple:
    return tuple(getattr(alert, name) for name in REFRESHED)


def alerts_scan(county: County, today: date, *, actor: Actor | None = None) -> ScanResult:
    """Raise, refresh and close the county's alerts as of `today`."""
    findings = list({f.key: f for f in all_findings(county, today)}.values())
    result = ScanResult(county=county, today=today, findings=findings)
    keys = [f.key for f in findings]
    with transaction.atomic():
        existing = {
            a.key: a for a in Alert.objects.select_for_update().filter(county=county, key__in=keys)
        }
        new, changed = [], []
        for f in findings:
            alert = existing.get(f.key)
            if alert is None:
                new.append(
                    Alert(
                        county=county,
                        unit_id=f.unit_id,
                        rule=f.rule,
                        message=f.message[:500],
                        key=f.key,
                        year=today.year,
                        figures=f.figures,
                        link=f.link[:300],
                        first_seen=today,
                        last_seen=today,
                    )
                )
                continue
            before = _refreshed(alert)
            alert.rule, alert.message, alert.figures = f.rule, f.message[:500], f.figures
            alert.link = f.link[:300]
            alert.status, alert.closed_on = Alert.State.OPEN, None
            alert.last_seen = max(alert.last_seen, today)
            alert.first_seen = min(alert.first_seen, today)
            if _refreshed(alert) != before:
                changed.append(alert)
        Alert.objects.bulk_create(new, ignore_conflicts=True)
        Alert.objects.bulk_update(changed, [*REFRESHED, "closed_on"])
        result.closed = (
            Alert.objects.filter(
                county=county,
                year__lte=today.year,
                status=Alert.State.OPEN,
                first_seen__lte=today,
            )
            .exclude(key__in=keys)
            .update(status=Alert.State.CLOSED, closed_on=today)
        )
        result.created, result.updated = len(new), len(changed)
        # every change is audited, a refreshed reason included: the dashboard's cached page
        # (monitoring.selectors.cache) is current until the next audited write
        if result.created or result.updated or result.closed:
            audit_record_many(
                actor or Actor.system("alerts_scan"),
                [
                    AuditEntry(
                        action="generate",
                        object_type="monitoring.alert",
                        object_id=f"scan:{today.isoformat()}",
                        object_repr=f"预警扫描 {today.isoformat()}",
                        after={
                            "created": result.created,
                            "updated": result.updated,
                            "closed": result.closed,
                            "open": len(findings),
                        },
                        county_id=county.pk,
                    )
                ],
            )
    return result


def alerts_scan_all(today: date | None = None, *, actor: Actor | None = None) -> list[ScanResult]:
    """Every county, as the periodic job does it (today in the project's time zone)."""
    from django.utils import timezone

    day = today or timezone.localdate()
    return [alerts_scan(c, day, actor=actor) for c in County.objects.order_by("code")]
