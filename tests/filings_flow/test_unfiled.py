"""Unfiled items: received lines of observation points that match no approved filing; codes in
remarks match first; approved filings are senders for `jianfu reconcile` as well."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from jianfu.filings.models import ItemKind
from jianfu.filings.services.codes import verify_code_display
from jianfu.filings.services.unfiled import filings_unfiled
from jianfu.ledgers.classify import LineInput
from jianfu.ledgers.models import LedgerEntry
from jianfu.ledgers.reconcile.service import reconcile_run
from jianfu.ledgers.services.entries import ledger_entry_create

from .factories import make_filing
from .helpers import actor, approve_fully

pytestmark = pytest.mark.django_db


def received(
    user, unit, title, *, day=date(2025, 6, 11), kind="参会", remarks="", sender="县农业农村局"
):
    return ledger_entry_create(
        actor=actor(user),
        unit=unit,
        line=LineInput(kind=kind, date=day, title=title, counterpart=sender, remarks=remarks),
    )


@pytest.fixture
def approved(stages, units, users):
    f = make_filing(units["ny"], created_by=users["clerk_ny"], title="全县春耕生产工作会议")
    approve_fully(f, users)
    f.refresh_from_db()
    return f


def test_lines_without_an_approved_filing_are_unfiled(approved, units, users):
    hk = users["clerk_hk"]
    matched = received(hk, units["hk"], "全县春耕生产工作会议")
    unfiled = received(hk, units["hk"], "全县秋粮收购调度会", day=date(2025, 9, 3))
    higher = received(hk, units["hk"], "全市防汛视频会", sender="市委办公室")
    report = filings_unfiled(units["ny"].county, date(2025, 1, 1), date(2025, 12, 31))
    assert [s.name for s in report.senders] == ["县农业农村局"]
    ids = [line.id for line in report.senders[0].lines]
    assert ids == [unfiled.pk] and matched.pk not in ids and higher.pk not in ids
    assert report.senders[0].lines[0].counted  # still counted in the sender's statistics
    assert LedgerEntry.objects.get(pk=unfiled.pk).counted


def test_a_code_in_the_remarks_matches_first(approved, units, users):
    hk = users["clerk_hk"]
    # the township wrote the title very differently, but copied the code from the notice
    line = received(
        hk,
        units["hk"],
        "农业局开会",
        day=date(2025, 6, 30),
        remarks=f"报备码 {verify_code_display(approved.verify_code)}",
    )
    report = filings_unfiled(units["ny"].county, date(2025, 1, 1), date(2025, 12, 31))
    assert report.total == 0 and report.matched == 1
    result = reconcile_run(units["ny"].county, date(2025, 1, 1), date(2025, 12, 31))
    match = [m for m in result.matches if m.receiver_id == line.pk]
    assert match and match[0].method == "code" and match[0].sender_id == approved.pk
    assert not result.unfiled


def test_an_unapproved_filing_does_not_count(stages, units, users):
    make_filing(units["ny"], title="全县春耕生产工作会议")  # a draft only
    received(users["clerk_hk"], units["hk"], "全县春耕生产工作会议")
    report = filings_unfiled(units["ny"].county, date(2025, 1, 1), date(2025, 12, 31))
    assert report.total == 1


def test_scope_of_the_page(client, approved, units, users):
    received(users["clerk_hk"], units["hk"], "全县秋粮收购调度会", day=date(2025, 9, 3))
    received(
        users["clerk_hk"],
        units["hk"],
        "全县教师培训部署会",
        day=date(2025, 9, 5),
        sender="县教育局",
    )
    url = reverse("filings:unfiled") + "?from=2025-01-01&to=2025-12-31"
    for name, expected in [("coordinator", 2), ("clerk_ny", 1), ("clerk_jy", 1), ("clerk_hk", 2)]:
        client.force_login(users[name])
        html = client.get(url).content.decode()
        assert html.count('data-testid="unfiled-row"') == expected, name
    client.force_login(users["clerk_ny"])
    assert "全县教师培训部署会" not in client.get(url).content.decode()
    export = client.get(url + "&format=xlsx")
    assert export.status_code == 200
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(export.content)).active
    titles = [c.value for row in sheet.iter_rows() for c in row]
    assert "全县秋粮收购调度会" in titles and "全县教师培训部署会" not in titles


def test_twin_ledger_line_is_not_unreceived(approved, units, users):
    """The department also keeps its own 办会 line for the approved meeting; the township's line
    matching the filing means the ledger line was received too."""
    ledger_entry_create(
        actor=actor(users["clerk_ny"]),
        unit=units["ny"],
        line=LineInput(kind="办会", date=approved.date, title=approved.title, counterpart="河口乡"),
    )
    received(
        users["clerk_hk"],
        units["hk"],
        "农业局开会",
        remarks=verify_code_display(approved.verify_code),
    )
    result = reconcile_run(units["ny"].county, date(2025, 1, 1), date(2025, 12, 31))
    assert not [u for u in result.unreceived if u.unit_id == units["hk"].pk]
    assert result.sent_count[units["ny"].pk] == 1  # filings are not counted as sent lines twice


def test_inspection_kind_maps_to_received_inspections(stages, units, users):
    f = make_filing(
        units["ny"],
        kind=ItemKind.INSPECTION,
        created_by=users["clerk_ny"],
        title="春季安全生产督查",
    )
    approve_fully(f, users)
    received(users["clerk_hk"], units["hk"], "春季安全生产督查", kind="受检")
    report = filings_unfiled(units["ny"].county, date(2025, 1, 1), date(2025, 12, 31))
    assert report.total == 0
