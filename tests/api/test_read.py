"""GET /api/v1/ledger/entries and /entries/{id}: scoped to the token's unit or the user's scope."""

from __future__ import annotations

import pytest

from jianfu.ledgers.exports import entry_dict
from jianfu.ledgers.models import LedgerEntry

from .conftest import Api

pytestmark = pytest.mark.django_db

CG_LINES = [
    {
        "kind": "收文",
        "date": "2025-05-06",
        "title": "关于开展汛前安全隐患排查的通知",
        "counterpart": "县委办",
    },
    {
        "kind": "发文",
        "date": "2025-05-08",
        "title": "城关镇关于做好夏粮收购工作的通知",
        "doc_no": "城政发〔2025〕8号",
    },
]


@pytest.fixture
def two_ledgers(api_as, hk_lines):
    hk = api_as("hk")
    cg = api_as("cg")
    assert hk.push(hk_lines).status_code == 200
    assert cg.push(CG_LINES).status_code == 200
    return hk, cg


def test_token_reads_only_its_unit(two_ledgers):
    hk, cg = two_ledgers
    body = hk.get("/ledger/entries").json()
    assert body["count"] == 5 and {e["unit"] for e in body["entries"]} == {"QH-HK"}
    assert [e["date"] for e in body["entries"]] == sorted(e["date"] for e in body["entries"])
    assert hk.get("/ledger/entries", unit="QH-CG").status_code == 404
    cg_id = cg.get("/ledger/entries").json()["entries"][0]["id"]
    assert hk.get(f"/ledger/entries/{cg_id}").status_code == 404
    assert cg.get(f"/ledger/entries/{cg_id}").status_code == 200


def test_entry_has_the_export_fields(two_ledgers, units):
    hk, _cg = two_ledgers
    first = hk.get("/ledger/entries").json()["entries"][0]
    entry = hk.get(f"/ledger/entries/{first['id']}").json()
    assert entry == first
    assert entry["kind"] == "收文" and entry["date"] == "2025-03-03"
    # the counterpart unit by its code, as `ledger_export` gives it (DESIGN.md 5.3)
    assert entry["counterpart"] == "县委办" and entry["counterpart_unit"] == units["xwb"].code
    exported = entry_dict(LedgerEntry.objects.get(pk=entry["id"]))
    assert {k: entry[k] for k in ("id", "counterpart_unit", "doc_no", "rule")} == {
        k: exported[k] for k in ("id", "counterpart_unit", "doc_no", "rule")
    }
    assert entry["doc_no"] != "" and entry["rule"] == "D-IN-1" and entry["counted"] is True
    assert entry["quota_charged"] is True and entry["reason"]
    assert entry["channel"] == "api" and entry["external_id"] == "OA-2025-0301"
    assert entry["source"] == {"batch": None, "sheet": "", "row": None}


def test_filters_and_paging(two_ledgers):
    hk, _cg = two_ledgers
    assert hk.get("/ledger/entries", kind="收文").json()["count"] == 3
    assert hk.get("/ledger/entries", counted="true").json()["count"] == sum(
        e["counted"] for e in hk.get("/ledger/entries").json()["entries"]
    )
    window = hk.get("/ledger/entries", **{"from": "2025-03-04", "to": "2025-03-06"}).json()
    assert [e["date"] for e in window["entries"]] == ["2025-03-04", "2025-03-05", "2025-03-06"]
    page = hk.get("/ledger/entries", limit=2, offset=2).json()
    assert page["count"] == 5 and [e["date"] for e in page["entries"]] == [
        "2025-03-05",
        "2025-03-06",
    ]
    bad = hk.get("/ledger/entries", limit=5000, **{"from": "三月"})
    assert bad.status_code == 400
    assert {e["field"] for e in bad.json()["errors"]} == {"limit", "from"}
    assert hk.get("/ledger/entries", kind="来文").status_code == 400


def test_session_scope(client, users, two_ledgers):
    client.force_login(users["clerk_hk"])
    mine = Api(client).get("/ledger/entries").json()
    assert mine["count"] == 5
    assert Api(client).get("/ledger/entries", unit="QH-CG").status_code == 404
    client.force_login(users["coordinator"])
    assert Api(client).get("/ledger/entries").json()["count"] == 7
    assert Api(client).get("/ledger/entries", unit="QH-CG").json()["count"] == 2
    client.force_login(users["sysadmin"])
    assert Api(client).get("/ledger/entries").status_code == 403
    client.force_login(users["auditadmin"])
    assert Api(client).get("/ledger/entries/1").status_code == 403


def test_huge_or_unknown_ids_are_404(two_ledgers):
    hk, _cg = two_ledgers
    assert hk.get("/ledger/entries/999999").status_code == 404
    assert hk.get(f"/ledger/entries/{2**70}").status_code == 404
    assert hk.get("/ledger/entries/0").status_code == 404
