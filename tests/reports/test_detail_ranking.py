"""The report page lists the units ranked by what they produced (合计), as the Word bulletin's
table 2 does — not in the figures' storage order."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from jianfu.core.actor import Actor
from jianfu.reports.periods import parse_period
from jianfu.reports.services.reports import report_generate

pytestmark = pytest.mark.django_db


def test_units_table_is_ranked_by_total(client, county, scene, users):
    report = report_generate(
        actor=Actor.command(users["coordinator"]), county=county, period=parse_period("2025-Q3")
    )
    client.force_login(users["coordinator"])
    body = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    table = body.split('data-testid="units-table"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr><td>([^<]+)</td>((?:<td class=\"num\">[^<]*</td>)+)</tr>", table)
    assert len(rows) >= 2
    totals = [int(re.findall(r">([^<]*)<", cells)[-1]) for _, cells in rows]
    assert totals == sorted(totals, reverse=True)
    figures = {u["unit"]: u for u in report.figures["units"]}
    expected = max(
        figures.values(), key=lambda u: u["documents"] + u["meetings"] + u["inspections"]
    )
    assert rows[0][0] == (expected.get("name") or expected["unit"])
    assert totals[0] == expected["documents"] + expected["meetings"] + expected["inspections"]
    assert "各单位（按合计排序）" in body


def test_a_report_generated_from_the_command_line_names_it_for_people(client, county, scene, users):
    report = report_generate(actor=Actor.command(), county=county, period=parse_period("2025-Q3"))
    assert report.generated_by_name.startswith("os:")  # the audit form stays as it was
    client.force_login(users["coordinator"])
    for url in (reverse("reports:detail", args=[report.pk]), reverse("reports:index")):
        body = client.get(url).content.decode()
        assert "命令行（" + report.generated_by_name[3:] + "）" in body
        assert report.generated_by_name not in body
