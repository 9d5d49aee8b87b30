"""POST /api/v1/ledger/entries: classification, validation, all-or-nothing and partial, scope."""

from __future__ import annotations

import pytest

from jianfu.core.models import AuditEvent
from jianfu.ledgers.models import LedgerEntry, Source

pytestmark = pytest.mark.django_db


def test_push_stores_and_classifies_every_line(api_as, hk_lines, units):
    api = api_as("hk")
    response = api.push(hk_lines)
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["received"], body["created"], body["duplicates"], body["errors"]) == (5, 5, 0, [])
    assert [e["index"] for e in body["entries"]] == [0, 1, 2, 3, 4]
    assert {e["status"] for e in body["entries"]} == {"created"}
    stored = LedgerEntry.objects.filter(unit=units["hk"]).order_by("date")
    assert stored.count() == 5
    assert {e.source for e in stored} == {Source.API}
    for entry, pushed in zip(stored, body["entries"], strict=True):
        assert (entry.pk, entry.counted, entry.rule, entry.reason) == (
            pushed["id"],
            pushed["counted"],
            pushed["rule"],
            pushed["reason"],
        )
        assert entry.rule and entry.reason
    rules = [e["rule"] for e in body["entries"]]
    assert rules[0] == "D-IN-1" and body["entries"][0]["counted"] is True
    assert rules[1] == "D-OUT-2" and body["entries"][1]["counted"] is False
    assert rules[2] == "O-UP-1" and body["entries"][2]["counted"] is False
    first = stored[0]
    assert first.counterpart_unit == units["xwb"]
    assert first.created_by.startswith("token:") and first.extras == {"external_id": "OA-2025-0301"}
    meeting = LedgerEntry.objects.get(unit=units["hk"], kind="参会")
    assert meeting.counterpart_unit == units["ny"] and meeting.duration_minutes == 120
    assert LedgerEntry.objects.get(kind="受检").materials_requested is True


def test_one_audit_record_per_push(api_as, hk_lines, units):
    before = AuditEvent.objects.filter(action="import").count()
    api_as("hk").push(hk_lines)
    events = AuditEvent.objects.filter(action="import", object_type="ledgers.ledgerentry")
    assert events.count() == before + 1
    event = events.latest("id")
    assert event.channel == "api" and event.username.startswith("token:")
    assert event.county_id == units["hk"].county_id
    assert event.after["created"] == 5 and event.after["unit"] == "QH-HK"


def test_every_bad_line_is_listed_and_nothing_is_stored(api_as, hk_lines, units):
    lines = [*hk_lines]
    lines[1] = {**lines[1], "kind": "来文"}
    lines[3] = {**lines[3], "date": "2025-02-30", "duration_minutes": -5}
    lines.append({"kind": "发文", "date": "2025/03/08", "title": "   "})
    response = api_as("hk").push(lines)
    assert response.status_code == 422
    body = response.json()
    assert body["created"] == 0 and body["entries"] == []
    found = {(e["index"], e["field"]) for e in body["errors"]}
    assert found == {
        (1, "kind"),
        (3, "date"),
        (3, "duration_minutes"),
        (5, "date"),
        (5, "title"),
    }
    bad_kind = next(e for e in body["errors"] if e["field"] == "kind")
    assert bad_kind["value"] == "来文" and "收文" in bad_kind["message"]
    no_day = next(e for e in body["errors"] if e["index"] == 3 and e["field"] == "date")
    assert no_day["value"] == "2025-02-30" and "没有这一天" in no_day["message"]
    assert not LedgerEntry.objects.filter(unit=units["hk"]).exists()


def test_partial_stores_the_valid_lines(api_as, hk_lines, units):
    lines = [*hk_lines]
    lines[2] = {**lines[2], "title": "长" * 501}
    response = api_as("hk").push(lines, partial=True)
    assert response.status_code == 200
    body = response.json()
    assert body["created"] == 4 and [e["index"] for e in body["entries"]] == [0, 1, 3, 4]
    assert [(e["index"], e["field"]) for e in body["errors"]] == [(2, "title")]
    assert "500" in body["errors"][0]["message"]
    assert LedgerEntry.objects.filter(unit=units["hk"]).count() == 4


