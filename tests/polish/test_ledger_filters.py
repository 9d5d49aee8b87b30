"""The ledger list's drill-down filters: category, unit kind, quota-charged, several kinds or
units, counterpart unit; shown in the filter bar when present; scoped as the list is."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse

from jianfu.ledgers.models import LedgerEntry
from tests.monitoring.data import scene

pytestmark = pytest.mark.django_db
SEPT = {"from": "2025-09-01", "to": "2025-09-30"}


def total(client, **query) -> int:
    response = client.get(reverse("ledgers:index"), {**SEPT, **query})
    assert response.status_code == 200
    return response.context["total"]


def lines(**where):
    return LedgerEntry.objects.filter(date__gte="2025-09-01", date__lte="2025-09-30", **where)


def test_each_filter_lists_exactly_its_lines(client, units, users):
    scene(units)
    client.force_login(users["coordinator"])
    emergency = lines(category="应急")
    assert emergency.exists()
    assert total(client, category="应急") == emergency.count()
    assert total(client, category="none") == lines(category="").count()
    producers = lines(unit__kind__in=["county", "department"])
    assert total(client, unit_kind="county,department") == producers.count()
    assert total(client, unit_kind="township") == lines(unit__kind="township").count()
    assert total(client, quota_charged="1") == lines(quota_charged=True).count()
    assert total(client, quota_charged="0") == lines(quota_charged=False).count()
    produced = lines(kind__in=["发文", "办会", "督查"])
    assert total(client, kind="发文,办会,督查") == produced.count() < lines().count()
    both = f"{units['hk'].pk},{units['cg'].pk}"
    assert total(client, unit=both) == lines(unit__in=[units["hk"], units["cg"]]).count()
    ny = units["ny"].pk
    assert total(client, unit=both, kind="收文", counterpart_unit=str(ny)) == (
        lines(unit__in=[units["hk"], units["cg"]], kind="收文", counterpart_unit_id=ny).count()
    )
    assert total(client, kind="nonsense", unit_kind="nonsense") == lines().count()


def test_the_filters_stay_in_the_bar_and_the_export(client, units, users):
    scene(units)
    client.force_login(users["coordinator"])
    query = {**SEPT, "category": "应急", "unit_kind": "county,department", "quota_charged": "0"}
    body = client.get(reverse("ledgers:index"), query).content.decode()
    assert 'data-testid="filter-category"' in body and 'value="应急"' in body
    assert '<option value="county,department" selected>' in body
    assert 'data-testid="filter-quota-charged"' in body
    plain = client.get(reverse("ledgers:index"), SEPT).content.decode()
    assert 'data-testid="filter-category"' not in plain
    expected = lines(category="应急", unit__kind__in=["county", "department"], quota_charged=False)
    response = client.get(reverse("ledgers:export"), {**query, "unit": units["ny"].pk})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [r for r in sheet.iter_rows(values_only=True) if r and r[1] == units["ny"].name]
    assert len(rows) == expected.filter(unit=units["ny"]).count() > 0
    assert all(r[9] == "应急" for r in rows)


def test_drill_downs_stay_inside_the_users_scope(client, units, users):
    scene(units)
    client.force_login(users["clerk_ny"])
    both = f"{units['hk'].pk},{units['ny'].pk}"
    assert total(client, unit=both) == lines(unit=units["ny"]).count()
    assert total(client, unit_kind="township") == 0
    assert total(client, category="应急") == lines(unit=units["ny"], category="应急").count()
