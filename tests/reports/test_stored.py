"""Stored, versioned reports: generate → version n + 1, files with their SHA-256, audit records;
the scheduled jobs (the Huey task functions called directly)."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from pathlib import Path

import pytest
from django.conf import settings

from jianfu.core.actor import Actor
from jianfu.core.models import AuditEvent
from jianfu.reports import tasks
from jianfu.reports.models import Report
from jianfu.reports.periods import parse_period
from jianfu.reports.services.reports import report_file, report_generate
from jianfu.reports.services.schedule import reports_scheduled

from .readers import docx_tables, xlsx_sheets

pytestmark = pytest.mark.django_db


def test_generating_again_makes_the_next_version(county, scene, users):
    actor = Actor.command(users["coordinator"])
    first = report_generate(actor=actor, county=county, period=parse_period("2025-Q3"))
    second = report_generate(actor=actor, county=county, period=parse_period("2025-Q3"))
    other = report_generate(actor=actor, county=county, period=parse_period("2025-08"))
    assert (first.version, second.version, other.version) == (1, 2, 1)
    assert first.status == Report.Status.READY and first.doc_no == "青减负通〔2025〕3号"
    assert first.figures["totals"]["documents"] == 8
    for report in (first, second):
        for fmt in ("docx", "xlsx"):
            relative = getattr(report, f"{fmt}_file")
            assert relative.startswith(f"reports/{county.code}/") and relative.endswith(fmt)
            content = (Path(settings.MEDIA_ROOT) / relative).read_bytes()
            assert hashlib.sha256(content).hexdigest() == getattr(report, f"{fmt}_sha256")
            assert len(content) == getattr(report, f"{fmt}_size")
    assert first.docx_file != second.docx_file
    generated = AuditEvent.objects.filter(action="generate", object_type="reports.report")
    assert generated.count() == 3
    assert generated.order_by("id").first().after["totals"]["documents"] == 8


def test_a_download_is_audited_and_checked_against_its_checksum(county, scene, users):
    actor = Actor.command(users["coordinator"])
    report = report_generate(actor=actor, county=county, period=parse_period("2025-Q3"))
    content = report_file(actor=actor, report=report, fmt="docx")
    assert docx_tables(content)
    assert "各单位" in xlsx_sheets(report_file(actor=actor, report=report, fmt="xlsx"))
    downloads = AuditEvent.objects.filter(action="download", object_id=str(report.pk))
    assert [e.after["format"] for e in downloads.order_by("id")] == ["docx", "xlsx"]
    # a file altered on disk is refused, not served
    (Path(settings.MEDIA_ROOT) / report.docx_file).write_bytes(b"tampered")
    with pytest.raises(ValueError, match="checksum"):
        report_file(actor=actor, report=report, fmt="docx")


def test_the_schedule_generates_the_last_complete_period_once(county, scene):
    made = reports_scheduled("quarterly", today=date(2025, 10, 1))
    assert [(r.period, r.version, r.channel) for r in made] == [("2025-Q3", 1, "job")]
    assert reports_scheduled("quarterly", today=date(2025, 10, 2)) == []
    weekly = reports_scheduled("weekly", today=date(2025, 8, 11))
    assert [r.period for r in weekly] == ["2025-W32"]
    assert weekly[0].generated_by is None and weekly[0].generated_by_name == "定时任务"


def test_the_huey_tasks(county, scene, time_machine):
    time_machine.move_to("2025-10-01 07:30:00+08:00")
    # immediate mode in tests: enqueuing runs the task at once
    tasks.quarterly_bulletin()
    month = tasks.monthly_assessment.call_local()
    week = tasks.weekly_analysis.call_local()
    periods = dict(Report.objects.values_list("kind", "period"))
    assert periods == {"quarterly": "2025-Q3", "monthly": "2025-09", "weekly": "2025-W39"}
    assert month == [Report.objects.get(kind="monthly").pk]
    assert len(week) == 1
    assert tasks.quarterly_bulletin.call_local() == []  # already done by the schedule
    assert tasks.alerts_daily.call_local() == 1  # one county scanned
    # the schedule of each job
    assert tasks.weekly_analysis.s().validate_datetime(datetime(2025, 8, 11, 7, 0))
    assert not tasks.weekly_analysis.s().validate_datetime(datetime(2025, 8, 12, 7, 0))
    assert tasks.monthly_assessment.s().validate_datetime(datetime(2025, 9, 1, 7, 0))
    assert tasks.quarterly_bulletin.s().validate_datetime(datetime(2025, 10, 1, 7, 30))
    assert not tasks.quarterly_bulletin.s().validate_datetime(datetime(2025, 11, 1, 7, 30))
    assert tasks.alerts_daily.s().validate_datetime(datetime(2025, 11, 3, 6, 30))