def test_lines_of_the_wrong_shape_are_errors_of_those_lines(api_as, hk_lines):
    """A missing field or a value of the wrong type is that line's error, with the value sent;
    with ?partial=true the other lines are stored (not a refusal of the whole request)."""
    lines = [dict(line) for line in hk_lines]
    del lines[1]["title"]
    lines[3] = {**lines[3], "duration_minutes": "两小时"}
    lines[4] = {**lines[4], "materials_requested": "是", "counterpart": {"name": "县委办"}}
    response = api_as("hk").push(lines)
    assert response.status_code == 422
    found = {(e["index"], e["field"], e["value"]) for e in response.json()["errors"]}
    assert found == {
        (1, "title", ""),
        (3, "duration_minutes", "两小时"),
        (4, "materials_requested", "是"),
        (4, "counterpart", '{"name": "县委办"}'),
    }
    assert not LedgerEntry.objects.exists()
    stored = api_as("hk").push(lines, partial=True).json()
    assert stored["created"] == len(lines) - 3 and len(stored["errors"]) == 4
    assert LedgerEntry.objects.count() == len(lines) - 3


def test_a_query_error_names_the_value_sent(api_as):
    response = api_as("hk").get("/ledger/entries?from=2025-13-01")
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert (error["field"], error["value"]) == ("from", "2025-13-01")
    (error,) = api_as("hk").get("/ledger/entries?limit=5000").json()["errors"]
    said = (error["field"], error["value"], error["message"])
    assert said == ("limit", "5000", "不能大于 1000。")


def test_more_than_1000_lines_are_refused(api_as, units):
    lines = [
        {"kind": "收文", "date": "2025-04-01", "title": f"关于报送第{i}批材料的通知"}
        for i in range(1001)
    ]
    response = api_as("hk").push(lines)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "lines"
    assert not LedgerEntry.objects.exists()


def test_lines_already_in_the_ledger_are_duplicates(api_as, hk_lines, units):
    api = api_as("hk")
    first = api.push(hk_lines[:3]).json()
    # Another key: same lines written slightly differently (spaces, bracket style) plus new ones.
    again = [
        {
            **hk_lines[0],
            "doc_no": "县委办发[2025]12号",
            "title": "关于做好2025年春耕生产工作的通知 ",
        },
        *hk_lines[1:],
        {**hk_lines[4]},  # twice in the same push
    ]
    body = api.push(again).json()
    assert (body["created"], body["duplicates"]) == (2, 4)
    by_index = {e["index"]: e for e in body["entries"]}
    assert by_index[0]["status"] == "duplicate" and by_index[0]["id"] == first["entries"][0]["id"]
    assert by_index[5]["status"] == "duplicate" and by_index[5]["id"] == by_index[4]["id"]
    assert LedgerEntry.objects.filter(unit=units["hk"]).count() == 5


def test_same_line_in_another_unit_is_not_a_duplicate(api_as, hk_lines, units):
    api_as("hk").push(hk_lines[:1])
    body = api_as("cg").push(hk_lines[:1]).json()
    assert body["created"] == 1
    assert LedgerEntry.objects.filter(unit=units["cg"]).count() == 1


def test_token_cannot_push_for_another_unit(api_as, hk_lines, units):
    response = api_as("hk").push(hk_lines, unit="QH-CG")
    assert response.status_code == 404
    assert not LedgerEntry.objects.exists()
    assert api_as("hk").push(hk_lines[:1], unit="QH-HK").status_code == 200


def test_missing_idempotency_key_is_refused(api_as, hk_lines):
    response = api_as("hk").push(hk_lines, key=None)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "Idempotency-Key"
    assert api_as("hk").push(hk_lines, key="k" * 129).status_code == 400
    assert not LedgerEntry.objects.exists()


