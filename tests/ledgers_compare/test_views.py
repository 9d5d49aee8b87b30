"""The comparison and re-derivation pages: what each role may do, cross-unit 404, the flows."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from jianfu.core.actor import Actor
from jianfu.core.models import AuditEvent
from jianfu.ledgers.compare.service import hand_ledger_compare
from jianfu.ledgers.models import DecisionChange, HandLedger
from jianfu.rules.services import ruleset_ensure_default, ruleset_import

from . import scenario
from .test_rederive import modified_rules


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def hk_result(units, media):
    data = scenario.build(units)
    return hand_ledger_compare(
        actor=Actor.command(),
        unit=units["hk"],
        data=data,
        filename="河口乡3月统计台账.xlsx",
        date_from=scenario.START,
        date_to=scenario.END,
    )


def _upload(client, unit, data, name="统计台账.xlsx"):
    return client.post(
        reverse("ledgers:compare"),
        {
            "unit": unit.pk,
            "date_from": "2025-03-01",
            "date_to": "2025-03-31",
            "file": _file(data, name),
        },
    )


def _file(data, name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


@pytest.mark.parametrize(
    ("who", "status"),
    [("clerk_hk", 200), ("leader_ny", 200), ("coordinator", 200), ("approver", 403),
     ("inspector", 403), ("sysadmin", 403), ("auditadmin", 403)],
)  # fmt: skip
def test_upload_page_by_role(client, users, who, status):
    client.force_login(users[who])
    assert client.get(reverse("ledgers:compare")).status_code == status


def test_clerk_uploads_and_sees_the_four_lists(client, users, units, media):
    data = scenario.build(units)
    client.force_login(users["clerk_hk"])
    page = client.get(reverse("ledgers:compare"))
    # only the units in the clerk's scope are offered, their own without a blank choice
    assert list(page.context["form"].fields["unit"].queryset) == [units["hk"]]
    assert "---------" not in page.content.decode()
    response = _upload(client, units["hk"], data)
    ledger = HandLedger.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("ledgers:compare_result", args=[ledger.pk])
    result = client.get(response["Location"])
    html = result.content.decode()
    assert result.status_code == 200
    assert "45.5%" in html
    assert "D-OUT-2" in html and "M-OUT-2" in html and "D-IN-3" in html and "M-IN-1" in html
    assert "关于开展第37个爱国卫生月活动的通知" in html
    for outcome in ("missed", "wrong", "not_in_daily", "agreed"):
        assert f'data-testid="list-{outcome}"' in html


def test_clerk_cannot_upload_for_another_unit(client, users, units, media):
    data = scenario.build(units)
    client.force_login(users["clerk_ny"])
    response = _upload(client, units["hk"], data)
    assert response.status_code == 200  # the form refuses a unit outside the scope
    assert "unit" in response.context["form"].errors
    assert not HandLedger.objects.exists()


def test_upload_with_bad_rows_lists_every_error(client, users, units, media):
    from .helpers import hand_workbook

    client.force_login(users["clerk_hk"])
    data = hand_workbook({"收文": [["日期", "标题"], ["不详", "关于X的通知"], ["2025-03-02", ""]]})
    response = _upload(client, units["hk"], data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="compare-refused"' in html and "不详" in html
    assert len(response.context["refused"].errors) == 2
    assert not HandLedger.objects.exists()


def test_result_and_download_cross_unit_404(client, users, hk_result):
    urls = [
        reverse("ledgers:compare_result", args=[hk_result.pk]),
        reverse("ledgers:compare_download", args=[hk_result.pk]),
    ]
    client.force_login(users["clerk_ny"])
    assert [client.get(url).status_code for url in urls] == [404, 404]
    client.force_login(users["approver"])
    assert [client.get(url).status_code for url in urls] == [403, 403]
    client.force_login(users["coordinator"])
    assert [client.get(url).status_code for url in urls] == [200, 200]


def test_download_is_a_workbook_with_the_lists(client, users, hk_result):
    client.force_login(users["clerk_hk"])
    response = client.get(reverse("ledgers:compare_download", args=[hk_result.pk]))
    (event,) = AuditEvent.objects.filter(action="download", object_type="ledgers.handledger")
    assert event.object_id == str(hk_result.pk) and event.username == users["clerk_hk"].username
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["概况", "漏统", "错统", "日常台账无记录", "一致", "手工台账重复"]
    wrong = list(workbook["错统"].iter_rows(min_row=2, values_only=True))
    assert {row[8] for row in wrong} == {"D-OUT-2", "D-OUT-4", "M-OUT-2"}
    assert workbook["漏统"].max_row == 3
    summary = {row[0]: row[1] for row in workbook["概况"].iter_rows(values_only=True)}
    assert summary["准确率"] == "45.5%"


def test_accuracy_overview(client, users, hk_result):
    url = reverse("ledgers:compare_accuracy")
    for who, status in (("clerk_hk", 403), ("leader_ny", 403), ("coordinator", 200),
                        ("approver", 200)):  # fmt: skip
        client.force_login(users[who])
        assert client.get(url).status_code == status
    response = client.get(url)
    assert response.context["worst"] == 18
    assert [row.pk for row in response.context["rows"]] == [hk_result.pk]
    html = response.content.decode()
    assert "45.5%" in html and 'data-testid="not-compared"' in html and "城关镇" in html
    later = client.get(url, {"from": "2025-06-01", "to": "2025-12-31"})
    assert later.context["rows"] == [] and "河口乡" in later.content.decode()
    wrong = client.get(url, {"from": "2025-13-01"})
    assert "日期格式应为 YYYY-MM-DD" in wrong.content.decode()


def test_rederive_pages(client, users, county, units):
    ruleset_ensure_default(county)
    scenario.build(units)
    ruleset_import(
        actor=Actor.command(), county=county, yaml_text=modified_rules(),
        effective_from=scenario.START,
    )  # fmt: skip
    url = reverse("ledgers:rederive")
    report = reverse("ledgers:rederive_report")
    for who in ("clerk_hk", "approver", "leader_ny", "sysadmin"):
        client.force_login(users[who])
        assert client.get(url).status_code == 403
        assert client.post(url, {}).status_code == 403
        assert client.get(report).status_code == 403
    assert not DecisionChange.objects.exists()
    client.force_login(users["coordinator"])
    page = client.get(url)
    assert page.status_code == 200
    assert [v["ruleset"].version for v in page.context["versions"]] == [2, 1]
    response = client.post(url, {"date_from": "", "date_to": ""}, follow=True)
    assert response.status_code == 200
    groups = {(g["old_rule"], g["new_rule"]): g["lines"] for g in response.context["groups"]}
    # in March 2025: the 表彰 decision now counts (D-IN-1) and the minutes are counted
    assert groups == {("D-OUT-2", "D-IN-1"): 1, ("D-OUT-4", "D-OUT-4"): 1}
    detail = client.get(report, {"old": "D-OUT-2", "new": "D-IN-1"})
    lines = list(detail.context["detail"]["page_obj"].object_list)
    assert [c.entry.title for c in lines] == ["关于表彰2024年度防汛抗旱先进集体和先进个人的决定"]
    assert "D-IN-1" in detail.content.decode()


def test_rederive_report_scoped_to_county(client, users, county, units):
    from jianfu.ledgers.services.rederive import ledger_rederive
    from jianfu.org.models import County, User

    ruleset_ensure_default(county)
    scenario.build(units)
    ruleset_import(
        actor=Actor.command(), county=county, yaml_text=modified_rules(),
        effective_from=scenario.START,
    )  # fmt: skip
    ledger_rederive(actor=Actor.command(), county=county)
    assert DecisionChange.objects.count() == 2
    other = County.objects.create(code="LS", name="临山县")
    outsider = User.objects.create(
        username="coordinator_ls", role="coordinator", county=other, display_name="临山协调员"
    )
    client.force_login(outsider)
    response = client.get(reverse("ledgers:rederive_report"))
    assert response.status_code == 200 and response.context["groups"] == []
    client.force_login(users["coordinator"])
    assert client.get(reverse("ledgers:rederive_report")).context["total"] == 2
