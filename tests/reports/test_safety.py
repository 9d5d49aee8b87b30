"""What people typed reaches the reports as text: spreadsheet formulas are neutralised in the
.xlsx (R12), XML-special and control characters are kept or dropped safely in the .docx."""

from __future__ import annotations

from datetime import date

import pytest

from jianfu.monitoring.models import Alert
from jianfu.reports.periods import parse_period
from jianfu.reports.services.reports import report_build

from .readers import docx_tables, xlsx_sheets

pytestmark = pytest.mark.django_db


def test_formulas_are_text_and_markup_survives(county, units, scene):
    units["jy"].name = '<县教育局 & "附属">\x07'
    units["jy"].save()
    Alert.objects.create(
        county=county, unit=units["ny"], rule="Q-100", message='=HYPERLINK("http://x","点我")',
        key="Q-100:QH-NY", year=2025, first_seen=date(2025, 9, 1), last_seen=date(2025, 9, 2),
    )  # fmt: skip
    built = report_build(county, parse_period("2025-Q3"))
    alerts = xlsx_sheets(built.xlsx)["预警"]
    assert ["QH-NY", "县农业农村局", "Q-100", '\'=HYPERLINK("http://x","点我")'] in [
        list(r) for r in alerts
    ]
    units_rows = docx_tables(built.docx)["序号/单位/发文"]
    assert '<县教育局 & "附属">' in [row[1] for row in units_rows]
