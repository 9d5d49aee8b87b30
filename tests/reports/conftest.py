"""A small county's year for the reports: what county units produced in 2025, quotas, an alert
flagged for the bulletin and a reminder, in the test county (青河县)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.utils import timezone

from jianfu.core.text import normalize_title
from jianfu.filings.models import Quota
from jianfu.ledgers.models import LedgerEntry, Source
from jianfu.ledgers.services.rollup import rollup_refresh_lines
from jianfu.monitoring.models import Alert, Reminder

Q3 = (date(2025, 7, 1), date(2025, 9, 30))


def line(county, unit, kind, day, title, *, counted=True, quota=True, category="部门"):
    return LedgerEntry(
        county=county,
        unit=unit,
        kind=kind,
        date=day,
        title=title,
        title_norm=normalize_title(title),
        counted=counted,
        quota_charged=quota and counted,
        category=category,
        rule="D-IN-2" if counted else "D-BR-1",
        source=Source.FORM,
    )


@pytest.fixture
def scene(county, units, users):
    ny, jy, xwb, hk = units["ny"], units["jy"], units["xwb"], units["hk"]
    lines = []
    # 农业农村局: 4 documents in Q2, 6 in Q3 (quota 8: over by the end of Q3), a brief, an
    # emergency notice (counted, no quota)
    for n in range(4):
        lines.append(line(county, ny, "发文", date(2025, 5, 1 + n), f"二季度通知{n}"))
    for n, day in enumerate(
        [
            date(2025, 7, 3),
            date(2025, 7, 9),
            date(2025, 7, 20),
            date(2025, 8, 4),
            date(2025, 8, 5),
            date(2025, 9, 30),
        ]
    ):
        lines.append(line(county, ny, "发文", day, f"三季度通知{n}"))
    lines.append(
        line(
            county,
            ny,
            "发文",
            date(2025, 8, 6),
            "农业工作简报第3期",
            counted=False,
            category="简报",
        )
    )
    lines.append(
        line(county, ny, "发文", date(2025, 9, 2), "紧急防汛明电", quota=False, category="应急")
    )
    # 教育局: two meetings and an inspection in Q3, one meeting in Q2
    lines.append(line(county, jy, "办会", date(2025, 6, 10), "二季度教育工作会"))
    lines.append(line(county, jy, "办会", date(2025, 7, 15), "秋季开学工作会"))
    lines.append(line(county, jy, "办会", date(2025, 9, 1), "校园安全工作会"))
    lines.append(line(county, jy, "督查", date(2025, 9, 12), "校园安全专项督查"))
    # 县委办: one document in Q3; a document on 1 October belongs to Q4
    lines.append(
        line(county, xwb, "发文", date(2025, 8, 20), "关于进一步精简文件的通知", category="县级")
    )
    lines.append(line(county, xwb, "发文", date(2025, 10, 1), "国庆后工作安排", category="县级"))
    # 河口乡 records what it received: never counted as production
    lines.append(line(county, hk, "收文", date(2025, 8, 6), "三季度通知3"))
    LedgerEntry.objects.bulk_create(lines)
    rollup_refresh_lines((e.county_id, e.unit_id, e.date) for e in lines)  # as services do
    Quota.objects.create(county=county, unit=ny, year=2025, kind="document", amount=8)
    Quota.objects.create(county=county, unit=jy, year=2025, kind="meeting", amount=10)
    Alert.objects.create(
        county=county,
        unit=jy,
        rule="N-I-03",
        message="督查要求基层提供大量台账材料",
        key="N-I-03:QH-JY:1",
        year=2025,
        bulletin=True,
        first_seen=date(2025, 9, 12),
        last_seen=date(2025, 9, 20),
    )
    reminder = Reminder.objects.create(
        county=county,
        unit=ny,
        message="发文数额即将用完，请严格控制",
        recipient_count=2,
        sent_at=timezone.make_aware(datetime(2025, 8, 10, 9, 0)),
    )
    reminder.to.add(users["leader_ny"])
    return {"lines": lines}
