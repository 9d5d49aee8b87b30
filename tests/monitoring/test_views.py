"""The monitoring pages: the dashboard's numbers and links, scoping (a unit user sees only its
own unit; another unit's pages are 404), sending and acknowledging reminders, exports, the
burden model form."""

from __future__ import annotations

import io
import json
import re
from datetime import date

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from jianfu.core.models import AuditEvent
from jianfu.filings.models import Quota
from jianfu.monitoring.models import Alert, BurdenModel, Reminder
from jianfu.monitoring.services.alerts import alerts_scan
from jianfu.monitoring.services.burden import EDITABLE_FIELDS

from .data import scene

pytestmark = pytest.mark.django_db

PERIOD = {"start": "2025-09-01", "end": "2025-09-30"}


@pytest.fixture
def world(county, units, users):
    scene(units)
    Quota.objects.create(county=county, unit=units["ny"], year=2025, kind="document", amount=3)
    alerts_scan(county, date(2025, 9, 30))
    return units


def chart_data(response) -> dict:
    html = response.content.decode()
    match = re.search(r'<script id="dashboard-data" type="application/json">(.*?)</script>', html)
    return json.loads(match.group(1))


def test_the_coordinator_sees_the_county(client, users, world):
    client.force_login(users["coordinator"])
    response = client.get(reverse("monitoring:dashboard"), PERIOD)
    assert response.status_code == 200
    ctx = response.context
    assert ctx["totals"]["documents"] == 5 and ctx["totals"]["meetings"] == 2
    # ranked: 农业农村局 is heading over (3 of 3 used by September) and comes first
    assert ctx["rows"][0]["unit"] == "QH-NY" and ctx["rows"][0]["heading_over"]
    assert [r["unit"] for r in ctx["heading_over"]] == ["QH-NY"]
    html = response.content.decode()
    # every number drills down to the ledger lines behind it
    ny = world["ny"].pk
    assert f"/ledgers/?unit={ny}&amp;kind=%E5%8F%91%E6%96%87&amp;from=2025-09-01" in html
    assert "QUOTA-100" in html and "预计超额" in html
    # the chart's data and its table: 3 units, two observation points with burden hours
    data = chart_data(response)
    assert data["units"]["names"][0] == "县农业农村局"
    assert data["burden"]["names"] == ["城关镇", "河口乡"]
    assert all(h > 0 for h in data["burden"]["hours"])
    points = {p["unit"]: p for p in ctx["burden"]["points"]}
    assert points["QH-HK"]["totals"]["documents"] == 2
    assert points["QH-HK"]["totals"]["meeting_hours"] == 1.5
    senders = {s["name"]: s for s in points["QH-HK"]["senders"]}
    assert senders["县农业农村局"]["meetings"] == 1 and senders["县委办公室"]["documents"] == 1


def test_a_unit_user_sees_only_its_own_unit(client, users, world):
    client.force_login(users["clerk_jy"])
    response = client.get(reverse("monitoring:dashboard"), PERIOD)
    assert response.status_code == 200
    assert [r["unit"] for r in response.context["rows"]] == ["QH-JY"]
    assert response.context["totals"]["documents"] == 1
    assert "县农业农村局" not in response.content.decode().split("dashboard-data")[0]
    assert not list(response.context["alerts"])  # the QUOTA alert is 农业农村局's
    # another unit's page, alert and reminder are 404
    assert client.get(reverse("monitoring:unit", args=[world["ny"].pk])).status_code == 404
    assert client.get(reverse("monitoring:unit", args=[world["jy"].pk])).status_code == 200
    alerts = client.get(reverse("monitoring:alerts")).context["page_obj"].object_list
    assert list(alerts) == []


