"""`jianfu reconcile`: one JSON document with --json, a Chinese summary otherwise, exit 2 on
bad dates."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from .data import build_scene


@pytest.mark.django_db
def test_json_is_one_document(county, units):
    scene = build_scene(county, units)
    out, err = io.StringIO(), io.StringIO()
    call_command("reconcile", "--from", "2025-08-01", "--to", "2025-09-30", "--json",
                 stdout=out, stderr=err)  # fmt: skip
    data = json.loads(out.getvalue())
    assert set(data) == {"matches", "unfiled", "unreceived"}
    assert [u["id"] for u in data["unfiled"]] == [scene["hk_unfiled"].id]
    assert {m["method"] for m in data["matches"]} == {"doc_no", "title"}
    assert data["unreceived"][0] == {
        "unit": "QH-CG",
        "id": scene["ny_doc"].id,
        "title": "关于做好2025年秋粮收购工作的通知",
    }


@pytest.mark.django_db
def test_human_summary_in_chinese(county, units):
    build_scene(county, units)
    out = io.StringIO()
    call_command("reconcile", "--county", "QH", stdout=out)
    text = out.getvalue()
    assert "匹配 3 条（文号 1，标题 2）" in text
    assert "未报备 2 条" in text
    assert "未收到 2 条" in text
    assert "关于报送中小学校舍安全排查情况的通知" in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    "args",
    [
        ["--from", "2025-13-01"],
        ["--to", "昨天"],
        ["--from", "2025-09-30", "--to", "2025-09-01"],
        ["--county", "NOPE"],
    ],
)
def test_usage_errors_exit_2(county, units, args):
    with pytest.raises(CommandError) as caught:
        call_command("reconcile", *args, "--json", stdout=io.StringIO())
    assert caught.value.returncode == 2
