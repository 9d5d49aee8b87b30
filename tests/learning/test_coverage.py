"""学习全覆盖 as a table: units and leaders covered or short, with what they lack."""

from __future__ import annotations

from decimal import Decimal

from jianfu.learning.coverage import Record, coverage_compute

CORE = [(1, "文件一"), (2, "文件二")]
UNITS = [(10, "县农业农村局"), (11, "县教育局"), (12, "河口乡")]


def rec(unit, person, doc, leader=False, form="units", hours="2"):
    return Record(unit, person, leader, doc, form, Decimal(hours))


def test_units_and_leaders():
    records = [
        rec(10, "张三", 1, leader=True),
        rec(10, "李四", 2),
        rec(11, "王五", 1, leader=True),
        rec(11, "王五", 2, leader=True),
        rec(11, "赵六", None),  # a topic without a library document covers nothing
        rec(99, "外县", 1),  # a unit outside the list is ignored
    ]
    result = coverage_compute(CORE, UNITS, [(12, "孙七"), (10, "张三")], records)
    by_id = {u.unit_id: u for u in result.units}
    assert by_id[10].covered and by_id[10].studied == [1, 2] and by_id[10].people == 2
    assert by_id[11].covered and by_id[11].records == 3 and by_id[11].hours == Decimal(6)
    assert not by_id[12].covered and by_id[12].missing == [1, 2] and by_id[12].records == 0
    assert [u.unit_id for u in result.units_short] == [12]
    assert result.unit_rate == 2 / 3
    leaders = {(r.unit_id, r.person_name): r for r in result.leaders}
    assert set(leaders) == {(10, "张三"), (11, "王五"), (12, "孙七")}
    assert leaders[(10, "张三")].missing == [2]
    assert leaders[(11, "王五")].covered
    assert leaders[(12, "孙七")].missing == [1, 2]
    assert [r.person_name for r in result.leaders_short] == ["张三", "孙七"]
    # leaders are listed in unit order
    assert [r.unit_id for r in result.leaders] == [10, 11, 12]


def test_no_core_documents_means_everyone_covered():
    result = coverage_compute([], UNITS, [], [])
    assert all(u.covered for u in result.units) and result.unit_rate == 1
    assert result.leader_rate is None
