"""R16: two reviewers deciding the same item version at once — exactly one wins, the other gets
the conflict. Real threads on the real database (SQLite file or PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from jianfu.filings.models import Filing, FilingDecision, Status
from jianfu.filings.services.codes import filing_codes_assign
from jianfu.filings.services.workflow import CONFLICT_MESSAGE, FilingConflict, filing_decide

from .factories import make_filing
from .helpers import actor, decide, submit

pytestmark = pytest.mark.django_db(transaction=True)


def _race(filing_pk: int, deciders: list[tuple]) -> list[str]:
    barrier = threading.Barrier(len(deciders))
    results: list[str] = []

    def run(user, action, comment):
        try:
            filing = Filing.objects.select_related("unit").get(pk=filing_pk)
            seen = filing.version
            barrier.wait(timeout=10)
            filing_decide(
                actor=actor(user), filing=filing, seen_version=seen, action=action, comment=comment
            )
            results.append("won")
        except FilingConflict as exc:
            assert exc.messages == [CONFLICT_MESSAGE]
            results.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=d) for d in deciders]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return results


def test_two_reviewers_same_version_exactly_one_wins(stages, units, users, make_user):
    second = make_user("coordinator2", "coordinator", "xwb")
    filing = make_filing(units["ny"], created_by=users["clerk_ny"])
    submit(filing, users["clerk_ny"])
    decide(filing, users["leader_ny"])  # now at the coordinator's stage
    results = _race(
        filing.pk, [(users["coordinator"], "pass", ""), (second, "return", "请压缩时长")]
    )
    assert sorted(results) == ["conflict", "won"]
    filing.refresh_from_db()
    assert filing.version == 4  # created 1, submitted 2, signed 3, one decision 4
    assert FilingDecision.objects.filter(filing=filing, stage_order=2).count() == 1
    assert filing.status in (Status.PENDING, Status.RETURNED)


def test_two_final_approvals_of_different_items_get_different_numbers(
    stages, units, users, make_user
):
    second = make_user("approver2", "approver", "xwb")
    items = []
    for n in range(2):
        f = make_filing(units["ny"], created_by=users["clerk_ny"], title=f"会议{n}")
        submit(f, users["clerk_ny"])
        decide(f, users["leader_ny"])
        decide(f, users["coordinator"])
        items.append(f)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def run(user, pk):
        try:
            f = Filing.objects.select_related("unit").get(pk=pk)
            barrier.wait(timeout=10)
            filing_decide(actor=actor(user), filing=f, seen_version=f.version, action="pass")
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(u, f.pk))
        for u, f in zip([users["approver"], second], items, strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors
    numbers = sorted(
        Filing.objects.filter(pk__in=[f.pk for f in items]).values_list("reg_no", flat=True)
    )
    assert numbers == ["QH-2025-HY-0001", "QH-2025-HY-0002"]


def test_reg_no_skips_a_number_taken_meanwhile(stages, units, users):
    taken = make_filing(
        units["ny"], status=Status.APPROVED, reg_no="QH-2025-HY-0007", verify_code="ABCDEFGH"
    )
    f = make_filing(units["ny"], status=Status.APPROVED)
    assert filing_codes_assign(f)[0] == "QH-2025-HY-0008"
    assert taken.reg_no != f.reg_no
