import pytest

from tests.conftest import PASSWORD


@pytest.mark.django_db
def test_login_then_home_shows_unit_and_role(client, users):
    response = client.post("/login/", {"username": "clerk_ny", "password": PASSWORD})
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert "县农业农村局" in page
    assert "经办人" in page
    assert "建设中" in page  # parts not built yet are marked, not linked


@pytest.mark.django_db
def test_home_requires_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
