"""The demo county's filings: default routes, quotas with a few units over, the inspection plan,
a year of filings in every state with codes and differences, some items sent without filing —
and a second run adds nothing."""

from __future__ import annotations

import hashlib
import io
from collections import Counter
from datetime import timedelta

import pytest
from django.db import transaction
from django.test import override_settings
from docx import Document

from jianfu.core.actor import Actor
from jianfu.demo.builder import demo_build
from jianfu.demo.ledger_previous import GROWTH_UNITS
from jianfu.demo.steps import STEPS
from jianfu.filings.models import (
    ApprovalStage,
    Filing,
    FilingAttachment,
    FilingDecision,
    GrowthExplanation,
    Quota,
    Status,
)
from jianfu.filings.selectors.quotas import quota_balances
from jianfu.filings.services.codes import filing_verify
from jianfu.filings.services.unfiled import filings_unfiled
from jianfu.org.models import County
from tests.demo.today import DEMO_TODAY, DEMO_YEAR

pytestmark = pytest.mark.django_db

NEEDED = ("county", "units", "aliases", "users", "assignments", "rules", "ledgers", "filings")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    steps = [s for s in STEPS if s.name in NEEDED]
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=str(media)),
        transaction.atomic(),
    ):
        first = demo_build(actor=Actor.command(), steps=steps)
        second = demo_build(actor=Actor.command(), steps=steps)
        yield {"first": first, "second": second, "media": media}
        transaction.set_rollback(True)


def filings():
    return Filing.objects.filter(county__code="QH")


def test_every_state_is_there(demo):
    statuses = Counter(filings().values_list("status", flat=True))
    assert set(statuses) == set(Status.values)
    assert statuses[Status.APPROVED] + statuses[Status.ARCHIVED] > 1000
    pending_stages = set(
        filings().filter(status=Status.PENDING).values_list("stage_order", flat=True)
    )
    assert pending_stages == {1, 2, 3}
    assert demo["first"].created["filings"] == filings().count()


def test_codes_are_unique_and_verify(demo):
    approved = filings().filter(status__in=(Status.APPROVED, Status.ARCHIVED))
    codes = list(approved.values_list("verify_code", flat=True))
    assert len(codes) == len(set(codes)) and all(len(c) == 8 for c in codes)
    f = approved.order_by("id").first()
    assert filing_verify(f.verify_code).valid
    assert f.reg_no.startswith(f"QH-{DEMO_YEAR}-")
    assert not filings().filter(status=Status.DRAFT).exclude(reg_no="").exists()


def test_histories_and_comments(demo):
    returned = filings().filter(status=Status.RETURNED).first()
    last = returned.decisions.order_by("id").last()
    assert last.action == FilingDecision.Action.RETURN and last.comment
    approved = filings().filter(status=Status.APPROVED).first()
    assert approved.decisions.order_by("id").first().action == "submit"
    assert approved.version == approved.decisions.count() + 1


def test_archived_with_differences(demo):
    archived = filings().filter(status=Status.ARCHIVED)
    with_diff = [f for f in archived if f.differences]
    codes = {d["code"] for f in with_diff for d in f.differences}
    assert {"ARC-OVERTIME", "ARC-TARGETS"} <= codes
    assert len(with_diff) < archived.count() / 3


def test_routes_quotas_and_overrun(demo):
    county = County.objects.get(code="QH")
    assert ApprovalStage.objects.filter(county=county).count() == 20
    assert Quota.objects.filter(county=county, year=DEMO_YEAR).count() > 50
    balances = quota_balances(county, DEMO_YEAR)
    over = {unit for (unit, _kind), b in balances.items() if b.is_set and b.remaining < 0}
    assert len(over) >= 3


def test_some_items_were_sent_without_filing(demo):
    report = filings_unfiled(County.objects.get(code="QH"), None, None)
    assert report.total > 0 and report.matched > 5 * report.total


def test_second_run_adds_nothing(demo):
    assert not demo["second"].changed and demo["second"].audit_records == 0
    assert demo["first"].created["approval_stages"] == 20


def test_the_year_runs_up_to_today_with_next_week_pending(demo):
    later = filings().filter(date__gt=DEMO_TODAY)
    assert later.exists()
    assert set(later.values_list("status", flat=True)) == {Status.PENDING}
    assert not later.filter(date__gt=DEMO_TODAY + timedelta(days=7)).exists()
    assert not filings().filter(status=Status.ARCHIVED, archived_at__date__gt=DEMO_TODAY).exists()
    # quotas for this year and last year; the growth unit filed its 只减不增 explanation
    assert Quota.objects.filter(year=DEMO_YEAR - 1).count() > 50
    explanation = GrowthExplanation.objects.get()
    assert explanation.unit.code in GROWTH_UNITS and explanation.year == DEMO_YEAR


def test_negative_list_hits_and_inspections_outside_the_plan(demo):
    approved = filings().filter(status__in=(Status.APPROVED, Status.ARCHIVED))
    hits = {
        check["code"]
        for checks in approved.values_list("checks", flat=True)
        for check in checks
        if check.get("result") == "fail"
    }
    assert any(code.startswith("N-D-") for code in hits)
    assert any(code.startswith("N-M-") for code in hits)
    outside = approved.filter(kind="inspection", plan_item__isnull=True, one_off=False)
    assert 0 < outside.count() < approved.filter(kind="inspection").count() / 5


def test_some_archived_filings_keep_a_generated_docx(demo):
    attachments = FilingAttachment.objects.select_related("filing")
    assert 20 <= attachments.count() <= 60
    assert {a.filing.status for a in attachments} == {Status.ARCHIVED}
    assert {a.purpose for a in attachments} >= {"text", "materials"}
    for attachment in attachments:
        assert attachment.stored_file.startswith("filings/") and attachment.filename.endswith(
            ".docx"
        )
        # stored under the MEDIA_ROOT of the build (the module's), by a server-made name
        data = (demo["media"] / attachment.stored_file).read_bytes()
        assert attachment.size == len(data)
        assert attachment.sha256 == hashlib.sha256(data).hexdigest()
        assert Document(io.BytesIO(data)).paragraphs[0].text == attachment.filing.title