def test_send_a_reminder_from_the_unit_page_and_the_leader_acknowledges(client, users, world):
    alert = Alert.objects.get(rule="QUOTA-100")
    client.force_login(users["coordinator"])
    page = client.get(reverse("monitoring:unit", args=[world["ny"].pk]), {"alert": alert.pk})
    assert page.status_code == 200 and "leader_ny" in page.content.decode()
    # an empty message keeps the page with the error next to the field
    bad = client.post(
        reverse("monitoring:remind", args=[world["ny"].pk]), {"message": "", "alert": alert.pk}
    )
    assert bad.status_code == 400 and "请填写提醒内容" in bad.content.decode()
    response = client.post(
        reverse("monitoring:remind", args=[world["ny"].pk]),
        {"message": "发文数额已用完，请严格控制。", "alert": alert.pk, "bulletin": "on"},
    )
    assert response.status_code == 302
    reminder = Reminder.objects.get()
    assert reminder.alert == alert and reminder.bulletin and reminder.recipient_count == 1
    # the clerk of 农业农村局 sees it but cannot acknowledge; the leader can
    client.force_login(users["clerk_ny"])
    assert client.get(reverse("monitoring:reminders")).context["total"] == 1
    assert client.post(reverse("monitoring:reminder_ack", args=[reminder.pk])).status_code == 403
    client.force_login(users["clerk_jy"])
    assert client.get(reverse("monitoring:reminders")).context["total"] == 0
    client.force_login(users["leader_ny"])
    page = client.get(reverse("monitoring:reminders"))
    assert "确认收到" in page.content.decode()
    client.post(reverse("monitoring:reminder_ack", args=[reminder.pk]))
    reminder.refresh_from_db()
    assert reminder.acknowledged_by == users["leader_ny"]
    # the dashboard counts it: 1 人次 for 农业农村局 on the day it was sent
    client.force_login(users["coordinator"])
    today = timezone.localdate(reminder.sent_at).isoformat()  # the county's day, not UTC's
    row = next(
        r
        for r in client.get(
            reverse("monitoring:dashboard"), {"start": today, "end": today}
        ).context["rows"]
        if r["unit"] == "QH-NY"
    )
    assert row["reminders"] == 1


def test_a_reminder_to_another_units_alert_is_refused(client, users, world):
    alert = Alert.objects.get(rule="QUOTA-100")  # 农业农村局's
    client.force_login(users["coordinator"])
    response = client.post(
        reverse("monitoring:remind", args=[world["jy"].pk]), {"message": "x", "alert": alert.pk}
    )
    assert response.status_code == 404
    assert not Reminder.objects.exists()


def test_alerts_list_filters_and_bulletin_flag(client, users, world):
    client.force_login(users["coordinator"])
    response = client.get(reverse("monitoring:alerts"), {"rule": "QUOTA-100"})
    assert response.context["total"] == 1
    alert = Alert.objects.get(rule="QUOTA-100")
    client.post(reverse("monitoring:alert_bulletin", args=[alert.pk]), {"bulletin": "1"})
    alert.refresh_from_db()
    assert alert.bulletin
    assert client.get(reverse("monitoring:alerts"), {"bulletin": "1"}).context["total"] == 1
    export = client.get(reverse("monitoring:alerts_export"))
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("单位", "规则", "预警内容")
    assert any(r[1] == "QUOTA-100" and r[4] == "是" for r in rows[1:])


def test_dashboard_export_opens_with_the_figures(client, users, world):
    client.force_login(users["coordinator"])
    response = client.get(reverse("monitoring:dashboard_export"), PERIOD)
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[1]
    ny = next(r for r in rows[2:] if r[1] == "QH-NY")
    assert ny[header.index("发文")] == 3 and ny[header.index("发文数额")] == 3
    assert AuditEvent.objects.filter(action="export", object_type="monitoring.dashboard").exists()


def test_the_coordinator_edits_the_burden_model(client, users, world, county):
    client.force_login(users["clerk_ny"])
    assert client.get(reverse("monitoring:burden")).status_code == 403
    client.force_login(users["coordinator"])
    page = client.get(reverse("monitoring:burden"))
    assert page.status_code == 200
    defaults = BurdenModel(county=county)
    values = {name: getattr(defaults, name) for name in EDITABLE_FIELDS}
    bad = client.post(reverse("monitoring:burden"), {**values, "inspection_staff": "两"})
    assert bad.status_code == 200 and bad.context["form"].errors
    assert "两" in bad.content.decode()  # what was typed stays
    client.post(reverse("monitoring:burden"), {**values, "inspection_staff": 5})
    assert BurdenModel.objects.get(county=county).inspection_staff == 5
    assert AuditEvent.objects.filter(action="config").exists()
    hours = client.get(reverse("monitoring:dashboard"), PERIOD).context["burden"]["points"]
    # one inspection per township: 1 day × 4 h × 5 staff + 6 h materials
    hk = next(p for p in hours if p["unit"] == "QH-HK")
    assert hk["senders"][0]["hours"] >= 26


def shown_total(response, section: str) -> int:
    """The figure on the dashboard's tile, as the reader sees it."""
    match = re.search(rf'data-testid="total-{section}">(\d+)<', response.content.decode())
    assert match, f"no {section} tile"
    return int(match.group(1))


