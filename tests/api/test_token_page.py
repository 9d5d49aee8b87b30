"""The API token page: only the system administrator; the secret is shown once; revoke."""

from __future__ import annotations

import re

import pytest

from jianfu.api.models import ApiToken
from jianfu.api.tokens import api_token_authenticate
from jianfu.core.models import AuditEvent
from jianfu.org.models import County, Unit

pytestmark = pytest.mark.django_db

OTHERS = ["clerk_ny", "clerk_hk", "leader_ny", "coordinator", "approver", "inspector",
          "secadmin", "auditadmin"]  # fmt: skip


@pytest.mark.parametrize("who", OTHERS)
def test_other_roles_get_403(client, users, issue_token, who):
    issue_token("hk")
    token = ApiToken.objects.get()
    client.force_login(users[who])
    assert client.get("/api-tokens/").status_code == 403
    assert client.get("/api-tokens/new/").status_code == 403
    response = client.post("/api-tokens/new/", {"unit": token.unit_id, "name": "越权"})
    assert response.status_code == 403
    assert client.post(f"/api-tokens/{token.pk}/revoke/").status_code == 403
    assert ApiToken.objects.count() == 1 and ApiToken.objects.get().revoked_at is None


def test_anonymous_goes_to_login(client):
    response = client.get("/api-tokens/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_sysadmin_issues_a_token_and_sees_it_once(client, users, units):
    client.force_login(users["sysadmin"])
    assert client.get("/api-tokens/").status_code == 200
    form = client.get("/api-tokens/new/")
    assert "河口乡" in form.content.decode()
    response = client.post(
        "/api-tokens/new/", {"unit": units["hk"].pk, "name": "河口乡 OA 推送", "expires_on": ""}
    )
    assert response.status_code == 200
    html = response.content.decode()
    plaintext = re.search(r'data-testid="token-secret">(jf_[^<]+)<', html).group(1)
    assert "只显示这一次" in html
    assert "no-store" in response["Cache-Control"]
    token = api_token_authenticate(plaintext)
    assert token is not None and token.unit == units["hk"] and token.created_by == users["sysadmin"]
    listing = client.get("/api-tokens/").content.decode()
    assert f"jf_{token.prefix}_" in listing and plaintext not in listing
    assert "河口乡 OA 推送" in listing
    event = AuditEvent.objects.get(action="create", object_type="api.apitoken")
    assert event.username == "sysadmin" and event.channel == "web"


def test_form_errors_are_shown(client, users, units):
    client.force_login(users["sysadmin"])
    response = client.post(
        "/api-tokens/new/", {"unit": units["hk"].pk, "name": "", "expires_on": "2001-01-01"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "field-errors" in html and "有效期不能早于今天" in html
    assert not ApiToken.objects.exists()


def test_sysadmin_revokes(client, users, issue_token):
    plaintext = issue_token("cg", name="城关镇 OA")
    token = ApiToken.objects.get()
    client.force_login(users["sysadmin"])
    response = client.post(f"/api-tokens/{token.pk}/revoke/", follow=True)
    assert response.status_code == 200 and "已吊销" in response.content.decode()
    assert api_token_authenticate(plaintext) is None
    assert client.get("/api-tokens/?state=revoked").context["total"] == 1
    assert client.get("/api-tokens/?state=active").context["total"] == 0
    assert AuditEvent.objects.filter(action="update", object_type="api.apitoken").count() == 1
    assert client.get(f"/api-tokens/{token.pk}/revoke/").status_code == 405


def test_filter_by_unit(client, users, units, issue_token):
    issue_token("cg")
    issue_token("hk")
    issue_token("hk", name="备用")
    client.force_login(users["sysadmin"])
    assert client.get(f"/api-tokens/?unit={units['hk'].pk}").context["total"] == 2
    assert client.get("/api-tokens/").context["total"] == 3


def test_another_countys_tokens_are_out_of_reach(client, users, issue_token, make_user):
    from jianfu.api.tokens import api_token_create
    from jianfu.core.actor import Actor

    other = County.objects.create(code="LS", name="柳山县")
    unit = Unit.objects.create(county=other, code="LS-JY", name="柳山县教育局", kind="department")
    foreign = api_token_create(actor=Actor.system(), unit=unit, name="柳山 OA").token
    client.force_login(users["sysadmin"])
    assert client.get("/api-tokens/").context["total"] == 0
    assert client.post(f"/api-tokens/{foreign.pk}/revoke/").status_code == 404
    response = client.post("/api-tokens/new/", {"unit": unit.pk, "name": "越界"})
    assert response.status_code == 200 and not ApiToken.objects.filter(name="越界").exists()


def test_navigation_shows_the_page_to_the_sysadmin_only(client, users):
    client.force_login(users["sysadmin"])
    assert "/api-tokens/" in client.get("/").content.decode()
    client.force_login(users["coordinator"])
    assert "/api-tokens/" not in client.get("/").content.decode()
