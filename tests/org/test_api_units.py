import pytest

from jianfu.org.models import County, Unit, UnitAlias


def get(client, users, who, url):
    client.force_login(users[who])
    return client.get(f"/api/v1{url}")


@pytest.mark.django_db
def test_unit_detail_in_scope(client, users, units):
    UnitAlias.objects.create(county=units["ny"].county, unit=units["ny"], name="农业局")
    response = get(client, users, "clerk_ny", "/units/QH-NY")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "县农业农村局" and body["aliases"] == ["农业局"]
    assert body["parent"] is None and body["is_active"] is True


@pytest.mark.django_db
def test_unit_outside_scope_is_404(client, users, units):
    assert get(client, users, "clerk_ny", "/units/QH-JY").status_code == 404
    assert get(client, users, "coordinator", "/units/QH-JY").status_code == 200


@pytest.mark.django_db
def test_unit_of_other_county_is_404(client, users, units):
    other = County.objects.create(code="LS", name="柳山县")
    Unit.objects.create(county=other, code="LS-1", name="柳山县教育局", kind="department")
    assert get(client, users, "coordinator", "/units/LS-1").status_code == 404
    assert get(client, users, "sysadmin", "/units/LS-1").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["secadmin", "auditadmin"])
def test_admins_without_unit_view_get_403(client, users, units, who):
    assert get(client, users, who, "/units/QH-NY").status_code == 403
    assert get(client, users, who, "/units").status_code == 403


@pytest.mark.django_db
def test_unit_list_is_scoped(client, users, units):
    codes = [u["code"] for u in get(client, users, "clerk_ny", "/units").json()]
    assert codes == ["QH-NY"]


@pytest.mark.django_db
def test_anonymous_is_refused(client, units):
    assert client.get("/api/v1/units/QH-NY").status_code == 401
