"""The reconciliation pages, by who is looking: township (its own point), department (its own
lines as sender), coordinator (the county); another unit's page is a 404."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from jianfu.core.models import AuditEvent

from .data import build_scene

PERIOD = "?from=2025-01-01&to=2025-12-31"


@pytest.fixture
def scene(county, units):
    return build_scene(county, units)


def page(client, user, url):
    client.force_login(user)
    return client.get(url)


@pytest.mark.django_db
def test_township_sees_what_reached_it_and_its_unfiled(client, users, units, scene):
    response = page(client, users["clerk_hk"], "/ledgers/reconcile/" + PERIOD)
    assert response.status_code == 200
    html = response.content.decode()
    assert "本单位收到的文件、会议和检查" in html
    assert "市委办公室" in html and "上级" in html  # the higher level in its own section
    assert "关于报送中小学校舍安全排查情况的通知" in html  # unfiled at 河口乡
    assert "全县教育系统暑期安全工作会" not in html  # 城关镇's, not visible
    assert "tag-darkred" in html
    sections = {label: rows for label, rows, _t in response.context["sections"]}
    county_rows = {r.name: r for r in sections["县级机关和部门"]}
    assert county_rows["县教育局"].documents == 1
    assert county_rows["县教育局"].inspections == 1
    assert county_rows["县教育局"].inspection_days == 1
    assert county_rows["县农业农村局"].documents == 1
    assert [r.name for r in sections["上级"]] == ["市委办公室"]
    assert response.context["unfiled_total"] == 1
    assert f'href="/ledgers/{scene["hk_unfiled"].id}/"' in html  # drills down to the line


@pytest.mark.django_db
def test_meeting_hours_for_the_point(client, make_user, units, scene):
    clerk = make_user("clerk_cg", "clerk", "cg")
    response = page(client, clerk, "/ledgers/reconcile/" + PERIOD)
    sections = {label: rows for label, rows, _t in response.context["sections"]}
    rows = {r.name: r for r in sections["县级机关和部门"]}
    assert rows["县委办公室"].meetings == 1 and rows["县委办公室"].meeting_hours == 1.5
    assert rows["县教育局"].meeting_hours == 2.0
    assert [r["title"] for r in response.context["page_obj"].object_list] == [
        "全县教育系统暑期安全工作会"
    ]


@pytest.mark.django_db
def test_department_sees_only_its_own_as_sender(client, users, units, scene):
    response = page(client, users["clerk_jy"], "/ledgers/reconcile/" + PERIOD)
    assert response.status_code == 200
    rows = response.context["sender_rows"]
    assert [r["unit"].code for r in rows] == ["QH-JY"]
    assert rows[0]["unfiled"] == 2 and rows[0]["received"] == 1
    html = response.content.decode()
    assert "关于做好2025年秋粮收购工作的通知" not in html  # 农业农村局's line
    assert f'href="/ledgers/{scene["hk_unfiled"].id}/"' not in html  # a township's line
    assert (
        f"/ledgers/reconcile/sender/{units['jy'].id}/{PERIOD.replace('&', '&amp;')}#unfiled" in html
    )
    titles = {r["title"] for r in response.context["page_obj"].object_list}
    assert titles == {"关于报送中小学校舍安全排查情况的通知", "全县教育系统暑期安全工作会"}
    own = page(client, users["clerk_jy"], f"/ledgers/reconcile/sender/{units['jy'].id}/{PERIOD}")
    assert own.status_code == 200
    assert len(own.context["unfiled"]) == 2 and len(own.context["matches"]) == 1
    other = page(client, users["clerk_jy"], f"/ledgers/reconcile/sender/{units['ny'].id}/")
    assert other.status_code == 404
    township = page(client, users["clerk_hk"], f"/ledgers/reconcile/sender/{units['jy'].id}/")
    assert township.status_code == 404


@pytest.mark.django_db
def test_coordinator_sees_the_county(client, users, units, scene):
    response = page(client, users["coordinator"], "/ledgers/reconcile/" + PERIOD)
    assert response.status_code == 200
    rows = {r["unit"].code: r for r in response.context["sender_rows"]}
    assert set(rows) == {"QH-NY", "QH-JY", "QH-XWB"}
    assert rows["QH-NY"]["unreceived"] == 1 and rows["QH-XWB"]["unreceived"] == 1
    assert response.context["totals"] == {"matches": 3, "unfiled": 2, "unreceived": 2}
    drill = page(client, users["coordinator"],
                 f"/ledgers/reconcile/sender/{units['ny'].id}/{PERIOD}")  # fmt: skip
    assert [r["point"] for r in drill.context["unreceived"]] == ["城关镇"]
    assert page(client, users["coordinator"],
                f"/ledgers/reconcile/sender/{units['hk'].id}/").status_code == 404  # fmt: skip


@pytest.mark.django_db
def test_export_unfiled_in_scope(client, users, units, scene):
    response = page(client, users["clerk_hk"], "/ledgers/reconcile/unfiled.xlsx" + PERIOD)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [list(row) for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert len(values) == 1
    assert values[0][0] == "河口乡" and values[0][3] == "县教育局"
    assert values[0][5] == scene["hk_unfiled"].id
    everything = page(client, users["coordinator"], "/ledgers/reconcile/unfiled.xlsx" + PERIOD)
    sheet = load_workbook(io.BytesIO(everything.content)).active
    assert sheet.max_row == 2 + 2
    events = AuditEvent.objects.filter(action="export", object_type="ledgers.reconcile")
    assert [(e.username, e.after["rows"]) for e in events.order_by("id")] == [
        (users["clerk_hk"].username, 1),
        (users["coordinator"].username, 2),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("who, status", [("secadmin", 403), ("auditadmin", 403), ("sysadmin", 403),
                                         ("inspector", 200), ("leader_ny", 200)])  # fmt: skip
def test_roles(client, users, units, who, status):
    assert page(client, users[who], "/ledgers/reconcile/").status_code == status


@pytest.mark.django_db
def test_bad_period_is_explained(client, users, units):
    response = page(client, users["coordinator"], "/ledgers/reconcile/?from=2025-02-30")
    assert response.status_code == 200
    assert "日期格式应为 YYYY-MM-DD" in response.content.decode()


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client):
    response = client.get("/ledgers/reconcile/")
    assert response.status_code == 302


@pytest.mark.django_db
def test_a_senders_received_lines_are_paged(client, users, units, county, scene):
    """A notice to every township is thousands of received lines a year: 20 per page."""
    from datetime import date, timedelta

    from .data import line

    for n in range(25):  # 河口乡 registers 25 more of 农业农村局's notices, each filed by it
        day = date(2025, 10, 1) + timedelta(days=n)
        title = f"关于做好第{n + 1}批高标准农田建设工作的通知"
        line(county, units["ny"], "发文", day, title, counterpart="河口乡", cp=units["hk"])
        line(county, units["hk"], "收文", day, title, counterpart="县农业农村局", cp=units["ny"])
    url = f"/ledgers/reconcile/sender/{units['ny'].id}/{PERIOD}"
    first = page(client, users["coordinator"], url)
    received = first.context["received"]
    assert received["total"] == len(first.context["matches"]) == 26
    assert len(received["page_obj"].object_list) == 20
    html = first.content.decode()
    assert "第 1 / 2 页" in html and "条次" in html
    second = client.get(url + "&page=2")
    assert len(second.context["received"]["page_obj"].object_list) == 6
