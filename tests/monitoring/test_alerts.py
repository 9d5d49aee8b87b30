"""The alert scan: each kind raised with its rule code and a readable reason; idempotent;
closed when the condition is gone; the command."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from jianfu.core.models import AuditEvent
from jianfu.filings.models import Filing, Quota
from jianfu.monitoring.models import Alert
from jianfu.monitoring.selectors import findings
from jianfu.monitoring.services.alerts import alerts_scan
from jianfu.supervision.selectors.overdue import OverdueTask

from .data import D, add

pytestmark = pytest.mark.django_db

TODAY = D(2025, 9, 30)


def notices(unit, days: list[date], prefix: str = "工作") -> None:
    add(
        unit,
        *[
            ("发文", day, f"关于做好{prefix}第{i}项任务的通知", "各乡镇（街道）")
            for i, day in enumerate(days)
        ],
    )


def by_rule(county) -> dict[str, list[Alert]]:
    result: dict[str, list[Alert]] = {}
    for alert in Alert.objects.filter(county=county, status="open").order_by("id"):
        result.setdefault(alert.rule, []).append(alert)
    return result


def test_quota_80_and_100_cite_the_figures(county, units):
    notices(units["ny"], [D(2025, 2, 1), D(2025, 5, 1), D(2025, 9, 1)])
    notices(units["jy"], [D(2025, 3, 1)] * 1 + [D(2025, 4, 2), D(2025, 6, 3), D(2025, 7, 4)])
    Quota.objects.create(county=county, unit=units["ny"], year=2025, kind="document", amount=3)
    Quota.objects.create(county=county, unit=units["jy"], year=2025, kind="document", amount=5)
    Quota.objects.create(county=county, unit=units["xwb"], year=2025, kind="document", amount=5)
    alerts_scan(county, TODAY)
    alerts = by_rule(county)
    (full,) = alerts["QUOTA-100"]
    assert full.unit == units["ny"]
    assert "发文数额已用100%（已用 3 件，数额 3 件）" in full.message
    (eighty,) = alerts["QUOTA-80"]
    assert eighty.unit == units["jy"] and "已用 4 件，数额 5 件" in eighty.message
    assert eighty.figures == {"section": "documents", "used": 4, "quota": 5}
    assert f"unit={units['jy'].pk}" in eighty.link and "counted=1" in eighty.link
    # 县委办 used nothing: no alert
    assert not Alert.objects.filter(unit=units["xwb"]).exists()


def test_pace_above_last_year_by_the_same_day(county, units):
    notices(units["ny"], [D(2024, 3, 1), D(2024, 5, 1), D(2024, 11, 1)], "去年")
    notices(units["ny"], [D(2025, 2, 1), D(2025, 4, 1), D(2025, 6, 1)])
    notices(units["jy"], [D(2024, 3, 1), D(2024, 5, 1), D(2024, 6, 1)], "去年")
    notices(units["jy"], [D(2025, 2, 1), D(2025, 4, 1), D(2025, 6, 1)])
    alerts_scan(county, TODAY)
    (pace,) = by_rule(county)["PACE"]
    assert pace.unit == units["ny"]
    assert "今年以来发文 3 件，高于去年同期 2 件" in pace.message
    assert "去年全年 3 件" in pace.message and "L-D-3" in pace.message
    assert pace.figures["projected"] == 4  # 3 × 365 / 273


def test_unfiled_items_received_by_observation_points(county, units):
    add(units["hk"], ("收文", D(2025, 9, 3), "关于上报秋粮产量数据的紧急通知函", "县农业农村局"))
    alerts_scan(county, TODAY)
    (unfiled,) = by_rule(county)["UNFILED"]
    assert unfiled.unit == units["ny"]  # the sender named by the township
    assert "河口乡" in unfiled.message and "1 件事项没有报备或发文记录" in unfiled.message
    assert unfiled.figures["count"] == 1
    assert unfiled.figures["points"] == {str(units["hk"].pk): 1}


def test_a_township_sees_the_unfiled_items_it_received(client, county, units, users):
    """The UNFILED alert is the sender's (outside a township's scope); the township's own page
    still says what it received that nobody filed, and from whom."""
    add(units["hk"], ("收文", D(2025, 9, 3), "关于上报秋粮产量数据的紧急通知函", "县农业农村局"))
    alerts_scan(county, TODAY)
    client.force_login(users["clerk_hk"])
    period = {"start": "2025-09-01", "end": "2025-09-30"}
    response = client.get(reverse("monitoring:dashboard"), period)
    assert response.context["unfiled_received"] == [
        {"sender": "县农业农村局", "count": 1, "link": by_rule(county)["UNFILED"][0].link}
    ]
    assert "来自县农业农村局 1 件" in response.content.decode()
    client.force_login(users["clerk_jy"])  # not a point that received it: nothing
    assert client.get(reverse("monitoring:dashboard"), period).context["unfiled_received"] == []


def test_filing_rules_overtime_negative_list_and_inspections_outside_the_plan(county, units):
    ny = units["ny"]
    meeting = Filing.objects.create(
        county=county,
        unit=ny,
        kind="meeting",
        title="全县秋粮工作会议",
        date=D(2025, 9, 2),
        status="archived",
        differences=[{"code": "L-M-2", "reason": "实际 150 分钟，超过批准的 90 分钟"}],
    )
    doc = Filing.objects.create(
        county=county,
        unit=ny,
        kind="document",
        title="关于2025年春耕工作的通知",
        date=D(2025, 3, 2),
        status="approved",
        checks=[
            {"code": "N-D-05", "result": "fail", "reason": "与去年标题仅年份不同"},
            {"code": "L-D-1", "result": "pass", "reason": ""},
        ],
    )
    inspection = Filing.objects.create(
        county=county,
        unit=units["jy"],
        kind="inspection",
        title="秋季开学督查",
        date=D(2025, 9, 5),
        status="approved",
    )
    Filing.objects.create(  # one-off approval: fine
        county=county,
        unit=units["jy"],
        kind="inspection",
        title="校车安全检查",
        date=D(2025, 9, 6),
        status="approved",
        one_off=True,
    )
    Filing.objects.create(  # only a draft: not an alert
        county=county,
        unit=units["jy"],
        kind="document",
        title="草稿",
        date=D(2025, 9, 6),
        checks=[{"code": "N-D-06", "result": "fail", "reason": "迎检"}],
    )
    alerts_scan(county, TODAY)
    alerts = by_rule(county)
    (overtime,) = alerts["L-M-2"]
    assert overtime.figures["filing"] == meeting.pk
    assert "会议超出规定或批准时长（L-M-2）：实际 150 分钟" in overtime.message
    (negative,) = alerts["N-D-05"]
    assert negative.figures["filing"] == doc.pk and "触及负面清单" in negative.message
    (outside,) = alerts["L-I-1"]
    assert outside.figures["filing"] == inspection.pk and outside.unit == units["jy"]


def test_overdue_supervision_tasks(county, units, monkeypatch):
    # the supervision part's selector (helper "sup") returns plain task rows
    # the supervision part's rows (its own tests cover how they are selected)
    task = OverdueTask(
        unit_id=units["jy"].pk,
        task_id=7,
        title="整改材料报送过多问题",
        deadline=D(2025, 9, 1),
        group_name="第一督导组",
        days_overdue=29,
    )
    monkeypatch.setattr(findings, "tasks_overdue", lambda c, today: [task])
    alerts_scan(county, TODAY)
    (alert,) = by_rule(county)["TASK-OVERDUE"]
    assert alert.unit == units["jy"] and alert.key == f"TASK-OVERDUE:{units['jy'].pk}:7"
    assert "整改任务“整改材料报送过多问题”已超过期限 2025-09-01" in alert.message


def test_evasion_formal_documents_fall_while_white_head_and_briefs_rise(county, units):
    ny = units["ny"]
    notices(ny, [D(2025, 4, 10), D(2025, 5, 10), D(2025, 6, 1), D(2025, 6, 20)], "上期")
    notices(ny, [D(2025, 8, 1)], "本期")
    add(
        ny,
        ("发文", D(2025, 8, 5), "关于报送秋粮数据的便函", "各乡镇（街道）", {"genre": "便函"}),
        ("发文", D(2025, 8, 20), "农业农村工作简报第3期", "各乡镇（街道）"),
        ("发文", D(2025, 9, 2), "农业农村工作简报第4期", "各乡镇（街道）"),
    )
    # 教育局: fewer documents and no rise of informal ones — no alert
    notices(units["jy"], [D(2025, 4, 10), D(2025, 5, 10)], "上期")
    alerts_scan(county, TODAY)
    (evasion,) = by_rule(county)["EVASION"]
    assert evasion.unit == ny
    assert evasion.figures == {
        "formal_before": 4,
        "formal_now": 1,
        "informal_before": 0,
        "informal_now": 3,
    }
    assert "正式发文 1 件（前 90 天 4 件）" in evasion.message
    assert "白头文件、便函、简报等 3 件" in evasion.message


def test_the_scan_is_idempotent_and_closes_what_is_gone(county, units):
    notices(units["ny"], [D(2025, 2, 1), D(2025, 5, 1), D(2025, 9, 1)])
    Quota.objects.create(county=county, unit=units["ny"], year=2025, kind="document", amount=3)
    doc = Filing.objects.create(
        county=county,
        unit=units["ny"],
        kind="document",
        title="通知",
        date=D(2025, 3, 2),
        status="approved",
        checks=[{"code": "N-D-09", "result": "fail", "reason": "要求报送落实情况"}],
    )
    first = alerts_scan(county, TODAY)
    assert (first.created, first.updated, first.closed) == (2, 0, 0)
    audits = AuditEvent.objects.filter(action="generate").count()
    assert audits == 1
    ids = sorted(Alert.objects.values_list("pk", flat=True))

    again = alerts_scan(county, TODAY)
    assert (again.created, again.updated, again.closed) == (0, 0, 0)
    assert sorted(Alert.objects.values_list("pk", flat=True)) == ids
    assert AuditEvent.objects.filter(action="generate").count() == audits  # nothing changed

    later = alerts_scan(county, D(2025, 10, 8))
    assert (later.created, later.updated) == (0, 2)  # seen again: last_seen moves on
    assert Alert.objects.get(rule="QUOTA-100").last_seen == D(2025, 10, 8)
    assert Alert.objects.get(rule="QUOTA-100").first_seen == TODAY

    doc.checks = []
    doc.save()
    fixed = alerts_scan(county, D(2025, 10, 9))
    assert fixed.closed == 1
    closed = Alert.objects.get(rule="N-D-09")
    assert (closed.status, closed.closed_on) == ("closed", D(2025, 10, 9))

    # the first scan of the new year closes last year's quota alert; a scan for an earlier
    # day leaves a later year's alerts alone
    alerts_scan(county, D(2026, 1, 5))
    assert Alert.objects.get(rule="QUOTA-100").status == "closed"
    Alert.objects.create(
        county=county,
        unit=units["jy"],
        rule="PACE",
        message="2027",
        key="PACE:x:2027",
        year=2027,
        first_seen=D(2027, 3, 1),
        last_seen=D(2027, 3, 1),
    )
    alerts_scan(county, D(2026, 2, 1))
    assert Alert.objects.get(key="PACE:x:2027").status == "open"


def test_the_command_prints_json_and_refuses_bad_dates(county, units):
    notices(units["ny"], [D(2025, 2, 1), D(2025, 5, 1), D(2025, 9, 1)])
    Quota.objects.create(county=county, unit=units["ny"], year=2025, kind="document", amount=3)
    out = io.StringIO()
    call_command("alerts_scan", "--date", "2025-09-30", "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert result["created"] == 1 and result["open"] == 1
    assert result["alerts"][0]["unit"] == "QH-NY" and result["alerts"][0]["rule"] == "QUOTA-100"
    assert result["by_rule"] == {"QUOTA-100": 1}
    out = io.StringIO()
    call_command("alerts_scan", "--date", "2025-09-30", stdout=out)
    assert "新增 0" in out.getvalue() and "[QUOTA-100]" in out.getvalue()
    with pytest.raises(CommandError) as exc:
        call_command("alerts_scan", "--date", "2025-13-01")
    assert exc.value.returncode == 2
