"""Deriving the statistics for 1,000,000 ledger lines against a hand-written SQL GROUP BY.

`bench_stats` fills the benchmark database with synthetic lines (raw executemany, for speed),
then times `ledger_stats` and `county_statistics` for a year against the equivalent GROUP BY
written by hand on the same table. Target: the selectors within 2x of the hand-written SQL.
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

SIZE = 1_000_000
YEAR = (date(2025, 1, 1), date(2025, 12, 31))
KINDS = ("收文", "发文", "参会", "办会", "受检", "督查")
DECISIONS = (  # (counted, quota_charged, category, rule), roughly a county's mix
    (True, True, "县级", "D-IN-1"),
    (True, True, "部门", "D-IN-2"),
    (True, False, "应急", "D-EM-1"),
    (False, False, "简报", "D-BR-1"),
    (False, False, "不计入", "D-OUT-2"),
    (False, False, "上级", "O-UP-1"),
    (True, True, "部门", "M-IN-2"),
    (True, True, "县级", "I-IN-1"),
)


def _best(func, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - started)
    return best


def _setup(size: int):
    from django.db import connection, transaction

    from jianfu.ledgers.models import LedgerEntry, LedgerRollup
    from jianfu.ledgers.services.rollup import rollup_rebuild
    from jianfu.org.models import County, Unit, UnitKind

    county, _ = County.objects.get_or_create(code="BENCH-STATS", defaults={"name": "统计测速县"})
    kinds = [UnitKind.COUNTY] * 10 + [UnitKind.DEPARTMENT] * 50 + [UnitKind.TOWNSHIP] * 40
    units = [
        Unit.objects.get_or_create(
            county=county,
            code=f"BS-{n:03d}",
            defaults={"name": f"测速单位{n:03d}", "kind": kind},
        )[0].pk
        for n, kind in enumerate(kinds)
    ]
    table = LedgerEntry._meta.db_table
    if LedgerEntry.objects.filter(county=county).count() >= size:
        if not LedgerRollup.objects.filter(county=county).exists():
            rollup_rebuild(county.pk)
        return county
    LedgerEntry.objects.filter(county=county).delete()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # the indexes over a million rows: keep their pages in memory while filling
            cursor.execute("PRAGMA cache_size = -1000000")
        cursor.execute(_fill_sql(connection.vendor, county.pk, units, size))
        rollup_rebuild(county.pk)  # every write path keeps the monthly rollup (ADR 0006)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
    return county


def _fill_sql(vendor: str, county_id: int, units: list[int], size: int) -> str:
    """One INSERT … SELECT over a recursive counter (SQLite and PostgreSQL alike): lines grouped
    by unit as imports store them, kinds, dates and decisions spread deterministically. Every
    line's title differs, so the line key only has to be unique: the counter stands in for the
    hash (statistics never read the key)."""
    day = (
        "date('2024-11-01', '+' || ((n * 7919) % 480) || ' days')"
        if vendor == "sqlite"
        else "(DATE '2024-11-01' + CAST((n * 7919) % 480 AS INTEGER))"
    )
    kind = " ".join(f"WHEN {i} THEN '{k}'" for i, k in enumerate(KINDS))
    decision = "((n / 7) % 8)"
    counted = ", ".join(str(i) for i, d in enumerate(DECISIONS) if d[0])
    quota = ", ".join(str(i) for i, d in enumerate(DECISIONS) if d[1])
    category = " ".join(f"WHEN {i} THEN '{d[2]}'" for i, d in enumerate(DECISIONS))
    rule = " ".join(f"WHEN {i} THEN '{d[3]}'" for i, d in enumerate(DECISIONS))
    unit_map = " UNION ALL ".join(f"SELECT {i} AS k, {pk} AS id" for i, pk in enumerate(units))
    title = "'关于做好第' || CAST(n AS VARCHAR(12)) || '项工作的通知'"
    # every value is generated from integers defined here: nothing from outside
    return f"""
        WITH RECURSIVE seq(n) AS (
            SELECT CAST(0 AS BIGINT) UNION ALL SELECT n + 1 FROM seq WHERE n < {size - 1}
        )
        INSERT INTO ledgers_ledgerentry (
            county_id, unit_id, kind, date, counterpart, originator_level, doc_no, doc_no_norm,
            title, title_norm, genre, meeting_form, inspection_type, remarks, extras, counted,
            quota_charged, category, rule, reason, ruleset_version, source, source_sheet,
            idempotency_key, created_by, created_at, updated_at, line_key)
        SELECT {county_id}, u.id, CASE (n * 31) % 6 {kind} END, {day}, '', 'county', '', '',
            {title}, {title}, '通知', '', '', '', '{{}}', {decision} IN ({counted}),
            {decision} IN ({quota}), CASE {decision} {category} END,
            CASE {decision} {rule} END, '', 1, 'demo', '', '', 'bench',
            CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CAST(n AS VARCHAR(32))
        FROM seq JOIN ({unit_map}) u ON u.k = n * {len(units)} / {size}
    """  # noqa: S608


# The same figures written by hand: what a DBA would type.
HAND_STATS_SQL = """
SELECT unit_id, kind, category, COUNT(*), SUM(CASE WHEN quota_charged THEN 1 ELSE 0 END)
FROM ledgers_ledgerentry
WHERE county_id = %s AND date >= %s AND date <= %s AND counted
GROUP BY unit_id, kind, category ORDER BY unit_id, kind, category
"""
HAND_COUNTY_SQL = """
SELECT e.unit_id, e.kind, e.category, e.counted, COUNT(*),
       SUM(CASE WHEN e.quota_charged THEN 1 ELSE 0 END)
