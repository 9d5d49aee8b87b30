import pytest

from tests.conftest import PASSWORD


@pytest.mark.django_db
def test_login_then_home_shows_unit_and_role(client, users):
    response = client.post("/login/", {"username": "clerk_ny", "password": PASSWORD})
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert "县农业农村局" in page
    assert "经办人" in page
    # every part is built: the navigation links each part the clerk may use, none is 建设中
    assert "建设中" not in page
    for url in ("/ledgers/", "/filings/", "/filings/quotas/", "/monitoring/",
                "/supervision/", "/learning/"):
        assert f'href="{url}' in page, url


@pytest.mark.django_db
def test_home_requires_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
