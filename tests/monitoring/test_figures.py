"""`report_figures` against a count made directly from the ledger lines."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from jianfu.filings.models import Quota, QuotaAdjustment
from jianfu.ledgers.models import LedgerEntry
from jianfu.monitoring.models import Alert, Reminder
from jianfu.monitoring.selectors.figures import report_figures

from .data import scene

pytestmark = pytest.mark.django_db

START, END = date(2025, 9, 1), date(2025, 9, 30)


def direct_count(county, start, end) -> dict:
    """The definition, written out over the lines (no shared code with the selector)."""
    section = {"发文": "documents", "办会": "meetings", "督查": "inspections"}
    totals = dict.fromkeys(("documents", "meetings", "inspections", "briefs", "emergency"), 0)
    per_unit: dict[str, dict] = {}
    for e in LedgerEntry.objects.filter(county=county).select_related("unit"):
        if not (start <= e.date <= end) or e.unit.kind not in ("county", "department"):
            continue
        if e.kind not in section:
            continue
        figures = per_unit.setdefault(
            e.unit.code, dict.fromkeys(("documents", "meetings", "inspections", "briefs"), 0)
        )
        if e.counted:
            totals[section[e.kind]] += 1
            figures[section[e.kind]] += 1
            if e.category == "应急":
                totals["emergency"] += 1
        elif e.category == "简报" and e.kind == "发文":
            totals["briefs"] += 1
            figures["briefs"] += 1
    return {"totals": totals, "units": per_unit}


def test_figures_agree_with_a_direct_count_of_the_lines(county, units, users):
    scene(units)
    figures = report_figures(county, START, END)
    expected = direct_count(county, START, END)
    totals = dict(figures["totals"])
    assert totals.pop("reminders") == 0
    assert totals == expected["totals"]
    # the sender's line only: two townships received the notice, it counts once
    assert totals == {"documents": 5, "meetings": 2, "inspections": 1, "briefs": 1, "emergency": 1}
    by_unit = {row["unit"]: row for row in figures["units"]}
    for code, counts in expected["units"].items():
        assert {k: by_unit[code][k] for k in counts} == counts
    # townships and higher bodies are no producers; every county unit is listed
    assert set(by_unit) == {"QH-XWB", "QH-NY", "QH-JY"}
    assert by_unit["QH-NY"]["name"] == "县农业农村局"


def test_quota_includes_adjustments_and_used_is_year_to_date(county, units):
    scene(units)
    quota = Quota.objects.create(
        county=county, unit=units["ny"], year=2025, kind="document", amount=10
    )
    QuotaAdjustment.objects.create(
        county=county, quota=quota, delta=3, reason="防汛", approver="县领导"
    )
    Quota.objects.create(county=county, unit=units["ny"], year=2024, kind="meeting", amount=9)
    row = next(r for r in report_figures(county, START, END)["units"] if r["unit"] == "QH-NY")
    assert row["quota"] == {"documents": 13, "meetings": 0, "inspections": 0}
    # used counts from 1 January (the March notice too) and only quota-charged lines
    # (the emergency 明电 is counted but charges no quota)
    charged = LedgerEntry.objects.filter(
        unit=units["ny"], kind="发文", quota_charged=True, date__lte=END
    ).count()
    assert row["used"]["documents"] == charged == 3
    assert row["documents"] == 3  # in September: two notices and the 明电


def test_reminders_in_person_times_and_alerts_of_the_period(county, units, users, make_user):
    make_user("leader_ny2", "leader", "ny")
    sent = timezone.make_aware(timezone.datetime(2025, 9, 10, 9))
    reminder = Reminder.objects.create(
        county=county, unit=units["ny"], message="注意数额", sent_at=sent, recipient_count=2
    )
    Reminder.objects.create(
        county=county,
        unit=units["ny"],
        message="八月",
        sent_at=timezone.make_aware(timezone.datetime(2025, 8, 10, 9)),
        recipient_count=2,
    )
    assert reminder.pk
    Alert.objects.create(
        county=county,
        unit=units["ny"],
        rule="QUOTA-80",
        message="发文数额已用 80%",
        key="a",
        year=2025,
        first_seen=date(2025, 9, 2),
        last_seen=date(2025, 9, 9),
    )
    Alert.objects.create(
        county=county,
        unit=units["jy"],
        rule="PACE",
        message="old",
        key="b",
        year=2025,
        first_seen=date(2025, 7, 1),
        last_seen=date(2025, 8, 1),
    )
    figures = report_figures(county, START, END)
    assert figures["totals"]["reminders"] == 2
    row = next(r for r in figures["units"] if r["unit"] == "QH-NY")
    assert row["reminders"] == 2
    assert figures["alerts"] == [
        {"unit": "QH-NY", "rule": "QUOTA-80", "message": "发文数额已用 80%"}
    ]
