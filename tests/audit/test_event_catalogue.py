"""R8: every event of the catalogue writes exactly one record, with time, user, unit, IP, event,
object and result, and no secret in it. One test per event; login, logout, failure and lockout
are in test_auth_events.py, the second factor in tests/security/test_otp.py, rate limits in
tests/security/test_ratelimit.py, restore in tests/reliability/test_backup_restore.py."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from jianfu.core.actor import Actor
from jianfu.core.audit import audit_verify
from jianfu.core.models import AuditEvent
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
IP = "10.20.30.40"


class Trail:
    def __init__(self) -> None:
        self.mark = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0

    def new(self) -> list[AuditEvent]:
        return list(AuditEvent.objects.filter(id__gt=self.mark).order_by("id"))

    def one(self, action: str, *, user=None, ip: str | None = IP, object_type: str = "",
            result: str = "success", secrets: tuple[str, ...] = (PASSWORD,)) -> AuditEvent:
        events = [e for e in self.new() if e.action == action]
        assert len(events) == 1, [(e.action, e.object_type) for e in self.new()]
        event = events[0]
        assert abs(timezone.now() - event.at) < timedelta(minutes=5)
        if user is not None:
            assert (event.user_id, event.username, event.unit_id) == (
                user.pk, user.username, user.unit_id
            )
        assert event.ip == ip
        assert event.action == action and event.result == result
        assert event.object_type and (event.object_id or event.object_repr)
        if object_type:
            assert event.object_type == object_type
        dump = json.dumps([e.before for e in self.new()] + [e.after for e in self.new()],
                          ensure_ascii=False, default=str)
        for secret in secrets:
            assert secret not in dump
        assert audit_verify().ok
        self.mark = self.new()[-1].id
        return event


def web(user) -> Client:
    client = Client(REMOTE_ADDR=IP)
    client.force_login(user)
    if user.role in ("sysadmin", "secadmin", "auditadmin"):
        from tests.security.otp_helpers import mark_verified

        mark_verified(client, user)
    return client


def as_web(user) -> Actor:
    return Actor(channel="web", user=user, username=user.username, ip=IP)


@pytest.fixture
def ruleset(county, users):
    from jianfu.rules.data import default_rules_text
    from jianfu.rules.services import ruleset_import

    return ruleset_import(
        actor=Actor.command(), county=county, yaml_text=default_rules_text(),
        effective_from=date(2024, 1, 1),
    )


def test_login_and_logout_through_the_pages(users):
    trail = Trail()
    client = Client(REMOTE_ADDR=IP)
    client.post("/login/", {"username": "clerk_ny", "password": PASSWORD})
    trail.one("login", user=users["clerk_ny"], object_type="org.user")
    client.post("/logout/")
    trail.one("logout", user=users["clerk_ny"], object_type="org.user")


def test_permission_change(users):
    trail = Trail()
    admin = users["sysadmin"]
    from jianfu.org.users import user_update

    user_update(actor=as_web(admin), user=users["clerk_jy"], role="leader",
                data_scope="tree")
    event = trail.one("permission", user=admin, object_type="org.user")
    assert event.before["role"] == "clerk" and event.after["role"] == "leader"


def test_create_update_delete(users, units, ruleset):
    from jianfu.ledgers.classify import LineInput
    from jianfu.ledgers.services.entries import (
        ledger_entry_create,
        ledger_entry_delete,
        ledger_entry_update,
    )

    clerk = users["clerk_ny"]
    trail = Trail()
    line = LineInput(kind="发文", date=date(2025, 3, 3), title="关于春耕的通知",
                     counterpart="各乡镇")
    entry = ledger_entry_create(actor=as_web(clerk), unit=units["ny"], line=line)
    trail.one("create", user=clerk, object_type="ledgers.ledgerentry")
    changed = LineInput(**{**line.__dict__, "title": "关于做好春耕生产的通知"})
    entry = ledger_entry_update(actor=as_web(clerk), entry=entry, line=changed)
    event = trail.one("update", user=clerk, object_type="ledgers.ledgerentry")
    assert event.before != event.after
    ledger_entry_delete(actor=as_web(clerk), entry=entry)
    trail.one("delete", user=clerk, object_type="ledgers.ledgerentry")


def _filing(units, users):
    from jianfu.filings.services.stages import approval_stages_ensure_default
    from tests.filings_flow.factories import make_filing
    from tests.filings_flow.helpers import declare_all

    approval_stages_ensure_default(units["ny"].county)
    filing = make_filing(units["ny"], created_by=users["clerk_ny"],
                         meeting_form="视频", duration_minutes=60)
    declare_all(filing)
    return filing


def _decide(filing, user, action, comment=""):
    from jianfu.filings.services.workflow import filing_decide

    filing.refresh_from_db()
    return filing_decide(actor=as_web(user), filing=filing, seen_version=filing.version,
                         action=action, comment=comment)


def test_approve_and_archive(units, users):
    from jianfu.filings.services.archive import ArchiveInput, Upload, filing_archive
    from jianfu.filings.services.workflow import filing_submit

    filing = _filing(units, users)
    filing_submit(actor=as_web(users["clerk_ny"]), filing=filing)
    _decide(filing, users["leader_ny"], "pass")
    _decide(filing, users["coordinator"], "pass")
    trail = Trail()
    _decide(filing, users["approver"], "pass")
    trail.one("approve", user=users["approver"], object_type="filings.filing")
    filing.refresh_from_db()
    filing_archive(
        actor=as_web(users["clerk_ny"]),
        filing=filing,
        actual=ArchiveInput(actual_date=date(2025, 6, 10), actual_duration_minutes=60,
                            actual_attendance=50),
        files=[Upload("materials", "会议材料.pdf", b"%PDF-1.4\n%%EOF\n")],
    )
    trail.one("archive", user=users["clerk_ny"], object_type="filings.filing")


def test_reject(units, users):
    from jianfu.filings.services.workflow import filing_submit

    filing = _filing(units, users)
    filing_submit(actor=as_web(users["clerk_ny"]), filing=filing)
    trail = Trail()
    _decide(filing, users["leader_ny"], "reject", comment="不符合精简会议要求")
    trail.one("reject", user=users["leader_ny"], object_type="filings.filing")


def test_import(users, units, ruleset):
    from tests.ledgers.workbooks import xlsx

    clerk = users["clerk_hk"]
    client = web(clerk)
    rows = [["收文日期", "来文单位", "标题"], ["2025-08-07", "县委办", "关于防汛的通知"]]
    trail = Trail()
    response = client.post("/ledgers/import/", {
        "file": SimpleUploadedFile("收文.xlsx", xlsx({"收文": rows})),
    })
    assert response.status_code == 302
    batch = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    client.post(f"/ledgers/batches/{batch}/commit/")
    trail.one("import", user=clerk)


def test_export(users, units, ruleset):
    coordinator = users["coordinator"]
    trail = Trail()
    response = web(coordinator).get("/ledgers/export/")
    assert response.status_code == 200
    trail.one("export", user=coordinator)


def test_download(users, ruleset):
    coordinator = users["coordinator"]
    trail = Trail()
    response = web(coordinator).get(f"/rules/download/?version={ruleset.version}")
    assert response.status_code == 200
    trail.one("download", user=coordinator, object_type="rules.ruleset")


def test_configuration(users, county):
    from jianfu.rules.data import default_rules_text

    coordinator = users["coordinator"]
    trail = Trail()
    response = web(coordinator).post("/rules/upload/", {
        "file": SimpleUploadedFile("r.yaml", default_rules_text().encode()),
        "effective_from": "2025-09-01",
    })
    assert response.status_code == 302
    trail.one("config", user=coordinator)


@pytest.mark.django_db(transaction=True)
def test_backup(users, tmp_path: Path):
    from jianfu.core.backup import backup_create

    trail = Trail()
    backup_create(actor=as_web(users["sysadmin"]), path=tmp_path / "b")
    trail.one("backup", user=users["sysadmin"], object_type="core.backup")


def test_audit_export_by_the_audit_administrator(users):
    auditor = users["auditadmin"]
    trail = Trail()
    assert web(auditor).get("/audit/export/").status_code == 200
    trail.one("export", user=auditor, object_type="core.auditevent")
