"""Every count of a township's "what reached me" opens the ledger lines behind it."""

from __future__ import annotations

import html as html_lib
import re

import pytest

from jianfu.ledgers.models import RECEIVED_KINDS, LedgerEntry

from .data import build_scene

PERIOD = "?from=2025-01-01&to=2025-12-31"
DRILL = re.compile(r'<a href="([^"]+)" data-testid="drill">(\d+)</a>')


@pytest.mark.django_db
@pytest.mark.parametrize("clerk", ["clerk_hk", "clerk_cg"])
def test_every_count_drills_down_to_its_lines(client, county, units, users, make_user, clerk):
    build_scene(county, units)
    user = users.get(clerk) or make_user(clerk, "clerk", clerk.split("_")[1])
    client.force_login(user)
    page = client.get("/ledgers/reconcile/" + PERIOD).content.decode()
    links = DRILL.findall(page)
    assert len(links) >= 6  # a sender row and the section's total, three kinds each
    point = units[clerk.split("_")[1]]
    for href, shown in links:
        response = client.get(html_lib.unescape(href))
        assert response.status_code == 200
        assert response.context["total"] == int(shown), href
        lines = list(response.context["page_obj"].object_list)
        assert all(line.unit_id == point.pk and line.kind in RECEIVED_KINDS for line in lines)
    # a count that is not zero lists lines of exactly that sender
    nonzero = next((h, n) for h, n in links if int(n) and "none" not in h and "%2C" not in h)
    response = client.get(html_lib.unescape(nonzero[0]))
    sender_ids = {line.counterpart_unit_id for line in response.context["page_obj"].object_list}
    assert len(sender_ids) == 1 and None not in sender_ids
    assert "仅显示对方单位为" in response.content.decode()


@pytest.mark.django_db
def test_counterpart_filter_unrecognised_and_scope(client, county, units, users):
    build_scene(county, units)
    hk = units["hk"]
    unknown = LedgerEntry.objects.filter(unit=hk, counterpart_unit__isnull=True).count()
    client.force_login(users["clerk_hk"])
    response = client.get("/ledgers/", {"counterpart_unit": "none"})
    assert response.context["total"] == unknown
    ny = units["ny"]
    expected = LedgerEntry.objects.filter(unit=hk, counterpart_unit=ny).count()
    assert expected
    response = client.get("/ledgers/", {"counterpart_unit": str(ny.pk)})
    assert response.context["total"] == expected
    assert "县农业农村局" in response.content.decode()
    # another unit's lines never appear through the filter
    response = client.get("/ledgers/", {"counterpart_unit": f"{ny.pk}", "unit": units["cg"].pk})
    assert response.context["total"] == 0
