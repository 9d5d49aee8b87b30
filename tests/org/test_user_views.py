import io

import pytest
from openpyxl import load_workbook

from jianfu.core.models import AuditEvent
from jianfu.org.models import County, Unit, User
from tests.conftest import PASSWORD
from tests.org.test_unit_views import ALL

GOOD = "Qh-Strong#2025x"


def login(client, users, who):
    client.force_login(users[who])
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("who", ALL)
def test_user_pages_by_role(client, users, who):
    login(client, users, who)
    target = users["clerk_jy"].pk
    view = 200 if who in ("sysadmin", "secadmin") else 403
    assert client.get("/org/users/").status_code == view
    assert client.get("/org/users/export/").status_code == view
    manage = 200 if who == "sysadmin" else 403
    for url in ("/org/users/new/", f"/org/users/{target}/edit/", f"/org/users/{target}/password/"):
        assert client.get(url).status_code == manage, url
    expected_post = 302 if who == "sysadmin" else 403
    assert client.post(f"/org/users/{target}/active/", {"active": "1"}).status_code == expected_post
    unlock = 302 if who == "secadmin" else 403
    assert client.post(f"/org/users/{target}/unlock/").status_code == unlock


@pytest.mark.django_db
def test_secadmin_list_is_read_only(client, users):
    html = login(client, users, "secadmin").get("/org/users/").content.decode()
    assert "clerk_ny" in html
    assert "新增用户" not in html and "重置密码" not in html and "/edit/" not in html


@pytest.mark.django_db
def test_sysadmin_list_offers_no_edit_for_admin_accounts(client, users):
    page = login(client, users, "sysadmin").get("/org/users/?per_page=100")
    html = page.content.decode()
    assert f"/org/users/{users['clerk_ny'].pk}/edit/" in html
    for admin in ("sysadmin", "secadmin", "auditadmin"):
        assert f"/org/users/{users[admin].pk}/edit/" not in html
        assert client.get(f"/org/users/{users[admin].pk}/edit/").status_code == 404
        assert client.post(f"/org/users/{users[admin].pk}/active/").status_code == 404


@pytest.mark.django_db
def test_filters(client, users, units):
    login(client, users, "sysadmin")
    assert client.get("/org/users/?role=clerk").context["total"] == 3
    assert client.get(f"/org/users/?unit={units['ny'].pk}").context["total"] == 2
    User.objects.filter(pk=users["clerk_hk"].pk).update(is_active=False)
    assert client.get("/org/users/?active=0").context["total"] == 1
    assert client.get("/org/users/?q=leader").context["total"] == 1


@pytest.mark.django_db
def test_other_county_accounts_are_invisible(client, users):
    other = County.objects.create(code="LS", name="柳山县")
    unit = Unit.objects.create(county=other, code="LS-1", name="柳山县教育局", kind="department")
    stranger = User.objects.create(username="ls_clerk", role="clerk", county=other, unit=unit)
    login(client, users, "sysadmin")
    assert "ls_clerk" not in client.get("/org/users/?per_page=100").content.decode()
    assert client.get(f"/org/users/{stranger.pk}/edit/").status_code == 404
    login(client, users, "secadmin")
    assert client.post(f"/org/users/{stranger.pk}/unlock/").status_code == 404


@pytest.mark.django_db
def test_create_user_through_the_form(client, users, units):
    login(client, users, "sysadmin")
    form = {
        "username": "new_clerk",
        "display_name": "王五",
        "role": "clerk",
        "unit": units["jy"].pk,
        "password1": GOOD,
        "password2": GOOD,
    }
    response = client.post("/org/users/new/", form)
    assert response.status_code == 302
    user = User.objects.get(username="new_clerk")
    assert user.county_id == units["jy"].county_id and user.check_password(GOOD)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["sysadmin", "secadmin", "auditadmin"])
def test_form_cannot_give_admin_roles(client, users, units, role):
    login(client, users, "sysadmin")
    form = {
        "username": "sneaky",
        "display_name": "x",
        "role": role,
        "unit": units["jy"].pk,
        "password1": GOOD,
        "password2": GOOD,
    }
    page = client.post("/org/users/new/", form)
    assert page.status_code == 200 and not User.objects.filter(username="sneaky").exists()
    edit = {"display_name": "x", "role": role, "unit": units["ny"].pk}
    client.post(f"/org/users/{users['clerk_ny'].pk}/edit/", edit)
    users["clerk_ny"].refresh_from_db()
    assert users["clerk_ny"].role == "clerk"


@pytest.mark.django_db
def test_weak_password_shown_next_to_field_and_input_kept(client, users, units):
    login(client, users, "sysadmin")
    form = {
        "username": "new_clerk",
        "display_name": "王五",
        "role": "clerk",
        "unit": units["jy"].pk,
        "password1": "abc",
        "password2": "abc",
    }
    html = client.post("/org/users/new/", form).content.decode()
    assert "id_password1_errors" in html
    assert 'value="new_clerk"' in html and 'value="王五"' in html


@pytest.mark.django_db
def test_edit_deactivate_and_reset_password(client, users, units):
    login(client, users, "sysadmin")
    pk = users["clerk_ny"].pk
    response = client.post(
        f"/org/users/{pk}/edit/",
        {
            "display_name": "张三",
            "role": "leader",
            "unit": units["ny"].pk,
            "data_scope": "",
            "assigned_units": [units["hk"].pk],
        },
    )
    assert response.status_code == 302
    user = User.objects.get(pk=pk)
    assert user.role == "leader" and list(user.assigned_units.all()) == [units["hk"]]
    assert client.post(f"/org/users/{pk}/active/", {"active": "0"}).status_code == 302
    assert not User.objects.get(pk=pk).is_active
    response = client.post(f"/org/users/{pk}/password/", {"password1": GOOD, "password2": GOOD})
    assert response.status_code == 302
    assert User.objects.get(pk=pk).check_password(GOOD)
    assert AuditEvent.objects.filter(action="password", object_id=str(pk)).count() == 1


@pytest.mark.django_db
def test_secadmin_unlocks_a_locked_account(client, users):
    for _ in range(5):
        client.post("/login/", {"username": "clerk_ny", "password": "wrong"})
    login(client, users, "secadmin")
    html = client.get("/org/users/?per_page=100").content.decode()
    assert "已锁定" in html and "解除锁定" in html
    response = client.post(f"/org/users/{users['clerk_ny'].pk}/unlock/")
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="unlock", username="secadmin").count() == 1
    client.logout()
    ok = client.post("/login/", {"username": "clerk_ny", "password": PASSWORD})
    assert ok.status_code == 302


@pytest.mark.django_db
def test_user_export(client, users):
    login(client, users, "secadmin")
    User.objects.filter(pk=users["clerk_ny"].pk).update(display_name="+cmd|' /C calc'!A0")
    sheet = load_workbook(io.BytesIO(client.get("/org/users/export/").content)).active
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "'+cmd|' /C calc'!A0" in names


@pytest.mark.django_db
def test_deactivated_user_loses_the_session(client, users):
    from django.test import Client

    victim = Client()
    victim.force_login(users["clerk_ny"])
    assert victim.get("/org/units/").status_code == 200
    login(client, users, "sysadmin")
    client.post(f"/org/users/{users['clerk_ny'].pk}/active/", {"active": "0"})
    response = victim.get("/org/units/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
