"""The demo county's year of ledgers: every township records thousands of lines with the rhythm
of a real year, every rule of the default rule set decides some line, higher-level lines are
never counted, some items were never filed and some never reached a township, a second run adds
nothing, and the hand-made ledgers' typical mistakes show in the comparison.

The demo is built once for the module (inside a transaction rolled back at the end)."""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest
from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import ExtractMonth
from django.test import override_settings

from jianfu.core.actor import Actor
from jianfu.core.audit import audit_verify
from jianfu.core.models import AuditEvent
from jianfu.core.text import normalize_doc_no
from jianfu.demo.builder import demo_build
from jianfu.demo.context import DemoContext
from jianfu.demo.data import DEPARTMENTS, TOWNSHIPS
from jianfu.demo.ledger_previous import GROWTH_UNITS
from jianfu.demo.steps.ledgers import demo_ledger_rows
from jianfu.ledgers.classify import LineClassifier
from jianfu.ledgers.models import LedgerEntry, Level, Source
from jianfu.ledgers.models_compare import HandLedger, HandLedgerLine
from jianfu.org.models import County, Unit
from jianfu.rules.data import default_ruleset_data
from tests.demo.today import DEMO_TODAY, DEMO_YEAR

pytestmark = pytest.mark.django_db

RECEIVED = ("收文", "参会", "受检")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=str(media)),
        transaction.atomic(),
    ):
        yield demo_build(actor=Actor.command())
        transaction.set_rollback(True)


def lines():
    return LedgerEntry.objects.filter(county__code="QH", source=Source.DEMO)


def township_received():
    return lines().filter(unit__kind="township", kind__in=RECEIVED)


def test_every_township_keeps_a_year_of_thousands_of_lines(demo):
    assert demo.created["ledgers"] == lines().count() > 20_000
    per_town = dict(
        lines().filter(unit__kind="township").values_list("unit__code").annotate(n=Count("id"))
    )
    assert set(per_town) == {t.code for t in TOWNSHIPS}
    for code, n in per_town.items():
        assert 1_300 <= n <= 3_000, (code, n)  # the year up to 20 November
    kinds = Counter(township_received().values_list("kind", flat=True))
    assert kinds["收文"] > 3 * kinds["参会"] > 3 * kinds["受检"] > 0
    # every department and both offices record what they produce
    producers = set(
        lines().filter(kind__in=("发文", "办会", "督查")).values_list("unit__code", flat=True)
    )
    assert {d.code for d in DEPARTMENTS} | {"QH-XWB", "QH-ZFB"} <= producers
    # this year up to the demo's today; last year only the county units' produced lines
    assert not lines().filter(date__gt=DEMO_TODAY).exists()
    last_year = lines().filter(date__year=DEMO_YEAR - 1)
    assert last_year.count() > 1_500
    assert set(last_year.values_list("kind", flat=True)) == {"发文", "办会", "督查"}
    assert set(last_year.values_list("unit__kind", flat=True)) == {"county", "department"}
    assert lines().filter(date__year=DEMO_YEAR).count() + last_year.count() == lines().count()


def test_most_units_cut_from_last_year_and_three_grow(demo):
    def by_unit(year: int, end) -> Counter:
        counted = lines().filter(
            counted=True, kind__in=("发文", "办会", "督查"), date__year=year, date__lte=end
        )
        return Counter(counted.values_list("unit__code", flat=True))

    this = by_unit(DEMO_YEAR, DEMO_TODAY)
    last = by_unit(DEMO_YEAR - 1, DEMO_TODAY.replace(year=DEMO_YEAR - 1))
    busy = [code for code, n in this.items() if n >= 20]
    grew = {code for code in busy if this[code] > last[code]}
    assert grew == set(GROWTH_UNITS)
    for code in busy:
        if code not in grew:
            cut = (last[code] - this[code]) / last[code]
            assert 0.08 < cut < 0.4, (code, this[code], last[code])


