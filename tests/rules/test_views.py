"""The rule pages: who may see and manage, county separation, try-out, download and upload."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jianfu.core.models import AuditEvent
from jianfu.org.models import County
from jianfu.rules.data import default_rules_text
from jianfu.rules.models import RuleSet
from jianfu.rules.services import ruleset_ensure_default

pytestmark = pytest.mark.django_db


@pytest.fixture
def ruleset(county):
    return ruleset_ensure_default(county)


def login(client, user):
    client.force_login(user)
    return client


@pytest.mark.parametrize("role", ["clerk_ny", "leader_ny", "coordinator", "approver", "inspector"])
def test_business_roles_see_the_rule_set(client, users, ruleset, role):
    page = login(client, users[role]).get("/rules/")
    assert page.status_code == 200
    html = page.content.decode()
    for text in (
        "默认规则集",
        "D-OUT-2",
        "表彰奖励类文件",
        "发文",
        "会议",
        "督检考",
        "规格",
        "负面清单",
        "文件“十不发”",
        "N-I-10",
        "L-D-1",
        "试算",
        "现行",
    ):
        assert text in html, text


@pytest.mark.parametrize("role", ["sysadmin", "secadmin", "auditadmin"])
def test_administrators_are_refused(client, users, ruleset, role):
    assert login(client, users[role]).get("/rules/").status_code == 403


def test_anonymous_is_sent_to_login(client, ruleset):
    response = client.get("/rules/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_only_the_coordinator_manages(client, users, ruleset):
    clerk = login(client, users["clerk_ny"])
    html = clerk.get("/rules/").content.decode()
    assert "导入新版本" not in html and "下载 YAML" not in html
    assert clerk.get("/rules/download/").status_code == 403
    upload = SimpleUploadedFile("r.yaml", default_rules_text().encode())
    assert clerk.post("/rules/upload/", {"file": upload}).status_code == 403
    assert RuleSet.objects.count() == 1
    coordinator = login(client, users["coordinator"])
    assert "导入新版本" in coordinator.get("/rules/").content.decode()


def test_try_out_returns_the_decision(client, users, ruleset):
    c = login(client, users["clerk_ny"])
    params = {"title": "关于表彰2024年度先进集体的决定", "kind": "发文", "level": "county"}
    partial = c.get("/rules/try/", params, HTTP_HX_REQUEST="true")
    html = partial.content.decode()
    assert partial.status_code == 200 and "<html" not in html
    assert "D-OUT-2" in html and "标题含“表彰”" in html and "不计入" in html
    full = c.get(
        "/rules/try/",
        {"title": "乡村振兴工作调研", "kind": "受检", "materials": "yes", "level": "county"},
    ).content.decode()
    assert "<html" in full and "I-IN-2" in full
    page = c.get(
        "/rules/", {"title": "省委关于春耕的通知", "kind": "收文", "counterpart": "省委办公厅"}
    ).content.decode()
    assert "O-UP-1" in page
    bad = c.get("/rules/try/", {"kind": "发文"}, HTTP_HX_REQUEST="true").content.decode()
    assert "标题" in bad and "errors" in bad


def test_download_gives_the_yaml_and_is_audited(client, users, ruleset):
    response = login(client, users["coordinator"]).get("/rules/download/", {"version": 1})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="rules-QH-v1.yaml"'
    assert "D-OUT-2" in response.content.decode()
    assert AuditEvent.objects.filter(action="download", object_type="rules.ruleset").exists()


def test_upload_creates_a_version(client, users, ruleset):
    c = login(client, users["coordinator"])
    upload = SimpleUploadedFile("r.yaml", default_rules_text().encode("utf-8"))
    response = c.post(
        "/rules/upload/", {"file": upload, "effective_from": "2025-09-01", "note": "修订"}
    )
    assert response.status_code == 302
    v2 = RuleSet.objects.get(version=2)
    assert (v2.effective_from.isoformat(), v2.note, v2.created_by) == (
        "2025-09-01",
        "修订",
        "coordinator",
    )
    html = c.get("/rules/").content.decode()
    assert "已导入规则集第2版" in html


def test_upload_errors_are_shown_in_chinese_and_nothing_is_stored(client, users, ruleset):
    c = login(client, users["coordinator"])
    bad = default_rules_text().replace("unknown_level: department", "unknown_level: nobody")
    response = c.post("/rules/upload/", {"text": bad})
    assert response.status_code == 400
    html = response.content.decode()
    assert "规则集未导入" in html and "unknown_level：应为" in html
    response = c.post("/rules/upload/", {})
    assert response.status_code == 400
    assert "请选择 YAML 文件或粘贴 YAML 内容" in response.content.decode()
    assert RuleSet.objects.count() == 1


def test_county_a_cannot_see_county_b(client, users, ruleset):
    other = County.objects.create(code="LS", name="临山县")
    ruleset_ensure_default(other)
    text = default_rules_text().replace("name: 默认规则集", "name: 临山县规则集", 1)
    from jianfu.core.actor import Actor
    from jianfu.rules.services import ruleset_import

    ruleset_import(actor=Actor.system(), county=other, yaml_text=text)  # B has version 2
    c = login(client, users["coordinator"])
    html = c.get("/rules/").content.decode()
    assert "临山县规则集" not in html
    assert c.get("/rules/", {"version": 2}).status_code == 404
    assert c.get("/rules/download/", {"version": 2}).status_code == 404
    assert c.get("/rules/", {"version": "x"}).status_code == 404


def test_download_without_a_stored_set_gives_the_default(client, users):
    response = login(client, users["coordinator"]).get("/rules/download/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="rules-QH-default.yaml"'
    assert response.content.decode() == default_rules_text()
