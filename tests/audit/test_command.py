"""`jianfu audit verify [--json]`: exit 0 intact, 1 with the first bad record named, 2 usage."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from jianfu.core.actor import Actor
from jianfu.core.audit import audit_record
from jianfu.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def verify(*args):
    out, err = StringIO(), StringIO()
    try:
        call_command("audit", "verify", *args, stdout=out, stderr=err)
        code = 0
    except CommandError as exc:
        code, err = exc.returncode, StringIO(str(exc))
    return code, out.getvalue(), err.getvalue()


def events(n=4):
    return [audit_record(Actor.command(), "backup", object_id=str(i)) for i in range(n)]


def test_intact_chain_exits_0_with_json():
    events()
    code, out, _ = verify("--json")
    assert code == 0
    assert json.loads(out) == {"ok": True, "checked": 4, "first_bad_id": None, "problem": ""}


def test_intact_chain_in_words():
    events(2)
    code, out, _ = verify()
    assert code == 0
    assert "审计记录链完整：已核验 2 条。" in out


def test_altered_record_exits_1_and_is_named():
    rows = events()
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {AuditEvent._meta.db_table} SET object_id = %s WHERE id = %s",  # noqa: S608
            ["x", rows[1].id],
        )
    code, out, err = verify("--json")
    assert code == 1
    assert json.loads(out) == {
        "ok": False,
        "checked": 1,
        "first_bad_id": rows[1].id,
        "problem": "altered",
    }
    assert f"第 {rows[1].id} 号审计记录已被篡改" in err


def test_missing_record_exits_1_and_names_the_next():
    rows = events()
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {AuditEvent._meta.db_table} WHERE id = %s",  # noqa: S608
            [rows[2].id],
        )
    code, out, err = verify("--json")
    assert code == 1
    document = json.loads(out)
    assert document["first_bad_id"] == rows[3].id
    assert document["problem"] == "missing_before"
    assert str(rows[3].id) in err


def test_subcommand_is_required():
    with pytest.raises(CommandError):
        call_command("audit")


def test_the_real_command_line(tmp_path):
    """Through `python -m jianfu.manage` on a file database: stdout is exactly one JSON
    document, the exit status is 0 then 1, and messages go to stderr."""
    import os
    import sqlite3
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JIANFU_", "DJANGO_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "jianfu.settings",
            "JIANFU_ENV": "test",
            "JIANFU_DATA_DIR": str(tmp_path),
        }
    )

    def jianfu(*args):
        return subprocess.run(
            [sys.executable, "-m", "jianfu.manage", *args],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )

    migrated = jianfu("migrate", "--noinput", "-v", "0")
    assert migrated.returncode == 0, migrated.stderr[-2000:]
    database = sqlite3.connect(tmp_path / "jianfu.sqlite3")
    assert jianfu("audit", "verify", "--json").stdout.strip() == (
        '{"ok": true, "checked": 0, "first_bad_id": null, "problem": ""}'
    )
    script = (
        "from jianfu.core.actor import Actor; from jianfu.core.audit import audit_record; "
        "[audit_record(Actor.command(), 'backup', object_id=str(i)) for i in range(3)]"
    )
    appended = jianfu("shell", "-c", script)
    assert appended.returncode == 0, appended.stderr[-2000:]
    intact = jianfu("audit", "verify", "--json")
    assert intact.returncode == 0
    assert json.loads(intact.stdout)["checked"] == 3
    with database:
        database.execute("UPDATE core_auditevent SET result = 'failure' WHERE id = 2")
    broken = jianfu("audit", "verify", "--json")
    assert broken.returncode == 1
    assert json.loads(broken.stdout) == {
        "ok": False,
        "checked": 1,
        "first_bad_id": 2,
        "problem": "altered",
    }
    assert "第 2 号审计记录已被篡改" in broken.stderr
    assert jianfu("audit").returncode == 2
