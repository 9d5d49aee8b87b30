"""The quarterly bulletin (.docx) on the 1,000,000-line county of `bench.stats`.

Times `report_build` for 2025-Q3 with the .docx only, as `jianfu report quarterly --format docx`
does it: every figure (the period, the previous quarter, the trend of four quarters, year-to-date
quota use of 100 units with quotas, alerts, reminders), the outline, the chart and the Word
file. Target: under 3 s. The first build of the process (matplotlib's import and font lookup) is
reported apart from the best of three.
"""

from __future__ import annotations

import time
from pathlib import Path

from .stats import SIZE, _setup

PERIOD = "2025-Q3"


def _quotas(county) -> None:
    from jianfu.filings.models import Quota
    from jianfu.org.models import Unit

    if Quota.objects.filter(county=county, year=2025).exists():
        return
    Quota.objects.bulk_create(
        Quota(county=county, unit=unit, year=2025, kind=kind, amount=amount)
        for unit in Unit.objects.filter(county=county)
        for kind, amount in (("document", 4000), ("meeting", 1500), ("inspection", 800))
    )


def bench_bulletin(*, workdir: Path, rows: int) -> dict:
    from jianfu.reports.periods import parse_period
    from jianfu.reports.services.reports import report_build

    county = _setup(SIZE)
    _quotas(county)
    period = parse_period(PERIOD)
    started = time.perf_counter()
    first = report_build(county, period, formats=("docx",))
    cold = time.perf_counter() - started
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        built = report_build(county, period, formats=("docx",))
        best = min(best, time.perf_counter() - started)
    assert built.data["totals"] == first.data["totals"]
    (workdir / "bulletin.docx").write_bytes(built.docx or b"")
    return {
        "what": f"quarterly bulletin .docx ({PERIOD}, figures + chart + Word)",
        "size": f"{SIZE:,} lines, {len(built.data['units'])} units, "
        f"{built.data['totals']['documents']:,} documents in the quarter",
        "figure": f"{best:.2f} s (first in the process {cold:.2f} s), {len(built.docx or b''):,} B",
        "target": "< 3 s",
        "ok": best < 3,
        "seconds": best,
    }
