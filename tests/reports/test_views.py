"""The reports pages: who sees what, generating from the form, the figures as tables, downloads
(audited), other counties' reports are 404."""

from __future__ import annotations

import io

import docx
import pytest
from django.urls import reverse

from jianfu.core.actor import Actor
from jianfu.core.models import AuditEvent
from jianfu.org.models import County
from jianfu.reports.models import Report
from jianfu.reports.periods import parse_period
from jianfu.reports.services.reports import report_generate

pytestmark = pytest.mark.django_db


def client_for(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def reports(county, scene, users):
    actor = Actor.command(users["coordinator"])
    return {
        "quarter": report_generate(actor=actor, county=county, period=parse_period("2025-Q3")),
        "week": report_generate(actor=actor, county=county, period=parse_period("2025-W32")),
    }


def test_the_coordinator_generates_from_the_form(client, users, scene):
    c = client_for(client, users["coordinator"])
    page = c.get(reverse("reports:generate"))
    assert page.status_code == 200 and "生成分析通报" in page.content.decode()
    refused = c.post(reverse("reports:generate"), {"kind": "quarterly", "period": "2025-08"})
    body = refused.content.decode()
    assert refused.status_code == 200 and "每季一通报的期间须写作 2025-Q3" in body
    assert 'value="2025-08"' in body  # what was typed is kept
    done = c.post(reverse("reports:generate"), {"kind": "quarterly", "period": "2025-Q3"})
    report = Report.objects.get()
    assert done.status_code == 302 and done.url == reverse("reports:detail", args=[report.pk])
    detail = c.get(done.url).content.decode()
    assert "关于青河县2025年第三季度为基层减负工作情况的通报" in detail
    assert "已生成" in detail and "县农业农村局" in detail and "超出数额" in detail


def test_index_lists_filters_and_exports(client, users, reports):
    c = client_for(client, users["coordinator"])
    body = c.get(reverse("reports:index")).content.decode()
    assert "共 2 份" in body and "青减负通〔2025〕3号" in body and "青减负析〔2025〕32号" in body
    only = c.get(reverse("reports:index"), {"kind": "weekly"}).content.decode()
    assert "共 1 份" in only and "青减负通" not in only
    export = c.get(reverse("reports:export"))
    assert export.status_code == 200 and export.content[:2] == b"PK"
    assert AuditEvent.objects.filter(action="export", object_type="reports.report").exists()


def test_download_is_a_real_docx_and_audited(client, users, reports):
    c = client_for(client, users["coordinator"])
    report = reports["quarter"]
    response = c.get(reverse("reports:download", args=[report.pk, "docx"]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert ".docx" in response["Content-Disposition"]
    document = docx.Document(io.BytesIO(response.content))
    assert any(p.text == "青减负通〔2025〕3号" for p in document.paragraphs)
    json_response = c.get(reverse("reports:download", args=[report.pk, "json"]))
    assert json_response.json()["totals"]["documents"] == 8
    assert c.get(reverse("reports:download", args=[report.pk, "pdf"])).status_code == 404
    audited = AuditEvent.objects.filter(action="download", object_id=str(report.pk))
    assert sorted(e.after["format"] for e in audited) == ["docx", "json"]
    assert audited.first().username == "coordinator"


def test_unit_leaders_read_the_bulletin_but_not_the_working_papers(client, users, reports):
    c = client_for(client, users["leader_ny"])
    body = c.get(reverse("reports:index")).content.decode()
    assert "共 1 份" in body and "青减负通〔2025〕3号" in body and "青减负析" not in body
    assert c.get(reverse("reports:detail", args=[reports["quarter"].pk])).status_code == 200
    assert c.get(reverse("reports:detail", args=[reports["week"].pk])).status_code == 404
    week_docx = reverse("reports:download", args=[reports["week"].pk, "docx"])
    assert c.get(week_docx).status_code == 404
    assert c.get(reverse("reports:generate")).status_code == 403


def test_clerks_have_no_reports_and_other_counties_are_404(client, users, reports, make_user):
    assert client_for(client, users["clerk_ny"]).get(reverse("reports:index")).status_code == 403
    client.logout()
    other = County.objects.create(code="LS", name="柳山县")
    outsider = make_user("coord_ls", "coordinator", None)
    outsider.county = other
    outsider.save()
    c = client_for(client, outsider)
    assert "共 0 份" in c.get(reverse("reports:index")).content.decode()
    quarter = reports["quarter"].pk
    assert c.get(reverse("reports:detail", args=[quarter])).status_code == 404
    assert c.get(reverse("reports:download", args=[quarter, "docx"])).status_code == 404
