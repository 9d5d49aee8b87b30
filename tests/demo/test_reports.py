"""The demo's reports: last quarter's bulletin and last week's analysis of the demo year; a
second run adds nothing and writes no audit record; the bulletin names the unit the monitoring
step flagged and its figures are those of `jianfu report --json`."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from jianfu.core.actor import Actor
from jianfu.core.models import AuditEvent
from jianfu.demo.builder import demo_build
from jianfu.demo.steps import STEPS
from jianfu.monitoring.models import Alert
from jianfu.reports.models import Report
from tests.demo.today import DEMO_YEAR

pytestmark = pytest.mark.django_db


def test_the_demo_reports(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    before = tuple(s for s in STEPS if s.name != "reports")
    (step,) = (s for s in STEPS if s.name == "reports")
    demo_build(actor=Actor.command(), steps=before)
    first = demo_build(actor=Actor.command(), steps=(*before, step))
    assert first.created["reports"] == 2
    reports = {r.kind: r for r in Report.objects.all()}
    # the last complete quarter and week before the demo's today (Thursday 20 November)
    assert reports["quarterly"].period == f"{DEMO_YEAR}-Q3"
    assert reports["weekly"].period == f"{DEMO_YEAR}-W46"
    bulletin = reports["quarterly"]
    assert bulletin.status == Report.Status.READY and bulletin.version == 1
    assert (settings.MEDIA_ROOT / bulletin.docx_file).is_file()
    flagged = Alert.objects.filter(bulletin=True).values_list("unit__code", flat=True)
    assert set(flagged) <= {n["unit"] for n in bulletin.figures["named"]}
    out = io.StringIO()
    call_command("report", "quarterly", "--period", bulletin.period, "--format", "json",
                 stdout=out, stderr=io.StringIO())  # fmt: skip
    printed = json.loads(out.getvalue())
    assert printed["totals"] == bulletin.figures["totals"]
    assert printed["units"] == bulletin.figures["units"]

    reports_count, audits = Report.objects.count(), AuditEvent.objects.count()
    second = demo_build(actor=Actor.command(), steps=(*before, step))
    assert not second.created.get("reports")
    assert (Report.objects.count(), AuditEvent.objects.count()) == (reports_count, audits)
