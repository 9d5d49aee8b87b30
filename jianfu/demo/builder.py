"""The demo builder: an ordered list of idempotent steps run in one transaction.

A step is a function `step(ctx: DemoContext) -> None` that compares what the database holds with
what the demo wants and inserts only what is missing (bulk, never row by row), then tells the
context what it created (`ctx.record_created` or `ctx.count` + `ctx.add_audit`). The builder
writes the steps' audit records with one `audit_record_many` call at the end (a service a step
calls, such as the rule set's, records its own), so a second run that finds everything in place
creates no rows and no audit records.

Later parts of the demo ("a year of data": ledgers, filings, quotas …) add a module under
`jianfu/demo/steps/` and a `DemoStep` to `STEPS` in `jianfu/demo/steps/__init__.py`. They find
the county in `ctx.county`, units by demo code in `ctx.units`, users in `ctx.users`, the day the
demo lives in in `ctx.today` (its year in `ctx.year`: this year's data runs up to today, planned
items after it) and deterministic randomness in `ctx.rng("<step name>")`.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Count, Max

from jianfu.core.actor import Actor
from jianfu.core.audit import audit_record_many
from jianfu.core.models import AuditEvent
from jianfu.org.models import County, Unit, UnitAlias, User

from .context import DemoContext, DemoStep
from .steps import STEPS

__all__ = ["STEPS", "DemoContext", "DemoResult", "DemoStep", "demo_build", "demo_totals"]


@dataclass(frozen=True)
class DemoResult:
    county: str
    created: dict[str, int]
    audit_records: int
    seconds: float

    @property
    def changed(self) -> bool:
        return any(self.created.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "county": self.county,
            "created": dict(self.created),
            "audit_records": self.audit_records,
            "seconds": round(self.seconds, 3),
        }


def demo_build(
    *, actor: Actor, steps: Sequence[DemoStep] = STEPS, today: date | None = None
) -> DemoResult:
    """Build the demo county, inserting only what is missing. One transaction, one audit batch.

    The demo lives in `today` (default: `JIANFU_DEMO_TODAY` or the real date): this year's data
    up to it, last year's county lines in full."""
    started = time.perf_counter()
    ctx = DemoContext(actor=actor) if today is None else DemoContext(actor=actor, today=today)
    with transaction.atomic():
        last_audit_id = AuditEvent.objects.aggregate(m=Max("id"))["m"] or 0
        for step in steps:
            ctx.created.setdefault(step.name, 0)
            step.run(ctx)
        audit_record_many(actor, ctx.audit_entries)
        # services a step calls (the rule set's) may write their own records as well
        audit_records = AuditEvent.objects.filter(id__gt=last_audit_id).count()
    county = ctx.require_county()
    created = dict(ctx.created)
    return DemoResult(county.code, created, audit_records, time.perf_counter() - started)


def demo_totals(county_code: str) -> dict[str, Any]:
    """What the county holds now: units by kind, users by role, aliases. Reads only."""
    county = County.objects.get(code=county_code)

    def grouped(queryset, key: str) -> dict[str, int]:
        rows = queryset.values(key).annotate(n=Count("pk")).order_by(key)
        return {row[key]: row["n"] for row in rows}

    return {
        "units": grouped(Unit.objects.filter(county=county), "kind"),
        "users": grouped(User.objects.filter(county=county), "role"),
        "aliases": UnitAlias.objects.filter(county=county).count(),
    }
