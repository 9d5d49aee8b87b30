"""Backup and restore (R18): the database and the stored files, with a checksum manifest.

A backup is one folder:

    <PATH>/manifest.json         format, time, database engine, sha256 and size of every file,
                                 row count of every table, the audit chain's last record
    <PATH>/database.sqlite3      SQLite: a consistent copy through SQLite's online backup API
    <PATH>/database.pgdump       PostgreSQL: `pg_dump --format=custom`, taken in the same
                                 snapshot as the row counts (pg_export_snapshot)
    <PATH>/media/...             every file under MEDIA_ROOT (uploaded originals, evidence …)

`backup_restore` loads a backup into an empty database (no tables at all) and an empty
MEDIA_ROOT, after checking every checksum; then it compares the row count of every table with
the manifest and verifies the audit chain. Both ends are audited (`backup`, `restore_backup`).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections
from django.utils import timezone

from .actor import Actor
from .audit import audit_record, audit_verify
from .models import AuditEvent

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"
MEDIA_DIR = "media"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator (Chinese)."""


@dataclass
class RestoreReport:
    ok: bool
    tables: int = 0
    rows: int = 0
    files: int = 0
    mismatches: list[dict[str, Any]] = field(default_factory=list)
    audit_ok: bool = False
    audit_checked: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "tables": self.tables,
            "rows": self.rows,
            "files": self.files,
            "mismatches": self.mismatches,
            "audit": {"ok": self.audit_ok, "checked": self.audit_checked},
        }


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _vendor(alias: str) -> str:
    vendor = connections[alias].vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"不支持的数据库类型：{vendor}")
    return vendor


def table_counts(alias: str = "default") -> dict[str, int]:
    connection = connections[alias]
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def _pg_env_args(alias: str) -> tuple[list[str], dict[str, str]]:
    conf = connections[alias].settings_dict
    args = []
    if conf.get("HOST"):
        args += ["-h", str(conf["HOST"])]
    if conf.get("PORT"):
        args += ["-p", str(conf["PORT"])]
    if conf.get("USER"):
        args += ["-U", str(conf["USER"])]
    env = dict(os.environ)
    if conf.get("PASSWORD"):
        env["PGPASSWORD"] = str(conf["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError as exc:
        raise BackupError(
            f"找不到 {command[0]}：请安装 PostgreSQL 客户端（Debian：apt-get install "
            "postgresql-client）"
        ) from exc
    if done.returncode != 0:
        raise BackupError(f"{command[0]} 失败：{done.stderr.strip()[:2000]}")


def _copy_media(source: Path, target: Path) -> dict[str, dict[str, Any]]:
    files = {}
    if not source.is_dir():
        return files
    for path in sorted(source.rglob("*")):
        if not path.is_file() or path.is_symlink() or path.name.endswith(".part"):
            continue
        relative = path.relative_to(source).as_posix()
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, destination)
        files[f"{MEDIA_DIR}/{relative}"] = {
            "sha256": sha256_file(destination),
            "size": destination.stat().st_size,
        }
    return files


def backup_create(*, actor: Actor, path: Path, alias: str = "default") -> dict[str, Any]:
    """Write a backup folder at `path` (which must not exist or be empty); returns the manifest."""
    path = Path(path)
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise BackupError(f"备份目录 {path} 已存在且不为空，请指定新的目录。")
    vendor = _vendor(alias)
    if connections[alias].in_atomic_block:
        # SQLite cannot copy a database its own connection is writing to (it would wait forever);
        # and a dump must only hold committed data.
        raise BackupError("不能在数据库事务之内备份。")
    path.mkdir(parents=True, exist_ok=True)
    # Recorded first, so that the backup holds its own record and a restored chain shows it.
    audit_record(
        actor,
        "backup",
        object_type="core.backup",
        object_repr=str(path)[:255],
        after={"path": str(path), "engine": vendor},
    )
    connection = connections[alias]
    files: dict[str, dict[str, Any]] = {}
    if vendor == "sqlite":
        target = path / SQLITE_FILE
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
        counts = _sqlite_counts(target)
        last = _sqlite_last_audit(target)
        database_file = SQLITE_FILE
    else:
        target = path / PG_FILE
        args, env = _pg_env_args(alias)
        name = connection.settings_dict["NAME"]
        # One snapshot for the dump and the counts: what the manifest says is what the dump holds.
        with connection.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
            try:
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = cursor.fetchone()[0]
                _run(
                    ["pg_dump", "--format=custom", "--no-owner", "--no-acl",
                     f"--snapshot={snapshot}", "-f", str(target), *args, "-d", name],
                    env,
                )
                counts = {}
                for table in sorted(connection.introspection.table_names(cursor)):
                    quoted = connection.ops.quote_name(table)
                    cursor.execute(f"SELECT COUNT(*) FROM {quoted}")  # noqa: S608
                    counts[table] = cursor.fetchone()[0]
                cursor.execute("SELECT id, hash FROM core_auditevent ORDER BY id DESC LIMIT 1")
                row = cursor.fetchone()
                last = {"id": row[0], "hash": row[1]} if row else None
            finally:
                cursor.execute("COMMIT")
        database_file = PG_FILE
    files[database_file] = {"sha256": sha256_file(target), "size": target.stat().st_size}
    files.update(_copy_media(Path(settings.MEDIA_ROOT), path / MEDIA_DIR))
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "engine": vendor,
        "database_file": database_file,
        "files": files,
        "tables": counts,
        "audit_last": last,
    }
    (path / MANIFEST).write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True), encoding="utf-8"
    )
    return manifest