# --- session users: the CSRF-checked web session, scoped by role and data scope ---------------


def session_push(client, user, lines, unit=None):
    from .conftest import Api

    client.force_login(user)
    return Api(client).push(lines, unit=unit)


def test_clerk_pushes_for_own_unit_by_session(client, users, hk_lines, units):
    response = session_push(client, users["clerk_hk"], hk_lines, unit="QH-HK")
    assert response.status_code == 200
    entry = LedgerEntry.objects.filter(unit=units["hk"]).first()
    assert entry.created_by == "clerk_hk"


def test_session_push_needs_a_unit_in_scope(client, users, hk_lines):
    assert session_push(client, users["clerk_hk"], hk_lines).status_code == 400
    assert session_push(client, users["clerk_hk"], hk_lines, unit="QH-CG").status_code == 404
    assert session_push(client, users["clerk_hk"], hk_lines, unit="XX-404").status_code == 404
    assert not LedgerEntry.objects.exists()


def test_coordinator_pushes_for_any_unit_of_the_county(client, users, hk_lines, units):
    assert session_push(client, users["coordinator"], hk_lines, unit="QH-CG").status_code == 200
    assert LedgerEntry.objects.filter(unit=units["cg"]).count() == 5


@pytest.mark.parametrize("who", ["leader_ny", "approver", "inspector", "sysadmin", "auditadmin"])
def test_roles_without_ledger_edit_get_403(client, users, hk_lines, who):
    response = session_push(client, users[who], hk_lines, unit="QH-NY")
    assert response.status_code == 403
    assert not LedgerEntry.objects.exists()


def test_session_push_needs_csrf(users, hk_lines):
    from django.test import Client

    from .conftest import Api

    client = Client(enforce_csrf_checks=True)
    client.force_login(users["clerk_hk"])
    response = Api(client).push(hk_lines, unit="QH-HK")
    assert response.status_code == 403
    assert "CSRF 令牌" in response.json()["detail"]  # said in Chinese, not django-ninja's English
    assert not LedgerEntry.objects.exists()


def test_anonymous_push_is_401(client, hk_lines):
    from .conftest import Api

    assert Api(client).push(hk_lines, unit="QH-HK").status_code == 401


def _lines(n: int, day: int) -> list[dict]:
    counterparts = ["县委办", "教育局", "农业农村局", "市委办公室", "县人民政府办公室", "城关镇"]
    kinds = ["收文", "参会", "受检", "发文"]
    return [
        {
            "kind": kinds[i % 4],
            "date": f"2025-08-{day:02d}",
            "title": f"关于做好第{i}项重点工作的通知",
            "counterpart": counterparts[i % len(counterparts)],
            "doc_no": f"县委办发〔2025〕{i}号" if i % 3 == 0 else "",
        }
        for i in range(n)
    ]


def test_push_is_bulk_queries_do_not_grow_with_lines(api_as, units):
    """One duplicate check, one bulk insert (SQLite splits it at 999 parameters), one audit."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api = api_as("hk")
    api.get("/ledger/entries")  # the token's last_used_at is stamped once a minute at most
    other, inserts = [], []
    for n, day in ((10, 1), (400, 2)):
        with CaptureQueriesContext(connection) as queries:
            assert api.push(_lines(n, day)).json()["created"] == n
        sql = [q["sql"] for q in queries.captured_queries]
        inserts.append(sum(s.startswith('INSERT INTO "ledgers_ledgerentry"') for s in sql))
        other.append(len(sql) - inserts[-1])
    assert other[0] == other[1]
    assert inserts[0] == 1 and inserts[1] * 20 <= 400


def test_a_body_that_is_not_json_is_refused_in_chinese(client, issue_token):
    from .conftest import Api

    api = Api(client, issue_token("hk"))
    response = api.client.post(
        "/api/v1/ledger/entries", "{lines: [", "application/json", **api._headers("k-1")
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "请求内容不是有效的 JSON，请检查引号、逗号和括号。"
