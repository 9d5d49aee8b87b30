"""The measurements `make bench` runs. Each returns a dict with what, size, figure and target."""

from __future__ import annotations

import io
import random
import time
from pathlib import Path


def _timed(func, repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - started)
    return best


def demo_load(*, workdir: Path, rows: int) -> dict:
    """`jianfu demo` into the (empty) benchmark database; target: under 30 s."""
    from django.core.management import call_command

    said = io.StringIO()  # its summary is not the table's (and `--json` prints one document)
    seconds = _timed(lambda: call_command("demo", verbosity=0, stdout=said))
    again = _timed(lambda: call_command("demo", verbosity=0, stdout=said))
    return {
        "what": "jianfu demo (fresh, then again)",
        "size": "demo county",
        "figure": f"{seconds:.2f} s, re-run {again:.2f} s",
        "target": "< 30 s",
        "ok": seconds < 30,
        "seconds": seconds,
    }


def _titles(count: int, seed: int = 7) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    subjects = [
        "防汛",
        "森林防火",
        "秋粮收购",
        "人居环境整治",
        "安全生产",
        "乡村振兴",
        "信访维稳",
        "疫苗接种",
        "河长制",
        "耕地保护",
        "校园安全",
        "消防",
    ]
    forms = [
        ("发文", "关于做好{s}工作的通知"),
        ("发文", "关于印发《{s}实施方案》的通知"),
        ("收文", "关于表彰{s}先进集体的决定"),
        ("参会", "全县{s}工作推进会"),
        ("办会", "{s}专题培训会"),
        ("受检", "{s}工作专项督查"),
        ("督查", "{s}调研（需提供台账材料）"),
        ("收文", "紧急{s}明电"),
        ("收文", "{s}工作简报第{n}期"),
    ]
    lines = []
    for i in range(count):
        kind, form = rng.choice(forms)
        lines.append((kind, form.format(s=rng.choice(subjects), n=i) + f"（{i}）"))
    return lines


def rule_engine(*, workdir: Path, rows: int) -> dict:
    """Classify distinct ledger lines with the pure engine (no cache hits: every title differs)."""
    from jianfu.rules.data import default_ruleset_data
    from jianfu.rules.engine import LineFacts, criteria_classify

    ruleset = default_ruleset_data()
    count = 20_000
    facts = [LineFacts(kind=k, title=t, originator_level="department") for k, t in _titles(count)]
    seconds = _timed(lambda: [criteria_classify(ruleset, f) for f in facts])
    return {
        "what": "rule engine, distinct lines",
        "size": f"{count:,} lines",
        "figure": f"{count / seconds:,.0f} lines/s ({seconds * 1e6 / count:.0f} µs/line)",
        "target": "feeds the 100k-row import (≤ 4x a calamine read)",
        "ok": None,
        "seconds": seconds,
    }


def audit_append(*, workdir: Path, rows: int) -> dict:
    """Append audit records in batches, as a bulk import does."""
    from jianfu.core.actor import Actor
    from jianfu.core.audit import AuditEntry, audit_record_many, audit_verify

    actor = Actor.system("bench")
    count = 20_000
    entries = [
        AuditEntry(
            action="create",
            object_type="bench.row",
            object_id=str(i),
            object_repr=f"第{i}行",
            after={"i": i},
        )
        for i in range(count)
    ]
    seconds = _timed(lambda: audit_record_many(actor, entries))
    verify = _timed(audit_verify)
    return {
        "what": "audit chain: append in one batch, then verify the chain",
        "size": f"{count:,} records",
        "figure": f"append {count / seconds:,.0f}/s, verify {verify:.2f} s",
        "target": "bulk paths audit in batches",
        "ok": None,
        "seconds": seconds,
    }


def _lazy(module: str, name: str):
    """Import a measurement when it runs, so that `--only` loads only what it needs."""

    def run(**kwargs):
        from importlib import import_module

        return getattr(import_module(module), name)(**kwargs)

    return run


ALL = [
    ("demo", demo_load),
    ("rules", rule_engine),
    ("audit", audit_append),
    ("import", _lazy("bench.ledger_import", "bench_import")),
    ("import_distinct", _lazy("bench.ledger_import", "bench_import_distinct")),
    ("stats", _lazy("bench.stats", "bench_stats")),
    ("reconcile", _lazy("bench.reconcile", "bench_reconcile")),
    ("bulletin", _lazy("bench.bulletin", "bench_bulletin")),
    ("dashboard", _lazy("bench.dashboard", "bench_dashboard")),
]


def table(results: list[dict]) -> str:
    header = ("measurement", "size", "figure", "target", "met")
    rows = [header] + [
        (
            r["what"],
            r["size"],
            r["figure"],
            r["target"],
            "—" if r.get("ok") is None else ("yes" if r["ok"] else "NO"),
        )
        for r in results
    ]
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(header))]
    lines = []
    for index, row in enumerate(rows):
        lines.append(" | ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)))
        if index == 0:
            lines.append("-+-".join("-" * w for w in widths))
    return "\n".join(lines)
