"""Demo step "reports": the last quarter's bulletin (每季一通报) and the last week's analysis
(每周一分析) of the demo county complete before the demo's today, as the schedule would have made
them (so that the 通报 page has something to open and download).

Idempotent: a report of that kind and period already stored is left alone (a second run creates
nothing and records nothing). The report service records its own "generate" audit entries.
"""

from __future__ import annotations

from datetime import date

from jianfu.reports.models import Report
from jianfu.reports.periods import QUARTERLY, WEEKLY, last_complete
from jianfu.reports.services.reports import report_generate

from ..context import DemoContext


def demo_report_day(ctx: DemoContext) -> date:
    """The demo's today: its last complete week and quarter are reported."""
    return ctx.today


def reports_ensure(ctx: DemoContext) -> None:
    county = ctx.require_county()
    today = demo_report_day(ctx)
    for kind in (QUARTERLY, WEEKLY):
        period = last_complete(kind, today)
        if Report.objects.filter(county=county, kind=kind, period=period.code).exists():
            continue
        report_generate(actor=ctx.actor, county=county, period=period)
        ctx.count("reports", 1)
