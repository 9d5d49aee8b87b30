"""A workbook import adds its lines' counts to the rollup (rollup.RollupDelta / rollup_add)
instead of reading them back: the result must equal a GROUP BY over the lines all the same —
for a large workbook (the bulk writer), over months that already hold lines, with every measure
(durations, on-site meetings, materials) and the import of the same file again."""

from __future__ import annotations

import datetime as dt

import pytest

from jianfu.core.actor import Actor
from jianfu.ledgers.classify import LineInput
from jianfu.ledgers.models import LedgerRollup
from jianfu.ledgers.services.entries import ledger_entry_create
from jianfu.ledgers.services.imports import ledger_import
from jianfu.ledgers.services.rollup import RollupDelta, rollup_add
from tests.ledgers.workbooks import xlsx

from .test_rollup_property import _from_lines, _from_rollup

pytestmark = pytest.mark.django_db

FORMS = ("现场", "视频", "", "会议室", "电视电话会议", "现场会")


def _workbook(lines: int) -> bytes:
    """收文, 参会 and 受检 sheets over three months, as a township keeps them."""
    received = [["收文日期", "来文单位", "文号", "文件标题"]]
    meetings = [["会议日期", "召集单位", "会议名称", "会议形式", "时长（分钟）"]]
    inspections = [["检查日期", "实施单位", "事项名称", "检查类型", "是否要求提供材料"]]
    for n in range(lines):
        day = dt.date(2025, 3, 1) + dt.timedelta(days=n % 80)
        sender = ("县委办公室", "县农业农村局", "市政府办公室", "某协会")[n % 4]
        if n % 3 == 0:
            received.append([day, sender, f"青农发〔2025〕{n}号", f"关于做好第{n}项工作的通知"])
        elif n % 3 == 1:
            minutes = None if n % 7 == 0 else 30 + n % 90
            meetings.append([day, sender, f"第{n}次工作推进会", FORMS[n % 6], minutes])
        else:
            materials = ("是", "否", "", "要求")[n % 4]
            inspections.append([day.isoformat(), sender, f"第{n}项工作督查", "督查", materials])
    return xlsx({"收文": received, "参会": meetings, "受检": inspections})


def test_a_large_import_adds_exactly_what_a_group_by_counts(county, units):
    hk = units["hk"]
    actor = Actor.command()
    # lines already in the months the workbook touches, in the same buckets
    for n in range(5):
        line = LineInput(kind="参会", date=dt.date(2025, 3, 2 + n), title=f"已有会议{n}",
                         counterpart="县委办公室", meeting_form="现场", duration_minutes=60)
        ledger_entry_create(actor=actor, unit=hk, line=line)  # fmt: skip
    data = _workbook(4_500)  # more than one CHUNK: the bulk writer
    result = ledger_import(actor=actor, unit=hk, data=data, filename="河口乡台账.xlsx")
    assert result.imported == 4_500 and not result.errors
    expected = _from_lines(county.pk)
    assert _from_rollup(county.pk) == expected
    measures = [sum(v[i] for v in expected.values()) for i in range(5)]
    assert measures[0] == 4_505 and all(measures[1:]), measures  # every measure exercised
    # the same file again: all duplicates, the rollup unchanged
    again = ledger_import(actor=actor, unit=hk, data=data, filename="河口乡台账.xlsx")
    assert again.imported == 0 and again.duplicates == 4_500
    assert _from_rollup(county.pk) == expected
    assert not LedgerRollup.objects.filter(n=0).exists()


def test_rollup_add_sums_with_the_buckets_already_there(county, units):
    ny = units["ny"]
    decision = ("部门", "D-IN-2", True, True, None)
    first, second = RollupDelta(), RollupDelta()
    first.add(dt.date(2025, 5, 3), "发文", decision, None, "", None)
    for day in (3, 20):
        second.add(dt.date(2025, 5, day), "发文", decision, None, "", None)
    second.add(dt.date(2025, 6, 1), "参会", ("", "M-OUT-1", False, False, None), 45, "现场", True)
    assert len(second) == 3
    rollup_add(county.pk, ny.pk, first)
    rollup_add(county.pk, ny.pk, second)
    rows = {
        (r.month, r.kind): (r.n, r.minutes_sum, r.with_minutes, r.onsite, r.materials)
        for r in LedgerRollup.objects.filter(unit=ny)
    }
    assert rows == {(5, "发文"): (3, 0, 0, 0, 0), (6, "参会"): (1, 45, 1, 1, 1)}
