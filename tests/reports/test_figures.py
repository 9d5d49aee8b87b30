"""The report's figures come from `report_figures` (monitoring), the one source the dashboard
reads too; the other periods' totals (previous period, trend) must be the very same numbers."""

from __future__ import annotations

import pytest

from jianfu.monitoring.selectors.figures import report_figures
from jianfu.reports.periods import parse_period
from jianfu.reports.selectors.data import report_data, totals_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "code", ["2025-Q2", "2025-Q3", "2025-08", "2025-07", "2025-W32", "2025-W37", "2025-Q4"]
)
def test_totals_for_another_period_equal_report_figures(county, scene, code):
    period = parse_period(code)
    assert totals_for(county, period) == report_figures(county, period.start, period.end)["totals"]


def test_the_report_json_is_report_figures_plus_the_analysis(county, scene):
    period = parse_period("2025-08")
    data = report_data(county, period)
    figures = report_figures(county, period.start, period.end)
    assert {k: data[k] for k in ("totals", "units", "alerts")} == figures
    previous = report_figures(county, *(lambda p: (p.start, p.end))(period.previous()))
    assert data["previous"]["totals"] == previous["totals"]
    for point in data["trend"]:
        p = parse_period(point["code"])
        assert point["totals"] == report_figures(county, p.start, p.end)["totals"]
