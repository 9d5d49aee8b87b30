"""GET /api/v1/monitoring/figures: the same figures as the dashboard and the reports, scoped."""

from __future__ import annotations

from datetime import date

import pytest

from jianfu.api.tokens import api_token_create
from jianfu.core.actor import Actor
from jianfu.monitoring.selectors.figures import report_figures

from .data import scene

pytestmark = pytest.mark.django_db

URL = "/api/v1/monitoring/figures"
PERIOD = {"start": "2025-09-01", "end": "2025-09-30"}


def test_the_county_office_reads_the_figures_of_report_figures(client, county, units, users):
    scene(units)
    client.force_login(users["coordinator"])
    body = client.get(URL, PERIOD).json()
    expected = report_figures(county, date(2025, 9, 1), date(2025, 9, 30))
    assert body["period"] == {"start": "2025-09-01", "end": "2025-09-30"}
    assert body["totals"] == expected["totals"]
    assert body["units"] == expected["units"]
    assert body["totals"]["documents"] == 5


def test_a_unit_sees_its_own_figures_and_a_token_its_own_unit(client, county, units, users):
    scene(units)
    client.force_login(users["clerk_jy"])
    body = client.get(URL, PERIOD).json()
    assert [u["unit"] for u in body["units"]] == ["QH-JY"]
    assert body["totals"]["documents"] == 1 and body["totals"]["meetings"] == 1
    client.logout()
    token = api_token_create(actor=Actor.command(users["sysadmin"]), unit=units["ny"], name="OA")
    body = client.get(URL, PERIOD, HTTP_AUTHORIZATION=f"Bearer {token.plaintext}").json()
    assert [u["unit"] for u in body["units"]] == ["QH-NY"]
    assert body["totals"]["documents"] == 3


def test_refusals(client, users, units):
    assert client.get(URL).status_code == 401
    client.force_login(users["sysadmin"])
    assert client.get(URL).status_code == 403
    client.force_login(users["coordinator"])
    assert client.get(URL, {"start": "2025-10-01", "end": "2025-09-01"}).status_code == 400
    assert client.get(URL, {"start": "2025-13-01"}).status_code == 400
