"""The criteria-training proposal from dual-ledger comparisons, the before/after accuracy of a
training, and a pilot measure's before/after figures from the ledger."""

from __future__ import annotations

from datetime import date

import pytest

from jianfu.core.actor import Actor
from jianfu.learning.models import PilotMeasure
from jianfu.learning.selectors.pilots import month_shift, pilot_figures
from jianfu.learning.selectors.training import training_effect, training_proposal
from jianfu.learning.services.training import pilot_measure_create, training_create
from jianfu.ledgers.models import LedgerEntry
from jianfu.ledgers.models_compare import HandLedger, HandLedgerLine
from jianfu.ledgers.services.rollup import rollup_refresh_lines

pytestmark = pytest.mark.django_db


def comparison(unit, start, end, agreed, missed, wrong, rules=()):
    total = agreed + missed + wrong
    ledger = HandLedger.objects.create(
        county_id=unit.county_id,
        unit=unit,
        date_from=start,
        date_to=end,
        filename="x.xlsx",
        sha256="0" * 64,
        agreed=agreed,
        missed=missed,
        wrong=wrong,
        accuracy=agreed / total if total else None,
    )
    for outcome, rule in rules:
        HandLedgerLine.objects.create(hand_ledger=ledger, outcome=outcome, rule=rule, title="t")
    return ledger


Q2 = (date(2025, 4, 1), date(2025, 6, 30))
Q3 = (date(2025, 7, 1), date(2025, 9, 30))


def test_proposal_is_worst_first_with_main_mistakes(units):
    comparison(units["hk"], *Q2, 6, 2, 2, [("missed", "D-IN-3")] * 2 + [("wrong", "D-OUT-2")])
    comparison(units["cg"], *Q2, 9, 1, 0, [("missed", "M-IN-1")])
    comparison(units["ny"], *Q2, 10, 0, 0)  # fully accurate: not proposed
    comparison(units["jy"], *Q2, 0, 0, 0)  # nothing to rate: not proposed
    proposal = training_proposal(units["hk"].county_id)
    assert [p.unit.code for p in proposal] == ["QH-HK", "QH-CG"]
    assert proposal[0].accuracy == 0.6
    assert proposal[0].mistakes == [("漏统", "D-IN-3", 2), ("错统", "D-OUT-2", 1)]
    assert [p.unit.code for p in training_proposal(units["hk"].county_id, size=1)] == ["QH-HK"]


def test_proposal_uses_each_units_latest_comparison(units):
    comparison(units["hk"], *Q2, 1, 9, 0)
    comparison(units["hk"], *Q3, 10, 0, 0)  # the latest is perfect
    assert training_proposal(units["hk"].county_id) == []


def test_effect_compares_before_and_after_the_training(county, units, users):
    comparison(units["hk"], *Q2, 6, 4, 0)
    comparison(units["hk"], *Q3, 9, 1, 0)
    comparison(units["cg"], *Q2, 5, 5, 0)
    training = training_create(
        actor=Actor.command(),
        county=county,
        topic="统计口径培训提升班",
        kind="criteria",
        date=date(2025, 7, 1),
        units=[units["hk"], units["cg"]],
    )
    effects = {e.invitation.unit.code: e for e in training_effect(training, users["coordinator"])}
    assert effects["QH-HK"].before.accuracy == 0.6 and effects["QH-HK"].after.accuracy == 0.9
    assert effects["QH-HK"].improved is True and effects["QH-HK"].change_percent == "+30.0"
    assert effects["QH-HK"].verdict == "improved"
    assert effects["QH-CG"].after is None and effects["QH-CG"].improved is None
    assert effects["QH-CG"].verdict == ""
    # a township clerk sees only their own unit's row
    own = training_effect(training, users["clerk_hk"])
    assert [e.invitation.unit.code for e in own] == ["QH-HK"]


def entry(unit, kind, day, counted=True, title="t"):
    return LedgerEntry(
        county_id=unit.county_id,
        unit=unit,
        kind=kind,
        date=day,
        title=f"{title}{day}{kind}",
        title_norm=f"{title}{day}{kind}",
        counted=counted,
        quota_charged=counted,
        source="form",
    )


@pytest.mark.parametrize(
    "day, months, expected",
    [
        (date(2025, 3, 15), -6, date(2024, 9, 1)),
        (date(2025, 3, 15), 0, date(2025, 3, 1)),
        (date(2025, 11, 30), 3, date(2026, 2, 1)),
    ],
)
def test_month_shift(day, months, expected):
    assert month_shift(day, months) == expected


def test_pilot_before_and_after(county, units):
    ny = units["ny"]
    ny.is_pilot = True
    ny.save()
    lines = [entry(ny, "发文", date(2025, m, d)) for m in (1, 2, 3, 4, 5, 6) for d in (9, 10)]
    lines += [entry(ny, "发文", date(2025, m, 11)) for m in (7, 8, 9)]
    lines += [entry(ny, "办会", date(2025, 2, 3)), entry(ny, "办会", date(2025, 8, 3))]
    lines += [entry(ny, "发文", date(2025, 8, 5), counted=False)]  # not counted: left out
    lines += [entry(ny, "收文", date(2025, 8, 6))]  # received, not produced: left out
    LedgerEntry.objects.bulk_create(lines)
    rollup_refresh_lines((e.county_id, e.unit_id, e.date) for e in lines)  # as services do
    measure = pilot_measure_create(
        actor=Actor.command(), unit=ny, title="发文精简", started=date(2025, 7, 20)
    )
    figures = pilot_figures(measure, today=date(2025, 10, 15))
    assert figures.window == (
        date(2025, 1, 1),
        date(2025, 6, 30),
        date(2025, 7, 1),
        date(2025, 9, 30),
    )
    assert (figures.before.documents, figures.before.meetings) == (12, 1)
    assert (figures.after.documents, figures.after.meetings, figures.after.months) == (3, 1, 3)
    rows = {r["name"]: r for r in figures.rows}
    assert rows["documents"] == {"name": "documents", "before": 2.0, "after": 1.0, "change": -1.0}
    assert rows["meetings"]["before"] == 0.2 and rows["meetings"]["after"] == 0.3


def test_pilot_measure_only_for_pilot_units(units):
    with pytest.raises(ValueError):
        pilot_measure_create(
            actor=Actor.command(), unit=units["jy"], title="x", started=date.today()
        )
    assert not PilotMeasure.objects.exists()


@pytest.mark.parametrize(
    "before, after, verdict",
    [((6, 4), (9, 1), "improved"), ((9, 1), (6, 4), "worse"), ((900, 100), (9001, 999), "same")],
)
def test_effect_verdict(county, units, users, before, after, verdict):
    comparison(units["hk"], *Q2, before[0], before[1], 0)
    comparison(units["hk"], *Q3, after[0], after[1], 0)
    training = training_create(
        actor=Actor.command(),
        county=county,
        topic="班",
        kind="criteria",
        date=date(2025, 7, 1),
        units=[units["hk"]],
    )
    (effect,) = training_effect(training, users["coordinator"])
    assert effect.verdict == verdict