def _sqlite_counts(path: Path) -> dict[str, int]:
    db = sqlite3.connect(path)
    try:
        names = [r[0] for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )]
        return {n: db.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0] for n in names}  # noqa: S608
    finally:
        db.close()


def _sqlite_last_audit(path: Path) -> dict[str, Any] | None:
    db = sqlite3.connect(path)
    try:
        row = db.execute("SELECT id, hash FROM core_auditevent ORDER BY id DESC LIMIT 1").fetchone()
    finally:
        db.close()
    return {"id": row[0], "hash": row[1]} if row else None


def backup_check(path: Path) -> dict[str, Any]:
    """Read the manifest and check every file's size and checksum; returns the manifest."""
    path = Path(path)
    try:
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"{path} 不是 Jianfu 备份：缺少或无法读取 {MANIFEST}。") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"备份格式 {manifest.get('format')!r} 不受支持。")
    root = path.resolve()
    for relative, expected in manifest["files"].items():
        file = (root / relative).resolve()
        if root not in file.parents:
            raise BackupError(f"清单中的路径非法：{relative}")
        if not file.is_file():
            raise BackupError(f"备份文件缺失：{relative}")
        if file.stat().st_size != expected["size"] or sha256_file(file) != expected["sha256"]:
            raise BackupError(f"备份文件校验失败（已损坏或被改动）：{relative}")
    return manifest


def database_is_empty(alias: str = "default") -> bool:
    connection = connections[alias]
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def backup_restore(*, actor: Actor, path: Path, alias: str = "default") -> RestoreReport:
    """Load a checked backup into an empty database and MEDIA_ROOT; compare; verify; audit."""
    path = Path(path)
    manifest = backup_check(path)
    vendor = _vendor(alias)
    if manifest["engine"] != vendor:
        raise BackupError(
            f"备份来自 {manifest['engine']} 数据库，不能恢复到 {vendor} 数据库。"
        )
    if not database_is_empty(alias):
        raise BackupError("目标数据库不是空的：恢复只能写入一个全新的空数据库。")
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.exists() and any(p.is_file() for p in media_root.rglob("*")):
        raise BackupError(f"文件目录 {media_root} 不是空的：恢复只能写入空目录。")
    connection = connections[alias]
    source = path / manifest["database_file"]
    if vendor == "sqlite":
        connection.close()
        target = sqlite3.connect(connection.settings_dict["NAME"])
        backup = sqlite3.connect(source)
        try:
            backup.backup(target)
        finally:
            backup.close()
            target.close()
    else:
        args, env = _pg_env_args(alias)
        connection.close()
        _run(
            ["pg_restore", "--no-owner", "--no-acl", "--exit-on-error", "--single-transaction",
             *args, "-d", connection.settings_dict["NAME"], str(source)],
            env,
        )
    files = 0
    for relative in manifest["files"]:
        if not relative.startswith(f"{MEDIA_DIR}/"):
            continue
        destination = media_root / relative[len(MEDIA_DIR) + 1 :]
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path / relative, destination)
        files += 1
    counts = table_counts(alias)
    mismatches = [
        {"table": table, "backup": expected, "restored": counts.get(table)}
        for table, expected in manifest["tables"].items()
        if counts.get(table) != expected
    ]
    chain = audit_verify()
    last = AuditEvent.objects.order_by("-id").values_list("id", "hash").first()
    expected_last = manifest.get("audit_last")
    if expected_last and (last is None or [last[0], last[1]] != [expected_last["id"],
                                                                   expected_last["hash"]]):
        mismatches.append({"table": "core_auditevent", "problem": "last_record_differs"})
    report = RestoreReport(
        ok=not mismatches and chain.ok,
        tables=len(counts),
        rows=sum(counts.values()),
        files=files,
        mismatches=mismatches,
        audit_ok=chain.ok,
        audit_checked=chain.checked,
    )
    audit_record(
        actor,
        "restore_backup",
        object_type="core.backup",
        object_repr=str(path)[:255],
        after={
            "path": str(path),
            "created_at": manifest["created_at"],
            "tables": report.tables,
            "rows": report.rows,
            "files": files,
            "mismatches": len(mismatches),
            "audit_ok": chain.ok,
        },
        result="success" if report.ok else "failure",
    )
    return report
