"""`jianfu supervision_overdue`: the overdue tasks as JSON for scripts; usage errors exit 2."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def run(*args):
    out = io.StringIO()
    call_command("supervision_overdue", *args, stdout=out)
    return out.getvalue()


def test_json_lists_the_overdue_tasks(task_ny):
    later = (task_ny.deadline + dt.timedelta(days=4)).isoformat()
    document = json.loads(run("--date", later, "--json"))
    assert document == {
        "date": later,
        "tasks": [
            {
                "id": task_ny.pk,
                "unit": "QH-NY",
                "title": "发文未经报备即印发",
                "group": "第一督导组",
                "deadline": task_ny.deadline.isoformat(),
                "days_overdue": 4,
            }
        ],
    }
    assert json.loads(run("--json"))["tasks"] == []  # due in five days
    assert "县农业农村局 逾期 4 天" in run("--date", later)


def test_usage_errors_exit_2(county):
    with pytest.raises(CommandError) as refused:
        run("--date", "2025-13-01")
    assert refused.value.returncode == 2
    with pytest.raises(CommandError) as missing:
        run("--county", "NOPE")
    assert missing.value.returncode == 2