def test_the_year_has_the_seasonal_rhythm(demo):
    by_month = dict(
        township_received()
        .exclude(originator_level=Level.HIGHER)
        .annotate(m=ExtractMonth("date"))
        .values_list("m")
        .annotate(n=Count("id"))
    )
    assert by_month[2] < by_month[3] and by_month[2] < by_month[1]
    assert by_month[8] < by_month[6] and by_month[8] < by_month[9]
    assert by_month[11] > by_month[10]
    assert 12 not in by_month  # the year runs up to the demo's today (20 November)
    emergencies = lines().filter(rule__in=("D-EM-1", "M-EM-1", "I-EM-1"))
    flood = emergencies.filter(Q(title__contains="强降雨") | Q(title__contains="防汛"))
    assert flood.exists()
    assert set(flood.annotate(m=ExtractMonth("date")).values_list("m", flat=True)) <= {6, 7, 8, 9}
    forest = lines().filter(title__contains="森林防火")
    assert forest.exists()
    assert not forest.filter(date__month__in=(6, 7, 8)).exists()
    # hardly anything is sent during the Spring Festival holiday
    festival = township_received().filter(date__range=("2025-01-29", "2025-02-03")).count()
    assert (
        festival < township_received().filter(date__range=("2025-03-10", "2025-03-15")).count() / 5
    )


def test_every_rule_of_the_default_rule_set_decides_some_line(demo):
    sections = {"originator", "documents", "meetings", "inspections"}
    codes = {r.code for r in default_ruleset_data().rules if r.section in sections}
    assert len(codes) >= 30
    used = dict(lines().values_list("rule").annotate(n=Count("id")))
    assert codes - set(used) == set()
    # every line explains itself: a rule and a reason that names it
    assert not lines().filter(Q(rule="") | Q(reason="")).exists()
    for rule, reason in lines().values_list("rule", "reason")[:2000]:
        assert f"（{rule}）" in reason


def test_titles_read_like_a_county_s_paperwork(demo):
    titles = set(lines().values_list("title", flat=True))
    for word in (
        "简报",
        "会议纪要",
        "批复",
        "任免",
        "表彰",
        "便函",
        "工作提示",
        "转发",
        "暨",
        "明察暗访",
    ):
        assert any(word in t for t in titles), word
    assert "青河县第十八届人民代表大会第五次会议" in titles
    videos = lines().filter(kind="办会", meeting_form="视频", duration_minutes__gt=90)
    assert videos.exists()
    research = lines().filter(kind="督查", inspection_type="调研")
    assert research.filter(rule="I-IN-2", materials_requested=True).exists()
    assert research.filter(rule="I-OUT-1").exists()
    own = lines().filter(unit__kind="township", kind="发文")
    assert own.exists() and set(own.values_list("rule", flat=True)) == {"O-TWP-1"}
    assert not own.filter(counted=True).exists()


def test_higher_level_lines_are_recorded_at_every_township_and_never_counted(demo):
    higher = township_received().filter(rule="O-UP-1")
    assert set(higher.values_list("unit__code", flat=True)) == {t.code for t in TOWNSHIPS}
    assert higher.count() > 15 * 100
    assert not higher.filter(Q(counted=True) | Q(quota_charged=True)).exists()
    assert not lines().filter(originator_level=Level.HIGHER, counted=True).exists()
    assert higher.filter(counterpart="中共云州市委办公室").exists()  # read as higher by its name


def test_townships_write_senders_and_numbers_as_clerks_do(demo):
    received = township_received().exclude(rule="O-UP-1")
    # every sender resolves, however it is written
    assert not received.filter(counterpart_unit__isnull=True).exists()
    spellings = set(
        received.filter(counterpart_unit__code="QH-XWB").values_list("counterpart", flat=True)
    )
    assert {"县委办公室", "县委办", "中共青河县委办公室"} <= spellings
    doc_nos = list(received.exclude(doc_no="").values_list("doc_no", flat=True))
    for bracket in ("〔", "[", "（", "(", "【"):
        assert any(bracket in d for d in doc_nos), bracket
    assert any("２０２５" in d for d in doc_nos)
    # the same 文号 as the sender's once normalised, received 0–3 days later
    sent = {
        (unit_id, doc_no_norm): day
        for unit_id, doc_no_norm, day in lines()
        .filter(kind="发文")
        .exclude(doc_no_norm="")
        .values_list("unit_id", "doc_no_norm", "date")
    }
    delays = Counter()
    for sender, doc_no, day in (
        received.filter(kind="收文")
        .exclude(doc_no="")
        .values_list("counterpart_unit_id", "doc_no", "date")
    ):
        if (sender, normalize_doc_no(doc_no)) in sent:
            delays[(day - sent[(sender, normalize_doc_no(doc_no))]).days] += 1
    assert sum(delays.values()) > 8_000  # the year up to 20 November
    assert set(delays) <= {0, 1, 2, 3} and delays[0] and delays[3]


