"""The monthly rollup always equals a GROUP BY over the lines, after every kind of write
(form service create / update / delete, a plain save, API push, Excel import, re-derivation),
and `grouped` over any period equals the same count made directly from the lines."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.db.models import Count, Q
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jianfu.api.push import ledger_push
from jianfu.core.actor import Actor
from jianfu.ledgers.classify import LineInput
from jianfu.ledgers.models import LedgerEntry, LedgerRollup
from jianfu.ledgers.selectors.rollup import grouped
from jianfu.ledgers.services.entries import (
    ledger_entry_create,
    ledger_entry_delete,
    ledger_entry_update,
)
from jianfu.ledgers.services.imports import ledger_import
from jianfu.ledgers.services.rederive import ledger_rederive
from jianfu.ledgers.services.rollup import DIMENSIONS, MEASURES, line_measures, rollup_rebuild
from tests.ledgers.workbooks import xlsx

pytestmark = pytest.mark.django_db

START = dt.date(2025, 1, 20)
KINDS = ("收文", "发文", "参会", "办会", "受检", "督查")
TITLES = ("关于做好春耕工作的通知", "安全生产检查", "工作推进会", "简报第一期", "防汛应急会议")
COUNTERPARTS = ("县委办公室", "县农业农村局", "河口乡", "市政府", "")
_serial = itertools.count()

days = st.integers(min_value=0, max_value=75)
line = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(KINDS),
        "day": days,
        "title": st.sampled_from(TITLES),
        "counterpart": st.sampled_from(COUNTERPARTS),
        "minutes": st.one_of(st.none(), st.integers(min_value=10, max_value=240)),
        "form": st.sampled_from(("", "视频", "现场")),
    }
)
operation = st.one_of(
    st.tuples(st.just("create"), st.sampled_from(("ny", "hk")), line),
    st.tuples(st.just("update"), st.integers(min_value=0), line),
    st.tuples(st.just("delete"), st.integers(min_value=0), st.none()),
    st.tuples(st.just("save"), st.integers(min_value=0), days),
    st.tuples(st.just("push"), st.sampled_from(("ny", "jy")), st.lists(line, max_size=4)),
    st.tuples(st.just("import"), st.sampled_from(("hk", "cg")), st.lists(line, max_size=4)),
    st.tuples(st.just("rederive"), days, days),
)


def _input(spec: dict) -> LineInput:
    meeting = spec["kind"] in ("参会", "办会")
    return LineInput(
        kind=spec["kind"],
        date=START + dt.timedelta(days=spec["day"]),
        title=f"{spec['title']}{next(_serial)}",
        counterpart=spec["counterpart"],
        meeting_form=spec["form"] if meeting else "",
        duration_minutes=spec["minutes"] if meeting else None,
    )


def _apply(op, units) -> None:
    name, arg, spec = op
    actor = Actor.command()
    lines = list(LedgerEntry.objects.order_by("id"))
    if name == "create":
        ledger_entry_create(actor=actor, unit=units[arg], line=_input(spec))
    elif name in ("update", "delete", "save") and lines:
        entry = lines[arg % len(lines)]
        if name == "update":
            ledger_entry_update(actor=actor, entry=entry, line=_input(spec))
        elif name == "delete":
            ledger_entry_delete(actor=actor, entry=entry)
        else:  # a plain save that moves the line to another month
            entry.date = START + dt.timedelta(days=spec)
            entry.title = f"{entry.title}改{next(_serial)}"
            entry.save()
    elif name == "push" and spec:
        pushed = [
            {"kind": s["kind"], "date": (START + dt.timedelta(days=s["day"])).isoformat(),
             "title": f"{s['title']}{next(_serial)}", "counterpart": s["counterpart"]}
            for s in spec
        ]  # fmt: skip
        result = ledger_push(
            actor=actor, unit=units[arg], lines=pushed, idempotency_key=f"k{next(_serial)}"
        )
        assert result.status == 200, result.body
    elif name == "import" and spec:
        rows = [["收文日期", "来文单位", "文号", "标题"]]
        rows += [
            [(START + dt.timedelta(days=s["day"])).isoformat(), s["counterpart"] or "县委办公室",
             None, f"{s['title']}{next(_serial)}"]
            for s in spec
        ]  # fmt: skip
        result = ledger_import(
            actor=actor, unit=units[arg], data=xlsx({"收文": rows}), filename="t.xlsx"
        )
        assert result.imported == len(spec)
    elif name == "rederive":
        first, last = sorted((arg, spec))
        ledger_rederive(
            actor=actor,
            county=units["ny"].county,
            date_from=START + dt.timedelta(days=first),
            date_to=START + dt.timedelta(days=last),
        )


def _from_lines(county_id: int) -> dict:
    rows = (
        LedgerEntry.objects.filter(county_id=county_id)
        .order_by()
        .values(*DIMENSIONS, "date")
        .annotate(**line_measures())
    )
    out: dict = {}
    for row in rows:
        key = (row["date"].year, row["date"].month, *(row[d] for d in DIMENSIONS))
        sums = out.setdefault(key, [0] * len(MEASURES))
        for i, m in enumerate(MEASURES):
            sums[i] += row[m] or 0
    return out


def _from_rollup(county_id: int) -> dict:
    return {
        (r.year, r.month, *(getattr(r, d) for d in DIMENSIONS)): [getattr(r, m) for m in MEASURES]
        for r in LedgerRollup.objects.filter(county_id=county_id)
    }


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=st.lists(operation, min_size=1, max_size=8), period=st.tuples(days, days))
def test_rollup_equals_group_by_after_any_writes(county, units, ops, period):
    for op in ops:
        _apply(op, units)
        assert _from_rollup(county.pk) == _from_lines(county.pk), op
    assert LedgerRollup.objects.filter(n=0).count() == 0
    # any period read through the rollup equals the count made from the lines
    first, last = sorted(period)
    start, end = START + dt.timedelta(days=first), START + dt.timedelta(days=last)
    where = Q(counted=True)
    direct = {
        (r["unit_id"], r["kind"]): r["n"]
        for r in LedgerEntry.objects.filter(county=county, date__gte=start, date__lte=end)
        .filter(where)
        .values("unit_id", "kind")
        .annotate(n=Count("id"))
    }
    via_rollup = {
        k: v[0] for k, v in grouped(county.pk, start, end, ("unit_id", "kind"), where).items()
    }
    assert via_rollup == direct


def test_rebuild_recomputes_a_damaged_rollup(county, units):
    actor = Actor.command()
    for n in range(3):
        line = LineInput(kind="发文", date=dt.date(2025, 3, 1 + n), title=f"通知{n}")
        ledger_entry_create(actor=actor, unit=units["ny"], line=line)
    expected = _from_lines(county.pk)
    assert _from_rollup(county.pk) == expected
    LedgerRollup.objects.filter(county=county).update(n=99)
    rollup_rebuild(county.pk)
    assert _from_rollup(county.pk) == expected
    assert sum(v[0] for v in expected.values()) == 3