def test_figures_are_cached_between_writes_and_recomputed_after_one(
    client, users, world, county, django_assert_max_num_queries
):
    from jianfu.core.actor import Actor
    from jianfu.ledgers.classify import LineInput
    from jianfu.ledgers.services.entries import ledger_entry_create

    client.force_login(users["coordinator"])
    first = client.get(reverse("monitoring:dashboard"), PERIOD)
    assert first.context["totals"]["documents"] == shown_total(first, "documents") == 5
    with django_assert_max_num_queries(8):  # the page body is cached: no GROUP BY, no alerts
        again = client.get(reverse("monitoring:dashboard"), PERIOD)
    assert shown_total(again, "documents") == 5
    assert "totals" not in again.context  # served from the cache, not computed
    ledger_entry_create(
        actor=Actor(channel="web", user=users["clerk_ny"], username="clerk_ny"),
        unit=world["ny"],
        line=LineInput(
            kind="发文",
            date=date(2025, 9, 26),
            title="关于做好冬季农业生产的通知",
            counterpart="各乡镇（街道）",
        ),
    )
    after = client.get(reverse("monitoring:dashboard"), PERIOD)
    assert after.context["totals"]["documents"] == shown_total(after, "documents") == 6


def test_the_cached_page_follows_alerts_and_the_viewers_rights(client, users, world, county):
    """A scan that raises an alert is a write: the next read shows it. Users who see other
    units, or have other rights, never get each other's cached page."""
    from django.core.cache import cache

    open_alerts = Alert.objects.filter(county=county, status="open").count()
    assert open_alerts > 0
    Alert.objects.filter(county=county).delete()  # as if never raised
    cache.clear()
    client.force_login(users["coordinator"])
    before = client.get(reverse("monitoring:dashboard"), PERIOD).content.decode()
    assert 'data-testid="alerts-count">0<' in before and before.count('data-testid="unit-row"') == 3
    alerts_scan(county, date(2025, 9, 30))  # raises them again: an audited write
    after = client.get(reverse("monitoring:dashboard"), PERIOD).content.decode()
    assert f'data-testid="alerts-count">{open_alerts}<' in after

    client.force_login(users["clerk_jy"])  # 教育局's clerk: one unit, no reminders
    own = client.get(reverse("monitoring:dashboard"), PERIOD).content.decode()
    assert own.count('data-testid="unit-row"') == 1
    assert "县农业农村局" not in own.split("dashboard-data")[0]


def test_a_township_sees_what_it_received_and_nobody_elses(client, users, world):
    client.force_login(users["clerk_hk"])
    response = client.get(reverse("monitoring:dashboard"), PERIOD)
    assert response.context["rows"] == []
    points = response.context["burden"]["points"]
    assert [p["unit"] for p in points] == ["QH-HK"]
    assert points[0]["totals"]["inspections"] == 1
    assert "您的数据范围内没有县级机关或县直部门" in response.content.decode()
    assert client.get(reverse("monitoring:unit", args=[world["cg"].pk])).status_code == 404
    page = client.get(reverse("monitoring:unit", args=[world["hk"].pk]), PERIOD)
    assert "受检 1 次" in page.content.decode()


def test_a_rule_change_inside_the_compared_year_is_said_to_be_one(client, users, world, county):
    """上年同期 against this year: when a new rule-set version took effect in between, the page
    says that part of the change is a reclassification, with the lines it moved."""
    from jianfu.core.actor import Actor
    from jianfu.rules.data import default_rules_text
    from jianfu.rules.services import ruleset_ensure_default, ruleset_import

    ruleset_ensure_default(county)
    client.force_login(users["coordinator"])
    page = client.get(reverse("monitoring:dashboard"), PERIOD).content.decode()
    assert 'data-testid="criteria-changes"' not in page  # one version only: nothing changed
    text = default_rules_text().replace(
        "commendation_words: [表彰, 奖励, 通报表扬, 嘉奖, 记功]",
        "commendation_words: [奖励, 通报表扬, 嘉奖, 记功]",
    )
    ruleset_import(
        actor=Actor.command(), county=county, yaml_text=text, effective_from=date(2025, 6, 1)
    )
    page = client.get(reverse("monitoring:dashboard"), PERIOD).content.decode()
    assert 'data-testid="criteria-changes"' in page
    assert "自 2025-06-01 起生效" in page and "不是真实的减负或增负" in page
    # a year later both compared spans are under the new version: nothing to say
    period = {"start": "2026-09-01", "end": "2026-09-30"}
    later = client.get(reverse("monitoring:dashboard"), period)
    assert later.status_code == 200 and later.context["criteria_changes"] == []