def test_some_items_were_never_filed_and_some_never_received(demo):
    held = defaultdict(set)
    for unit_id, day, title in (
        lines().filter(kind="办会").values_list("unit_id", "date", "title_norm")
    ):
        held[(unit_id, day)].add(title)
    attended = township_received().filter(kind="参会", originator_level=Level.DEPARTMENT)
    unfiled = [
        (unit_id, day, title)
        for unit_id, day, title in attended.values_list("counterpart_unit_id", "date", "title_norm")
        if title not in held[(unit_id, day)]
    ]
    assert 0 < len(unfiled) < attended.count() / 10
    reached = Counter(
        township_received()
        .filter(kind="参会")
        .values_list("counterpart_unit_id", "date", "title_norm")
    )
    to_all = lines().filter(kind="办会", counterpart__startswith="各乡镇（街道）")
    unreceived = [
        row
        for row in to_all.values_list("unit_id", "date", "title_norm")
        if reached[row] < len(TOWNSHIPS)
    ]
    assert 0 < len(unreceived) < to_all.count()


def test_the_year_is_the_same_on_every_build(demo):
    county = County.objects.get(code="QH")
    units = {u.code: u for u in Unit.objects.filter(county=county)}
    rng = DemoContext(actor=Actor.command()).rng("ledgers")
    rows = demo_ledger_rows(units, LineClassifier(county), rng, DEMO_YEAR, DEMO_TODAY)
    again = {(r["unit_id"], r["kind"], r["date"], r["doc_no"], r["title"], r["rule"]) for r in rows}
    stored = set(
        lines()
        .filter(date__year=DEMO_YEAR)
        .values_list("unit_id", "kind", "date", "doc_no", "title", "rule")
    )
    assert again == stored


def test_second_run_creates_nothing(demo):
    before = lines().count()
    audit_before = AuditEvent.objects.count()
    again = demo_build(actor=Actor.command())
    assert again.created["ledgers"] == 0 and again.created["hand_ledgers"] == 0
    assert not again.changed
    assert lines().count() == before
    assert AuditEvent.objects.count() == audit_before


def test_the_build_is_audited_in_one_verified_chain(demo):
    record = AuditEvent.objects.get(action="import", object_type="ledgers.ledgerentry")
    assert record.after["entries"] == lines().count()
    assert record.after["by_kind"]["收文"] == lines().filter(kind="收文").count()
    # the second quarter's four comparisons, and four after the criteria training (learning step)
    assert AuditEvent.objects.filter(action="import", object_type="ledgers.handledger").count() == 8
    assert audit_verify().ok


def test_hand_made_ledgers_show_the_typical_mistakes(demo):
    assert HandLedger.objects.filter(county__code="QH").count() == 8  # 4 after the training
    ledgers = HandLedger.objects.filter(county__code="QH", date_to__month=6)
    assert ledgers.count() == 4
    for ledger in ledgers:
        assert ledger.accuracy is not None and 0.8 < ledger.accuracy < 1
        assert ledger.missed > 0 and ledger.agreed > 20
    hand_lines = HandLedgerLine.objects.filter(hand_ledger__in=ledgers)
    wrong_rules = set(hand_lines.filter(outcome="wrong").values_list("rule", flat=True))
    assert {"D-OUT-2", "D-OUT-4", "M-OUT-2"} <= wrong_rules
    missed_rules = set(hand_lines.filter(outcome="missed").values_list("rule", flat=True))
    assert "D-IN-3" in missed_rules
    missed = hand_lines.filter(outcome="missed").values_list("entry__meeting_form", flat=True)
    assert "视频" in set(missed) or "电视电话" in set(missed)
    # 文号 typed in other brackets still agree with the daily ledger
    agreed_other = hand_lines.filter(outcome="agreed", method="doc_no").filter(
        Q(doc_no__contains="[") | Q(doc_no__contains="【") | Q(doc_no__contains="(")
    )
    assert agreed_other.exists()
    assert not hand_lines.filter(outcome="not_in_daily").exists()
