"""QA findings: filings tabs by role, the accuracy page without ledger.compare, ISO dates in the
comparison form, .nowrap in the base CSS only, alert codes in words in texts users read."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse

from jianfu.core.actor import Actor
from jianfu.ledgers.compare.forms import CompareForm, RederiveForm
from jianfu.ledgers.compare.service import hand_ledger_compare
from jianfu.monitoring.labels import RULE_LABELS, alert_label, reminder_text
from jianfu.monitoring.models import Alert, Reminder
from jianfu.reports.periods import parse_period
from jianfu.reports.selectors.data import named_units
from tests.filings_flow.factories import make_filing
from tests.filings_flow.helpers import submit
from tests.ledgers_compare import scenario

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
TABS = {
    "tab-items": "filings:index",
    "tab-inbox": "filings:inbox",
    "tab-quotas": "filings:quotas",
    "tab-plans": "filings:plans",
    "tab-unfiled": "filings:unfiled",
    "tab-routes": "filings:routes",
    "tab-verify": "filings:verify",
}
SHOWN = {
    "clerk_ny": {"tab-items", "tab-quotas", "tab-plans", "tab-unfiled", "tab-verify"},
    "leader_ny": {"tab-items", "tab-inbox", "tab-quotas", "tab-plans", "tab-unfiled", "tab-verify"},
    "coordinator": set(TABS),
    "approver": set(TABS) - {"tab-routes"},
    "inspector": {"tab-items", "tab-quotas", "tab-plans", "tab-unfiled", "tab-verify"},
}


@pytest.mark.parametrize("who", sorted(SHOWN))
@pytest.mark.parametrize("page", ["filings:index", "filings:quotas", "filings:unfiled"])
def test_the_filings_tabs_show_what_the_role_may_open(client, users, stages_ready, who, page):
    client.force_login(users[who])
    body = client.get(reverse(page)).content.decode()
    shown = set(re.findall(r'data-testid="(tab-[a-z]+)"', body))
    assert shown == SHOWN[who]
    for testid in shown:  # every tab shown opens for the role
        assert client.get(reverse(TABS[testid])).status_code == 200


@pytest.fixture
def stages_ready(county):
    from jianfu.filings.services.stages import approval_stages_ensure_default

    approval_stages_ensure_default(county)
    return county


def test_the_inbox_tab_counts_what_waits_for_the_user(client, users, units, stages_ready):
    for n in range(2):
        submit(make_filing(units["ny"], title=f"会议{n}", created_by=users["clerk_ny"]),
               users["clerk_ny"])  # fmt: skip
    client.force_login(users["leader_ny"])
    body = client.get(reverse("filings:index")).content.decode()
    assert re.search(r'data-testid="inbox-count">2<', body)
    client.force_login(users["coordinator"])  # stage 2: nothing waits yet
    body = client.get(reverse("filings:index")).content.decode()
    assert 'data-testid="tab-inbox"' in body and 'data-testid="inbox-count"' not in body


def test_the_public_verify_page_has_no_tabs_and_logged_in_it_does(client, users):
    assert 'data-testid="filing-tabs"' not in client.get(reverse("filings:verify")).content.decode()
    client.force_login(users["clerk_hk"])
    body = client.get(reverse("filings:verify")).content.decode()
    assert 'class="active" data-testid="tab-verify"' in body


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_accuracy_page_without_compare_permission_has_no_forbidden_links(client, users, units,
                                                                          media):  # fmt: skip
    result = hand_ledger_compare(
        actor=Actor.command(),
        unit=units["hk"],
        data=scenario.build(units),
        filename="河口乡3月统计台账.xlsx",
        date_from=scenario.START,
        date_to=scenario.END,
    )
    client.force_login(users["approver"])  # ledger.accuracy without ledger.compare
    body = client.get(reverse("ledgers:compare_accuracy")).content.decode()
    assert "45.5%" in body
    assert reverse("ledgers:compare") + '"' not in body
    assert reverse("ledgers:compare_result", args=[result.pk]) not in body
    for href in set(re.findall(r'href="(/ledgers/[^"?#]*)', body)):
        assert client.get(href).status_code != 403, href
    client.force_login(users["coordinator"])
    body = client.get(reverse("ledgers:compare_accuracy")).content.decode()
    assert reverse("ledgers:compare_result", args=[result.pk]) in body


def test_comparison_dates_render_as_iso(units):
    form = CompareForm(initial={"date_from": date(2026, 1, 1), "date_to": date(2026, 3, 31)})
    html = str(form["date_from"]) + str(form["date_to"])
    assert 'value="2026-01-01"' in html and 'value="2026-03-31"' in html
    rederive = RederiveForm(initial={"date_from": date(2026, 1, 1)})
    assert 'value="2026-01-01"' in str(rederive["date_from"])


def test_compare_page_dates_are_iso(client, users):
    client.force_login(users["clerk_hk"])
    body = client.get(reverse("ledgers:compare")).content.decode()
    values = re.findall(r'type="date"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*type="date"', body)
    found = [a or b for a, b in values]
    assert found and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", v) for v in found)


def test_nowrap_lives_in_the_base_css_only():
    base = (ROOT / "jianfu/web/static/web/jianfu.css").read_text(encoding="utf-8")
    assert ".nowrap { white-space: nowrap; }" in base
    assert "table.list + h2" in base
    nowrap = re.compile(r"^\.nowrap\s*\{", re.M)
    css = (ROOT / "jianfu").glob("*/static/*/*.css")
    copies = [p for p in css if p.name != "jianfu.css" and nowrap.search(p.read_text("utf-8"))]
    assert copies == []


def test_alert_codes_read_as_words():
    assert alert_label("EVASION") == "规避统计"
    assert alert_label("QUOTA-100") == "数额使用达 100%"
    assert alert_label("L-M-2") == "会议超时 L-M-2"
    assert alert_label("N-I-03") == "N-I-03"
    for code in RULE_LABELS:
        assert not re.fullmatch(r"[A-Z-]+\d*", alert_label(code).split(" ")[0])
    alert = Alert(rule="EVASION", message="县教育局近 90 天正式发文 2 件……")
    text = reminder_text(alert)
    assert "规避统计" in text and "EVASION" not in text and "近 90 天" not in text
    assert len(text) < 40 and text.endswith("。")


def test_the_bulletin_names_own_codes_in_words(county, units):
    alert = Alert.objects.create(
        county=county,
        unit=units["jy"],
        rule="EVASION",
        message="县教育局近 90 天正式发文 2 件",
        key="EVASION:QH-JY:1",
        year=2025,
        bulletin=True,
        first_seen=date(2025, 9, 1),
        last_seen=date(2025, 9, 25),
    )
    rows = {r["unit"]: r["reasons"] for r in named_units(county, parse_period("2025-Q3"), [])}
    text = "；".join(rows[units["jy"].code])
    assert "EVASION" not in text and "（规避统计）" in text
    assert Reminder.objects.count() == 0 and alert.pk


def test_the_reminder_form_is_prefilled_with_a_short_sentence(client, county, units, users):
    alert = Alert.objects.create(
        county=county,
        unit=units["ny"],
        rule="EVASION",
        message="县农业农村局近 90 天正式发文 2 件，而白头文件、便函、简报等 7 件",
        key="EVASION:QH-NY:1",
        year=2025,
        first_seen=date(2025, 9, 1),
        last_seen=date(2025, 9, 25),
    )
    client.force_login(users["coordinator"])
    url = reverse("monitoring:unit", args=[units["ny"].pk])
    form = client.get(url, {"alert": alert.pk}).context["form"]
    assert form.initial["message"] == "贵单位出现“规避统计”预警，请对照减负要求及时整改。"
    assert client.get(url).context["form"].initial["message"] == ""
    body = client.get(url, {"alert": alert.pk}).content.decode()
    assert ">规避统计<" in body and ">EVASION<" not in body
