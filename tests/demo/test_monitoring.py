"""The demo's monitoring: the alert scan for the demo year, reminders to principals (some
acknowledged), one unit flagged for the bulletin; a second run adds nothing and writes no audit
record; the dashboard shows units heading over."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jianfu.core.actor import Actor
from jianfu.core.models import AuditEvent
from jianfu.demo.builder import demo_build
from jianfu.demo.ledger_previous import GROWTH_UNITS
from jianfu.demo.steps import STEPS
from jianfu.filings.models import Quota
from jianfu.monitoring.models import Alert, Reminder
from jianfu.org.models import User
from tests.demo.today import DEMO_YEAR

pytestmark = pytest.mark.django_db

NEEDED = {"county", "units", "aliases", "users", "assignments", "rules", "ledgers", "supervision",
          "monitoring"}  # fmt: skip


def test_the_demo_monitoring_is_complete_and_idempotent(client):
    steps = tuple(s for s in STEPS if s.name in NEEDED or s.name.startswith("filings"))
    first = demo_build(actor=Actor.command(), steps=steps)
    assert first.created["reminders"] == 4
    rules = set(Alert.objects.values_list("rule", flat=True))
    assert {"QUOTA-80", "QUOTA-100", "UNFILED", "TASK-OVERDUE", "PACE", "L-I-1"} <= rules
    assert any(rule.startswith("N-") for rule in rules)  # negative-list hits on approved filings
    # PACE: the units that grew (ledger_previous.GROWTH_UNITS) run above last year's pace
    paced = set(Alert.objects.filter(rule="PACE").values_list("unit__code", flat=True))
    assert set(GROWTH_UNITS) <= paced and len(paced) <= len(GROWTH_UNITS) + 2
    assert all(a.message and a.rule for a in Alert.objects.all())
    assert Quota.objects.filter(year=DEMO_YEAR).exists()
    reminders = Reminder.objects.all()
    assert reminders.filter(acknowledged_at__isnull=False).count() == 2
    assert reminders.filter(acknowledged_at__isnull=True).count() == 2
    assert reminders.filter(bulletin=True).count() == 1
    assert Alert.objects.filter(bulletin=True).count() == 1
    assert {r.sent_at.year for r in reminders} == {DEMO_YEAR}

    alerts, audits = Alert.objects.count(), AuditEvent.objects.count()
    second = demo_build(actor=Actor.command(), steps=steps)
    assert not any(second.created.values())
    assert (Alert.objects.count(), AuditEvent.objects.count()) == (alerts, audits)
    assert Reminder.objects.count() == 4

    client.force_login(User.objects.filter(role="coordinator").first())
    response = client.get(reverse("monitoring:dashboard"))
    assert response.status_code == 200
    assert response.context["period"].end.year == DEMO_YEAR
    assert response.context["heading_over"]