FROM ledgers_ledgerentry e JOIN org_unit u ON u.id = e.unit_id
WHERE e.county_id = %s AND e.date >= %s AND e.date <= %s
  AND e.kind IN ('发文', '办会', '督查') AND u.kind IN ('county', 'department')
  AND (e.counted OR e.category = '简报')
GROUP BY e.unit_id, e.kind, e.category, e.counted
"""


def _hand_sql(county_id: int):
    from django.db import connection

    def run(sql: str):
        with connection.cursor() as cursor:
            cursor.execute(sql, [county_id, *YEAR])
            return cursor.fetchall()

    return (lambda: run(HAND_STATS_SQL)), (lambda: run(HAND_COUNTY_SQL))


def bench_stats(*, workdir: Path, rows: int) -> dict:
    """1,000,000 lines; `rows` (the workbook size of the other measurements) is not used."""
    from jianfu.ledgers.selectors.stats import county_statistics, ledger_stats

    started = time.perf_counter()
    county = _setup(SIZE)
    fill = time.perf_counter() - started
    sql_stats, sql_county = _hand_sql(county.pk)
    # the selectors must find what the hand-written SQL finds
    assert sum(r["counted"] for r in ledger_stats(county, *YEAR)) == sum(r[3] for r in sql_stats())
    # interleaved, best of five each: a busy machine slows both sides alike
    timings: dict[str, list[float]] = {"ours_stats": [], "hand_stats": [], "ours": [], "hand": []}
    for _ in range(5):
        timings["ours_stats"].append(_best(lambda: ledger_stats(county, *YEAR), 1))
        timings["hand_stats"].append(_best(sql_stats, 1))
        timings["ours"].append(_best(lambda: county_statistics(county, *YEAR), 1))
        timings["hand"].append(_best(sql_county, 1))
    ours_stats, hand_stats = min(timings["ours_stats"]), min(timings["hand_stats"])
    ours_county, hand_county = min(timings["ours"]), min(timings["hand"])
    ratio_stats = ours_stats / hand_stats
    ratio_county = ours_county / hand_county
    return {
        "what": "statistics for a year (ledger_stats / county_statistics vs hand SQL GROUP BY)",
        "size": f"{SIZE:,} lines (filled in {fill:.1f} s)",
        "figure": (
            f"ledger_stats {ours_stats:.3f} s vs {hand_stats:.3f} s ({ratio_stats:.2f}x); "
            f"county_statistics {ours_county:.3f} s vs {hand_county:.3f} s ({ratio_county:.2f}x)"
        ),
        "target": "within 2x of the hand-written SQL",
        "ok": ratio_stats <= 2 and ratio_county <= 2,
        "seconds": ours_stats + ours_county,
    }


def bench_rederive(*, workdir: Path, rows: int) -> dict:
    """Re-deriving a month of the 1,000,000-line county (~64,000 lines, nearly all of which move,
    since the synthetic decisions are not the engine's); informational target: under 60 s."""
    from jianfu.core.actor import Actor
    from jianfu.ledgers.services.rederive import ledger_rederive

    county = _setup(SIZE)
    month = (date(2025, 3, 1), date(2025, 3, 31))
    started = time.perf_counter()
    result = ledger_rederive(
        actor=Actor.command(), county=county, date_from=month[0], date_to=month[1]
    )
    seconds = time.perf_counter() - started
    return {
        "what": "ledger_rederive for one month (classify, update, record changes)",
        "size": f"{result.checked:,} lines, {result.updated:,} updated, {result.changed:,} moved",
        "figure": f"{seconds:.1f} s ({result.checked / seconds:,.0f} lines/s)",
        "target": "< 60 s",
        "ok": seconds < 60,
        "seconds": seconds,
    }
