"""`jianfu rules export|import`: YAML out and in, --json, exit codes 0 / 1 / 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from jianfu.core.models import AuditEvent
from jianfu.org.models import County
from jianfu.rules.data import default_rules_text, ruleset_parse_yaml
from jianfu.rules.models import RuleSet
from jianfu.rules.services import ruleset_ensure_default

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("rules", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_export_to_stdout_and_file_round_trip(county, tmp_path):
    v1 = ruleset_ensure_default(county)
    out, _err = run("export", "--county", "QH")
    assert ruleset_parse_yaml(out)["version"] == 1
    path = tmp_path / "rules.yaml"
    run("export", "--version", "1", "-o", str(path))
    assert path.read_text(encoding="utf-8") == out
    out, err = run("import", str(path), "--json")
    summary = json.loads(out)
    assert summary == {
        "ok": True,
        "county": "QH",
        "version": 2,
        "name": "默认规则集",
        "effective_from": "2024-01-01",
        "rules": 31,
        "errors": [],
    }
    assert "已导入" in err
    assert RuleSet.objects.get(county=county, version=2).data == v1.data
    event = AuditEvent.objects.filter(action="config").latest("id")
    assert event.channel == "cli" and event.username.startswith("os:")


def test_import_with_effective_from_and_note(county, tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text(default_rules_text(), encoding="utf-8")
    run("import", str(path), "--effective-from", "2025-03-01", "--note", "试行")
    ruleset = RuleSet.objects.get(county=county)
    assert (ruleset.effective_from.isoformat(), ruleset.note) == ("2025-03-01", "试行")


def test_refused_import_prints_json_errors_and_exits_1(county, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(default_rules_text().replace("name: 默认规则集\n", "", 1), encoding="utf-8")
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("rules", "import", str(path), "--json", stdout=out, stderr=err)
    assert exc.value.returncode == 1
    document = json.loads(out.getvalue())
    assert document["ok"] is False
    assert document["errors"] == [{"path": "name", "message": "缺少必填项"}]
    assert "name：缺少必填项" in err.getvalue()
    assert RuleSet.objects.count() == 0


@pytest.mark.parametrize(
    "args",
    [
        ("import", "/nonexistent/rules.yaml"),
        ("import", "PATH", "--effective-from", "2025/03/01"),
        ("import", "PATH", "--county", "NOPE"),
        ("export", "--version", "9"),
    ],
)
def test_usage_errors_exit_2(county, tmp_path, args):
    ruleset_ensure_default(county)
    path = tmp_path / "rules.yaml"
    path.write_text(default_rules_text(), encoding="utf-8")
    args = tuple(str(path) if a == "PATH" else a for a in args)
    with pytest.raises(CommandError) as exc:
        run(*args)
    assert exc.value.returncode == 2


def test_several_counties_need_county_option(county, tmp_path):
    County.objects.create(code="LS", name="临山县")
    with pytest.raises(CommandError) as exc:
        run("export")
    assert exc.value.returncode == 2
    out, err = run("export", "--county", "LS")
    assert "尚无规则集，导出默认规则集" in err
    assert ruleset_parse_yaml(out)["name"] == "默认规则集"


def test_missing_subcommand_is_a_usage_error_from_the_command_line(tmp_path):
    env = {**os.environ, "JIANFU_DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}"}
    result = subprocess.run(
        [sys.executable, "-m", "jianfu.manage", "rules"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=60,
    )
    assert result.returncode == 2
    assert "export|import" in result.stderr
