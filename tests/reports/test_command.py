"""`jianfu report KIND --period P --format F [-o PATH]`: JSON shape, files, exit codes."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from .readers import docx_text, xlsx_sheets

pytestmark = pytest.mark.django_db


def run_json(*args) -> dict:
    out = io.StringIO()
    call_command("report", *args, "--format", "json", stdout=out, stderr=io.StringIO())
    return json.loads(out.getvalue())


def test_json_has_the_design_keys_and_the_scene_figures(scene):
    data = run_json("quarterly", "--period", "2025-Q3")
    assert {"kind", "period", "totals", "units", "alerts"} <= set(data)
    assert data["kind"] == "quarterly"
    assert data["period"] == {"start": "2025-07-01", "end": "2025-09-30"}
    assert set(data["totals"]) == {
        "documents",
        "meetings",
        "inspections",
        "briefs",
        "emergency",
        "reminders",
    }
    # 6 + 1 emergency (农业农村局) + 1 (县委办); the 河口乡 receipt and the October line
    # do not count
    assert data["totals"] == {
        "documents": 8,
        "meetings": 2,
        "inspections": 1,
        "briefs": 1,
        "emergency": 1,
        "reminders": 2,
    }
    ny = next(u for u in data["units"] if u["unit"] == "QH-NY")
    assert {
        "unit",
        "documents",
        "meetings",
        "inspections",
        "briefs",
        "quota",
        "used",
        "reminders",
    } <= set(ny)
    assert ny["quota"]["documents"] == 8 and ny["used"]["documents"] == 10
    assert ny["reminders"] == 2
    assert {"unit": "QH-JY", "rule": "N-I-03", "message": "督查要求基层提供大量台账材料"} in data[
        "alerts"
    ]
    # the analysis the text quotes
    assert data["previous"]["totals"]["documents"] == 4
    assert data["doc_no"] == "青减负通〔2025〕3号"
    assert [n["unit"] for n in data["named"]] == ["QH-JY", "QH-NY"]
    over = next(r for r in data["quota_use"] if r["unit"] == "QH-NY")
    assert (over["used"], over["quota"], over["status"]) == (10, 8, "over")


def test_weekly_and_monthly(scene):
    week = run_json("weekly", "--period", "2025-W32")  # 4–10 August
    assert week["totals"]["documents"] == 2
    assert week["previous"]["code"] == "2025-W31"
    assert len(week["trend"]) == 6
    month = run_json("monthly", "--period", "2025-08")
    assert month["totals"]["documents"] == 3 and month["totals"]["reminders"] == 2
    assert [t["code"] for t in month["trend"]][-2:] == ["2025-07", "2025-08"]
    assert month["trend"][-2]["totals"]["documents"] == 3
    assert month["suggestions"]["reminders"] == []  # 农业农村局 was reminded in August


def test_docx_and_xlsx_written_to_the_output(scene, tmp_path):
    target = tmp_path / "bulletin.docx"
    err = io.StringIO()
    call_command(
        "report",
        "quarterly",
        "--period",
        "2025-Q3",
        "--format",
        "docx",
        "-o",
        str(target),
        stderr=err,
    )
    assert "已写入" in err.getvalue()
    text = docx_text(target.read_bytes())
    assert "青减负通〔2025〕3号" in text and "县农业农村局" in text
    sheet = tmp_path / "a.xlsx"
    call_command(
        "report",
        "monthly",
        "--period",
        "2025-08",
        "--format",
        "xlsx",
        "-o",
        str(sheet),
        stderr=io.StringIO(),
    )
    assert "各单位" in xlsx_sheets(sheet.read_bytes())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["weekly", "--period", "2025-08", "--format", "json"], "每周一分析的期间须写作 2025-W32"),
        (["quarterly", "--period", "2025-W32", "--format", "json"], "2025-Q3"),
        (["monthly", "--period", "2025-13", "--format", "json"], "月份须在"),
        (["monthly", "--period", "2025-08", "--format", "pdf"], "--format 须为"),
        (["monthly", "--period", "2025-08"], "--format 须为"),
        (["monthly", "--period", "2025-08", "--format", "docx"], "请用 -o PATH"),
        (
            ["monthly", "--period", "2025-08", "--format", "xlsx", "-o", "/nonexistent/x.xlsx"],
            "输出目录不存在",
        ),
        (["monthly", "--period", "2025-08", "--format", "json", "--county", "XX"], "不存在"),
    ],
)
def test_usage_errors_exit_2(scene, args, message):
    with pytest.raises(CommandError, match=message) as info:
        call_command("report", *args, stdout=io.StringIO(), stderr=io.StringIO())
    assert info.value.returncode == 2


def test_json_flag_is_the_json_format(scene):
    out = io.StringIO()
    call_command(
        "report", "monthly", "--period", "2025-09", "--json", stdout=out, stderr=io.StringIO()
    )
    assert json.loads(out.getvalue())["kind"] == "monthly"


def test_the_real_command_exits_2_on_a_period_of_another_kind(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    jianfu = Path(sys.executable).parent / "jianfu"
    env = {**os.environ, "JIANFU_DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}"}
    done = subprocess.run(
        [str(jianfu), "report", "weekly", "--period", "2025-Q3", "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=60,
    )
    assert done.returncode == 2
    assert "每周一分析的期间须写作 2025-W32" in done.stderr
    assert done.stdout == ""
