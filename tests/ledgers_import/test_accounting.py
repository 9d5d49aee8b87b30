"""Accounting (R14/R15): rows == imported + duplicates + error rows, whatever the file holds."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jianfu.ledgers.models import LedgerEntry
from jianfu.ledgers.services.imports import ledger_import
from jianfu.org.models import Unit, UnitKind

from .helpers import cli_actor, xlsx

pytestmark = pytest.mark.django_db

TITLES = [
    "关于做好防汛工作的通知",
    "关于印发《乡村振兴实施方案》的通知",
    "全县安全生产工作简报（第3期）",
    "关于表彰森林防火先进集体的决定",
    "关于开展人居环境整治督查的通知",
    "关于召开秋粮收购工作会议的通知",
]
SENDERS = ["县委办公室", "县农业农村局", "市委办公室", "县教育局", "县红十字会", ""]

line = st.one_of(
    st.tuples(
        st.just("good"),
        st.integers(0, 40),
        st.sampled_from(SENDERS),
        st.sampled_from(TITLES),
        st.sampled_from(["", "县委办发〔2025〕1号", "县委办发[2025]1号", "农发（2025）7号"]),
    ),
    st.tuples(st.just("bad_date"), st.just(0), st.sampled_from(SENDERS), st.sampled_from(TITLES),
              st.just("")),
    st.tuples(st.just("no_title"), st.integers(0, 40), st.sampled_from(SENDERS), st.just(""),
              st.just("")),
)  # fmt: skip
_units = itertools.count()


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(first=st.lists(line, min_size=1, max_size=25), second=st.lists(line, max_size=25),
       partial=st.booleans())  # fmt: skip
def test_every_row_is_accounted_for(county, first, second, partial):
    unit = Unit.objects.create(
        county=county, code=f"QH-T{next(_units)}", name=f"测试乡{next(_units)}",
        kind=UnitKind.TOWNSHIP,
    )  # fmt: skip
    start = dt.date(2025, 3, 1)

    def workbook(lines):
        rows = [["收文日期", "来文单位", "文号", "标题"]]
        for what, day, sender, title, doc_no in lines:
            date = "2025-02-30" if what == "bad_date" else (start + dt.timedelta(days=day))
            rows.append([date.isoformat() if isinstance(date, dt.date) else date,
                         sender or None, doc_no or None, title or None])  # fmt: skip
        return xlsx({"收文": rows})

    stored = 0
    for lines in (first, second):
        if not lines:
            continue
        result = ledger_import(
            actor=cli_actor(), unit=unit, data=workbook(lines), filename="t.xlsx", partial=partial
        )
        bad = sum(1 for what, *_ in lines if what != "good")
        assert result.rows == len(lines)
        assert result.error_rows == bad and len(result.errors) == bad
        if bad and not partial:
            assert result.refused and result.imported == 0
        else:
            assert result.rows == result.imported + result.duplicates + result.error_rows
            stored += result.imported
        assert LedgerEntry.objects.filter(unit=unit).count() == stored
        keys = {
            (kind, d, n, t)
            for kind, d, n, t in LedgerEntry.objects.filter(unit=unit).values_list(
                "kind", "date", "doc_no_norm", "title_norm"
            )
        }
        assert len(keys) == stored  # never a second entry for one line
