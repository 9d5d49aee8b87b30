import io

import pytest
from openpyxl import load_workbook

from jianfu.core.models import AuditEvent
from jianfu.org.models import County, Unit, UnitKind
from tests.org.helpers import ROWS, xlsx

ALL = [
    "clerk_ny",
    "clerk_jy",
    "clerk_hk",
    "leader_ny",
    "coordinator",
    "approver",
    "inspector",
    "sysadmin",
    "secadmin",
    "auditadmin",
]
CAN_VIEW = set(ALL) - {"secadmin", "auditadmin"}


def login(client, users, who):
    client.force_login(users[who])
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("who", ALL)
def test_unit_pages_by_role(client, users, units, who):
    login(client, users, who)
    own = users[who].unit
    expected_view = 200 if who in CAN_VIEW else 403
    assert client.get("/org/units/").status_code == expected_view
    assert client.get("/org/units/export/").status_code == expected_view
    assert client.get(f"/org/units/{own.pk}/").status_code == expected_view
    manage = 200 if who == "sysadmin" else 403
    for url in (
        "/org/units/new/",
        f"/org/units/{own.pk}/edit/",
        "/org/units/import/",
        "/org/units/import/template/",
    ):
        assert client.get(url).status_code == manage, url


@pytest.mark.django_db
def test_clerk_sees_only_own_unit_and_gets_404_for_another(client, users, units):
    login(client, users, "clerk_ny")
    page = client.get("/org/units/")
    assert page.context["total"] == 1
    assert "县农业农村局" in page.content.decode()
    assert "县教育局" not in page.content.decode()
    assert client.get(f"/org/units/{units['jy'].pk}/").status_code == 404


@pytest.mark.django_db
def test_leader_sees_unit_tree(client, users, units):
    Unit.objects.filter(pk=units["hk"].pk).update(parent=units["ny"])
    login(client, users, "leader_ny")
    assert client.get("/org/units/").context["total"] == 2
    assert client.get(f"/org/units/{units['hk'].pk}/").status_code == 200
    assert client.get(f"/org/units/{units['jy'].pk}/").status_code == 404


@pytest.mark.django_db
def test_other_county_is_404_even_for_sysadmin(client, users, units):
    other = County.objects.create(code="LS", name="柳山县")
    foreign = Unit.objects.create(
        county=other, code="LS-1", name="柳山县教育局", kind=UnitKind.DEPARTMENT
    )
    login(client, users, "sysadmin")
    assert client.get(f"/org/units/{foreign.pk}/").status_code == 404
    assert client.get(f"/org/units/{foreign.pk}/edit/").status_code == 404
    assert "柳山县教育局" not in client.get("/org/units/?per_page=100").content.decode()


@pytest.mark.django_db
def test_filters_paging_and_empty_state(client, users, units):
    login(client, users, "coordinator")
    assert client.get("/org/units/?kind=township").context["total"] == 2
    assert client.get("/org/units/?obs=1").context["total"] == 2
    assert client.get("/org/units/?area=东片").context["total"] == 1
    assert client.get("/org/units/?system=教育").context["total"] == 1
    assert client.get("/org/units/?q=农业农村").context["total"] == 1
    for n in range(30):
        Unit.objects.create(
            county=units["ny"].county, code=f"Z{n:02}", name=f"单位{n}", kind="department"
        )
    page = client.get("/org/units/?per_page=20")
    assert len(page.context["page_obj"].object_list) == 20
    assert len(client.get("/org/units/?per_page=50").context["page_obj"].object_list) == 36
    assert client.get("/org/units/?per_page=7").context["per_page"] == 20
    empty = client.get("/org/units/?q=不存在").content.decode()
    assert "没有符合条件的单位" in empty and "重置" in empty


