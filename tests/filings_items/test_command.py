"""`jianfu check_item PATH [--json]` (DESIGN.md 5.8): through call_command and a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from jianfu.filings.models import Filing, PlanItem
from jianfu.ledgers.models import LedgerEntry

from .helpers import DOCUMENT, INSPECTION, MEETING


def run(*args):
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command("check_item", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def write(tmp_path, data, name="items.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


@pytest.mark.django_db
def test_one_object_gives_every_applicable_code(units, tmp_path):
    out, err = run(write(tmp_path, {**MEETING, "unit": "QH-NY"}), "--json")
    result = json.loads(out)
    assert list(result) == ["items"] and len(result["items"]) == 1
    item = result["items"][0]
    assert item["title"] == MEETING["title"]
    by_code = {c["code"]: c for c in item["checks"]}
    assert set(by_code["L-M-2"]) == {"code", "result", "reason"}
    assert by_code["L-M-2"]["result"] == "fail" and "150分钟" in by_code["L-M-2"]["reason"]
    assert by_code["N-M-01"]["result"] == "declare"
    assert "QUOTA" in by_code and "未保存" in err
    assert not Filing.objects.exists()


@pytest.mark.django_db
def test_a_list_is_checked_against_plans_and_ledger(county, units, tmp_path):
    PlanItem.objects.create(
        county=county,
        unit=units["ny"],
        year=2025,
        kind="inspection",
        code="2025-NY-01",
        title="高标准农田建设督查",
        approved=True,
    )
    LedgerEntry.objects.create(
        county=county,
        unit=units["ny"],
        kind="发文",
        date=date(2025, 6, 6),
        title="关于加快高标准农田建设的通知",
        title_norm="x",
        source="form",
        counted=True,
    )
    items = [
        {**DOCUMENT, "unit": "QH-NY"},
        {**INSPECTION, "unit": "QH-NY", "one_off": False, "plan_item": "2025-NY-01"},
        {**INSPECTION, "unit": "QH-NY", "one_off": False, "plan_item": None},
    ]
    result = json.loads(run(write(tmp_path, items), "--json")[0])
    checks = [{c["code"]: c for c in i["checks"]} for i in result["items"]]
    assert [c.get("L-I-1", {}).get("result") for c in checks] == [None, "pass", "fail"]
    assert checks[1]["N-I-09"]["result"] == "fail"  # 10 days after the deploying document
    assert "L-D-1" in checks[0] and "L-D-1" not in checks[1]


@pytest.mark.django_db
def test_invalid_item_exits_1_naming_index_and_field(units, tmp_path, capsys):
    items = [{**DOCUMENT, "unit": "QH-NY"}, {**MEETING, "unit": "QH-NY", "form": "广播"}]
    with pytest.raises(SystemExit) as exit_info:
        run(write(tmp_path, items), "--json")
    assert exit_info.value.code == 1


@pytest.mark.django_db
def test_unreadable_file_exits_1_and_missing_file_or_county_is_usage(units, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        run(str(bad))
    assert exit_info.value.code == 1
    with pytest.raises(CommandError) as caught:
        run(str(tmp_path / "missing.json"))
    assert caught.value.returncode == 2
    with pytest.raises(CommandError) as caught:
        run(write(tmp_path, MEETING), "--county", "XX")
    assert caught.value.returncode == 2


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    return f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_subprocess_exit_codes_and_json(units, tmp_path):
    env = {**os.environ, "JIANFU_DATABASE_URL": _database_url()}

    def jianfu(*args):
        return subprocess.run(
            [sys.executable, "-m", "jianfu.manage", "check_item", *args],
            capture_output=True,
            text=True,
            env=env,
            check=False,
            timeout=120,
        )

    ok = jianfu(write(tmp_path, [{**MEETING, "unit": "QH-NY"}]), "--json")
    assert ok.returncode == 0, ok.stderr
    codes = {c["code"]: c["result"] for c in json.loads(ok.stdout)["items"][0]["checks"]}
    assert codes["L-M-2"] == "fail" and codes["N-M-06"] == "fail"
    refused = jianfu(write(tmp_path, [{**MEETING, "unit": "QH-NY"}, {"kind": "meeting"}]), "--json")
    assert refused.returncode == 1
    errors = json.loads(refused.stdout)["errors"]
    assert {e["index"] for e in errors} == {1} and "title" in {e["field"] for e in errors}
    assert "第 2 个事项" in refused.stderr
    assert jianfu(str(tmp_path / "nope.json")).returncode == 2
    assert jianfu().returncode == 2
