"""The filings API: file an item (checks run; submit optional), read it, list, check without
storing; a unit's token never reaches another unit's items."""

from __future__ import annotations

import json

import pytest

from jianfu.filings.models import Filing

from .helpers import DOCUMENT, MEETING

pytestmark = pytest.mark.django_db


def call(client, method, path, token=None, body=None, **params):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    if method == "get":
        return client.get(f"/api/v1{path}", params, **headers)
    return client.post(
        f"/api/v1{path}", json.dumps(body, ensure_ascii=False), "application/json", **headers
    )


def test_token_files_an_item_and_gets_its_checks(client, token_of):
    token = token_of("ny")
    response = call(client, "post", "/filings", token, MEETING)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["unit"] == "QH-NY" and body["status"] == "draft" and body["status_label"] == "草稿"
    codes = {c["code"]: c for c in body["checks"]}
    assert codes["L-M-2"]["result"] == "fail" and "150分钟" in codes["L-M-2"]["reason"]
    filing = Filing.objects.get(pk=body["id"])
    assert filing.unit.code == "QH-NY" and filing.meeting_form == "视频"
    read = call(client, "get", f"/filings/{body['id']}", token)
    assert read.status_code == 200 and read.json()["checks"] == body["checks"]
    listing = call(client, "get", "/filings", token).json()
    assert listing["count"] == 1 and listing["filings"][0]["id"] == body["id"]


def test_token_never_reaches_another_units_items(client, token_of):
    jy = call(client, "post", "/filings", token_of("jy"), DOCUMENT).json()
    ny_token = token_of("ny")
    assert call(client, "get", f"/filings/{jy['id']}", ny_token).status_code == 404
    assert call(client, "get", "/filings", ny_token).json()["count"] == 0
    assert call(client, "get", "/filings", ny_token, unit="QH-JY").status_code == 404
    other = call(client, "post", "/filings", ny_token, {**DOCUMENT, "unit": "QH-JY"})
    assert other.status_code == 404
    assert Filing.objects.filter(unit__code="QH-NY").count() == 0


def test_invalid_item_is_400_naming_fields_and_nothing_stored(client, token_of):
    bad = {**MEETING, "form": "广播", "duration_minutes": None}
    response = call(client, "post", "/filings", token_of("ny"), bad)
    assert response.status_code == 400
    fields = {e["field"] for e in response.json()["errors"]}
    assert {"form", "duration_minutes"} <= fields
    assert not Filing.objects.exists()
    typed = call(client, "post", "/filings", token_of("ny"), {**MEETING, "duration_minutes": "x"})
    assert typed.status_code == 400


def test_check_endpoint_stores_nothing(client, token_of):
    response = call(client, "post", "/filings/check", token_of("ny"), MEETING)
    assert response.status_code == 200
    body = response.json()
    assert body["title"] == MEETING["title"]
    assert {c["code"]: c["result"] for c in body["checks"]}["N-M-06"] == "fail"
    assert not Filing.objects.exists()


def test_session_user_needs_unit_and_scope(client, users):
    client.force_login(users["clerk_ny"])
    assert call(client, "post", "/filings", None, MEETING).status_code == 404  # no unit given
    assert call(client, "post", "/filings", None, {**MEETING, "unit": "QH-NY"}).status_code == 201
    assert call(client, "post", "/filings", None, {**MEETING, "unit": "QH-JY"}).status_code == 404
    client.force_login(users["leader_ny"])
    assert call(client, "post", "/filings", None, {**MEETING, "unit": "QH-NY"}).status_code == 403
    assert call(client, "get", "/filings").json()["count"] == 1


def test_submit_true_submits_or_says_why_not(client, token_of):
    body = {**MEETING, "submit": True}
    response = call(client, "post", "/filings", token_of("ny"), body)
    assert response.status_code == 201
    data = response.json()
    filing = Filing.objects.get(pk=data["id"])
    # either the workflow accepted it (pending) or the reason is given and it stays a draft
    assert (filing.status == "pending" and data["submit_error"] == "") or (
        filing.status == "draft" and data["submit_error"]
    )


def test_submit_with_every_declaration_answered_goes_pending(client, token_of, county):
    from jianfu.filings.services.stages import approval_stages_ensure_default

    approval_stages_ensure_default(county)
    answers = {code: {"ok": True, "note": ""} for code in ("N-M-01", "N-M-04", "N-M-05")}
    body = {**MEETING, "submit": True, "declarations": answers}
    data = call(client, "post", "/filings", token_of("ny"), body).json()
    assert data["submit_error"] == "" and data["status"] == "pending"
    unanswered = call(
        client, "post", "/filings", token_of("ny"), {**MEETING, "submit": True}
    ).json()
    assert unanswered["status"] == "draft" and "N-M-01" in unanswered["submit_error"]