@pytest.mark.django_db
def test_export_is_scoped_neutralised_and_audited(client, users, units):
    Unit.objects.filter(pk=units["ny"].pk).update(short_name="=1+1", system="@SUM(A1)")
    login(client, users, "clerk_ny")
    response = client.get("/org/units/export/")
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:3] == ("单位名称", "简称", "编码")
    data = rows[2:]
    assert len(data) == 1  # the clerk's own unit only
    assert data[0][1] == "'=1+1" and data[0][4] == "'@SUM(A1)"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert AuditEvent.objects.filter(action="export", object_type="org.unit").count() == 1


@pytest.mark.django_db
def test_create_keeps_input_and_shows_errors_next_to_fields(client, users, units):
    login(client, users, "sysadmin")
    form = {
        "code": "QH-NY",
        "name": "县审计局",
        "short_name": "审计局",
        "kind": "department",
        "system": "审计",
        "aliases": "审计、县审计",
        "is_active": "on",
    }
    page = client.post("/org/units/new/", form)
    assert page.status_code == 200
    html = page.content.decode()
    assert "已被其他单位使用" in html
    assert 'value="县审计局"' in html and "审计、县审计" in html
    form["code"] = "QH-SJ"
    response = client.post("/org/units/new/", form)
    unit = Unit.objects.get(code="QH-SJ")
    assert response.status_code == 302 and response["Location"] == f"/org/units/{unit.pk}/"
    assert sorted(unit.aliases.values_list("name", flat=True)) == ["县审计", "审计"]
    assert unit.is_active


@pytest.mark.django_db
def test_required_fields_in_chinese(client, users, units):
    login(client, users, "sysadmin")
    html = client.post("/org/units/new/", {"name": "x"}).content.decode()
    assert "请填写单位编码。" in html and "请选择单位类型。" in html


@pytest.mark.django_db
def test_edit_updates_and_audits(client, users, units):
    login(client, users, "sysadmin")
    unit = units["jy"]
    response = client.post(
        f"/org/units/{unit.pk}/edit/",
        {
            "code": unit.code,
            "name": unit.name,
            "short_name": "教体局",
            "kind": unit.kind,
            "system": "教育",
            "area": "",
            "aliases": "县教体局",
            "is_pilot": "on",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.short_name == "教体局" and unit.is_pilot
    event = AuditEvent.objects.get(action="update", object_type="org.unit")
    assert event.before["short_name"] == "教育局" and event.after["aliases"] == ["县教体局"]


@pytest.mark.django_db
def test_import_page_good_and_bad_files(client, users, county, tmp_path):
    login(client, users, "sysadmin")
    before = Unit.objects.count()
    bad = xlsx(tmp_path / "bad.xlsx", [[1, "县审计局", "", "QH-SJ", "局", "", "", "否", ""]])
    with bad.open("rb") as f:
        page = client.post("/org/units/import/", {"file": f})
    html = page.content.decode()
    assert page.status_code == 200 and "未导入任何单位" in html and "类型应为" in html
    assert Unit.objects.count() == before
    good = xlsx(
        tmp_path / "good.xlsx", [*ROWS[2:], [9, "县审计局", "", "QH-SJ", "部门", "", "", "否", ""]]
    )
    with good.open("rb") as f:
        response = client.post("/org/units/import/", {"file": f})
    assert response.status_code == 302
    assert Unit.objects.filter(code="QH-SJ").exists()


@pytest.mark.django_db
def test_import_page_refuses_fake_and_large_files(client, users, county, tmp_path):
    login(client, users, "sysadmin")
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"MZ\x90\x00 this is not a workbook")
    with fake.open("rb") as f:
        html = client.post("/org/units/import/", {"file": f}).content.decode()
    assert "不是 Excel 工作簿" in html
    large = tmp_path / "large.csv"
    large.write_bytes(b"a," * (3 * 1024 * 1024))
    with large.open("rb") as f:
        html = client.post("/org/units/import/", {"file": f}).content.decode()
    assert "超过 5 MB" in html


@pytest.mark.django_db
def test_template_download_is_a_workbook(client, users, county):
    login(client, users, "sysadmin")
    response = client.get("/org/units/import/template/")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["单位名录", "填写说明"]
