"""R18: the restore drill. A small county with ledgers and stored files is backed up with
`jianfu backup`, restored with `jianfu restore` (a separate process, as an operator runs it) into
a fresh database and an empty data folder: identical row counts per table, identical files, and
`jianfu audit verify` passes. On SQLite and on PostgreSQL (pg_dump / pg_restore)."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from jianfu.core.actor import Actor
from jianfu.core.models import AuditEvent
from jianfu.ledgers.models import ImportBatch, LedgerEntry
from jianfu.ledgers.services.imports import ledger_import
from tests.ledgers.workbooks import xlsx

pytestmark = pytest.mark.django_db(transaction=True)

ROWS = [
    ["收文日期", "来文单位", "文号", "标题"],
    ["2025-08-07", "县委办", "县委办发〔2025〕12号", "关于做好防汛工作的通知"],
    ["2025-08-08", "县政府办", "", "关于秋收的通知"],
    ["2025-08-11", "县教育局", "县教发〔2025〕3号", "关于开展校园安全检查的通知"],
]


def build_county(units, users) -> None:
    actor = Actor.command()  # an operator on the command line may import into any unit
    ledger_import(actor=actor, unit=units["hk"], data=xlsx({"收文": ROWS}), filename="收文.xlsx")
    more = [ROWS[0], ["2025-09-01", "县委办", "", "关于国庆值班的通知"]]
    ledger_import(actor=actor, unit=units["cg"], data=xlsx({"收文": more}), filename="城关.xlsx")
    assert LedgerEntry.objects.count() == 4 and ImportBatch.objects.count() == 2


def tree_digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


class FreshDatabase:
    """An empty database of the same engine as the test database, for the restore."""

    def __init__(self, tmp_path: Path) -> None:
        self.vendor = connection.vendor
        conf = connection.settings_dict
        if self.vendor == "sqlite":
            self.path = tmp_path / "restored.sqlite3"
            self.url = f"sqlite:///{self.path}"
        else:
            self.name = f"h_rel_restore_{uuid.uuid4().hex[:8]}"
            auth = conf["USER"] + (f":{conf['PASSWORD']}" if conf.get("PASSWORD") else "")
            host = f"{conf.get('HOST') or '127.0.0.1'}:{conf.get('PORT') or 5432}"
            self.url = f"postgres://{auth}@{host}/{self.name}"
            self._admin(f'CREATE DATABASE "{self.name}"')

    def _admin(self, sql: str) -> None:
        import psycopg

        conf = connection.settings_dict
        with psycopg.connect(
            host=conf.get("HOST") or "127.0.0.1",
            port=conf.get("PORT") or 5432,
            user=conf["USER"],
            password=conf.get("PASSWORD") or None,
            dbname="postgres",
            autocommit=True,
        ) as admin:
            admin.execute(sql)

    def counts(self) -> dict[str, int]:
        if self.vendor == "sqlite":
            db = sqlite3.connect(self.path)
            try:
                names = [r[0] for r in db.execute(
                    "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
                )]
                return {n: db.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0] for n in names}  # noqa: S608
            finally:
                db.close()
        import psycopg

        with psycopg.connect(self.url.replace("postgres://", "postgresql://")) as db:
            names = [r[0] for r in db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            )]
            return {n: db.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0] for n in names}  # noqa: S608

    def restore_records(self) -> int:
        sql = "SELECT COUNT(*) FROM core_auditevent WHERE action = 'restore_backup'"
        if self.vendor == "sqlite":
            db = sqlite3.connect(self.path)
            try:
                return db.execute(sql).fetchone()[0]
            finally:
                db.close()
        import psycopg

        with psycopg.connect(self.url.replace("postgres://", "postgresql://")) as db:
            return db.execute(sql).fetchone()[0]

    def drop(self) -> None:
        if self.vendor != "sqlite":
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@pytest.fixture
def fresh_db(tmp_path):
    db = FreshDatabase(tmp_path)
    yield db
    db.drop()


def jianfu(*args: str, url: str, data_dir: Path) -> subprocess.CompletedProcess:
    data_dir.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="jianfu.settings.development",
        JIANFU_ENV="development",
        JIANFU_DATABASE_URL=url,
        JIANFU_DATA_DIR=str(data_dir),
    )
    return subprocess.run(
        [sys.executable, "-m", "jianfu.manage", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_restore_drill(units, users, tmp_path, fresh_db):
    build_county(units, users)
    media = Path(settings.MEDIA_ROOT)
    originals = tree_digest(media)
    assert len(originals) == 2  # the two uploaded workbooks

    backup = tmp_path / "backup-1"
    call_command("backup", str(backup), "--json")
    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["engine"] == connection.vendor
    assert manifest["tables"]["ledgers_ledgerentry"] == 4
    assert AuditEvent.objects.filter(action="backup").count() == 1
    assert manifest["audit_last"]["id"] == AuditEvent.objects.order_by("-id").first().id
    assert {f"media/{name}" for name in originals} <= set(manifest["files"])

    data_dir = tmp_path / "restored-data"
    done = jianfu("restore", str(backup), "--json", url=fresh_db.url, data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["ok"] and report["mismatches"] == [] and report["audit"]["ok"]
    assert report["files"] == 2

    # Checked independently of the command: every table, every file, the chain.
    restored = fresh_db.counts()
    expected = dict(manifest["tables"])
    expected["core_auditevent"] += 1  # the restore records itself afterwards
    assert restored == expected
    assert tree_digest(data_dir / "media") == originals
    verify = jianfu("audit", "verify", "--json", url=fresh_db.url, data_dir=data_dir)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert json.loads(verify.stdout)["checked"] == expected["core_auditevent"]
    assert fresh_db.restore_records() == 1  # the restore itself, recorded once (R8)

    # A second restore into the now non-empty database is refused, nothing changed.
    again = jianfu("restore", str(backup), url=fresh_db.url, data_dir=tmp_path / "other")
    assert again.returncode == 1 and "不是空的" in again.stderr
    assert fresh_db.counts() == expected


def test_a_damaged_backup_is_refused_before_anything_is_written(units, users, tmp_path,
                                                                 fresh_db):
    build_county(units, users)
    backup = tmp_path / "backup-2"
    call_command("backup", str(backup))
    stored = next(p for p in (backup / "media").rglob("*") if p.is_file())
    stored.write_bytes(stored.read_bytes() + b"x")
    done = jianfu("restore", str(backup), url=fresh_db.url, data_dir=tmp_path / "d")
    assert done.returncode == 1 and "校验失败" in done.stderr
    assert not [t for t, n in fresh_db.counts().items()]
    assert not (tmp_path / "d" / "media").exists()


def test_backup_refuses_a_folder_that_is_not_empty(units, users, tmp_path):
    from django.core.management.base import CommandError

    target = tmp_path / "busy"
    target.mkdir()
    (target / "x").write_text("x")
    with pytest.raises(CommandError) as caught:
        call_command("backup", str(target))
    assert caught.value.returncode == 1
    assert not AuditEvent.objects.filter(action="backup").exists()
