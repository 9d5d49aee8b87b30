"""The dual-ledger comparison on a realistic hand-made ledger with the usual mistakes."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError

from jianfu.core.actor import Actor
from jianfu.core.models import AuditEvent
from jianfu.ledgers.compare.match import accuracy_rate
from jianfu.ledgers.compare.selectors import (
    accuracy_overview,
    hand_ledger_lines,
    units_not_compared,
)
from jianfu.ledgers.compare.service import HandLedgerRefused, hand_ledger_compare
from jianfu.ledgers.models import HandLedger, HandLedgerLine

from . import scenario
from .helpers import add_lines, hand_workbook

D = date


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _compare(units, data, actor=None, unit_key="hk", filename="河口乡3月统计台账.xlsx"):
    return hand_ledger_compare(
        actor=actor or Actor.command(),
        unit=units[unit_key],
        data=data,
        filename=filename,
        date_from=scenario.START,
        date_to=scenario.END,
    )


def test_comparison_lists_and_accuracy(units, media):
    ledger = _compare(units, scenario.build(units))
    lists = hand_ledger_lines(ledger)
    titles = {outcome: [line.title for line in lines] for outcome, lines in lists.items()}
    assert sorted(titles["agreed"]) == sorted(
        [
            "关于做好2025年春耕生产工作的通知",
            "关于开展高标准农田建设情况调查的通知",
            "关于做好春季学期校园安全工作通知",  # 文号 in other brackets still matches
            "全县春季动物防疫工作推进会议",  # title within 90 similarity
            "人居环境整治专项督查",  # one day off
        ]
    )
    wrong = {line.title: (line.rule, line.reason) for line in lists["wrong"]}
    assert set(wrong) == {
        "关于表彰2024年度防汛抗旱先进集体和先进个人的决定",
        "全县防汛抗旱工作会议纪要",
        "全县乡镇党委书记培训班",
    }
    assert wrong["关于表彰2024年度防汛抗旱先进集体和先进个人的决定"][0] == "D-OUT-2"
    assert "表彰" in wrong["关于表彰2024年度防汛抗旱先进集体和先进个人的决定"][1]
    assert wrong["全县防汛抗旱工作会议纪要"][0] == "D-OUT-4"
    assert wrong["全县乡镇党委书记培训班"][0] == "M-OUT-2"
    missed = {line.title: line.rule for line in lists["missed"]}
    assert missed == {
        "关于报送秋粮收购进度情况的便函": "D-IN-3",
        "全县安全生产工作视频调度会": "M-IN-1",
    }
    assert all(line.row is None and line.entry_id for line in lists["missed"])
    assert [line.title for line in lists["not_in_daily"]] == ["关于开展第37个爱国卫生月活动的通知"]
    assert lists["not_in_daily"][0].row == 8 and lists["not_in_daily"][0].sheet == "收文"
    assert lists["duplicate"] == []

    assert (ledger.agreed, ledger.missed, ledger.wrong, ledger.not_in_daily) == (5, 2, 3, 1)
    assert (ledger.rows, ledger.outside_period) == (10, 1)
    assert ledger.accuracy == pytest.approx(5 / 11)
    assert ledger.accuracy_percent == "45.5%"
    # how the matches were made
    by_title = {line.title: line for line in lists["agreed"]}
    assert by_title["关于做好春季学期校园安全工作通知"].method == "doc_no"
    assert by_title["全县春季动物防疫工作推进会议"].method == "title"
    assert by_title["全县春季动物防疫工作推进会议"].score >= 90
    # the hand-made category is kept for display
    assert by_title["人居环境整治专项督查"].hand_category == "县级"
    # stored with its file, audited as an import
    assert (Path(settings.MEDIA_ROOT) / ledger.stored_file).read_bytes()[:2] == b"PK"
    event = AuditEvent.objects.get(action="import", object_type="ledgers.handledger")
    assert event.after["accuracy"] == pytest.approx(5 / 11)


def test_repeated_hand_row_is_shown_but_not_rated(units, media):
    add_lines(units["hk"], scenario.DAILY)
    data = hand_workbook(
        {
            "收文": [
                ["日期", "文号", "标题"],
                ["2025-03-03", "县委办发〔2025〕12号", "关于做好2025年春耕生产工作的通知"],
                ["2025-03-04", "县委办发〔2025〕12号", "关于做好2025年春耕生产工作的通知"],
            ]
        }
    )
    ledger = _compare(units, data)
    assert (ledger.agreed, ledger.duplicates) == (1, 1)
    # the other six lines counted in March were missed
    assert ledger.missed == 6
    assert ledger.accuracy == pytest.approx(1 / 7)


def test_single_sheet_with_category_column(units, media):
    add_lines(units["hk"], scenario.DAILY)
    csv = (
        "类别,日期,来文单位,文号,标题\n"
        "收文,2025-03-12,县农业农村局,,关于报送秋粮收购进度情况的便函\n"
        "参会,2025-03-06,县委办公室,,全县安全生产工作视频调度会\n"
    ).encode("gb18030")
    ledger = _compare(units, csv, filename="统计台账.csv")
    assert ledger.agreed == 2 and ledger.wrong == 0 and ledger.not_in_daily == 0
    assert ledger.missed == 5


def test_a_hand_ledger_that_marks_each_item_counted_or_not(units, media):
    """A clerk who lists every item with 是否计入: a row marked 否 agrees with a line the
    criteria do not count, and is missed when they count it; 是 reads as before."""
    add_lines(units["hk"], scenario.DAILY)
    honours = "关于表彰2024年度防汛抗旱先进集体和先进个人的决定"  # D-OUT-2: not counted
    data = hand_workbook(
        {
            "收文": [
                ["日期", "文号", "标题", "是否计入"],
                ["2025-03-07", "县委发〔2025〕5号", honours, "否"],
                ["2025-03-03", "县委办发〔2025〕12号", "关于做好2025年春耕生产工作的通知", "否"],
                ["2025-03-12", None, "关于报送秋粮收购进度情况的便函", "是"],
            ]
        }
    )
    lists = hand_ledger_lines(_compare(units, data))
    assert [line.title for line in lists["agreed"]] == [honours, "关于报送秋粮收购进度情况的便函"]
    assert lists["wrong"] == []
    missed = {line.title: (line.rule, line.row) for line in lists["missed"]}
    assert missed["关于做好2025年春耕生产工作的通知"] == ("D-IN-1", 3)  # the row that said 否
    assert len(missed) == 6  # and the five counted lines it does not list


def test_unreadable_rows_refuse_everything(units, media):
    add_lines(units["hk"], scenario.DAILY)
    data = hand_workbook(
        {
            "收文": [
                ["日期", "文号", "标题"],
                ["2025-03-03", "县委办发〔2025〕12号", "关于做好2025年春耕生产工作的通知"],
                ["三月上旬", "", "关于开展高标准农田建设情况调查的通知"],
                ["2025-03-09", "县农发〔2025〕9号", ""],
            ]
        }
    )
    with pytest.raises(HandLedgerRefused) as refused:
        _compare(units, data)
    errors = refused.value.errors
    assert refused.value.code == "row_errors" and len(errors) == 2
    assert {(e.sheet, e.row) for e in errors} == {("收文", 3), ("收文", 4)}
    assert errors[0].column and errors[0].message
    assert not HandLedger.objects.exists() and not HandLedgerLine.objects.exists()
    assert not list(media.rglob("*.xlsx"))
    with pytest.raises(HandLedgerRefused) as not_a_workbook:
        _compare(units, b"this is not a workbook at all", filename="台账.xlsx")
    assert not_a_workbook.value.code in {"not_a_workbook", "corrupted"}
    assert not HandLedger.objects.exists()


def test_clerk_of_another_unit_is_refused(units, users, media):
    data = scenario.build(units)
    with pytest.raises(PermissionDenied):
        _compare(units, data, actor=Actor.command(users["clerk_ny"]))
    ledger = _compare(units, data, actor=Actor.command(users["clerk_hk"]))
    assert ledger.uploaded_by == "clerk_hk"


def test_accuracy_rate_formula():
    assert accuracy_rate(5, 2, 3, 1) == pytest.approx(5 / 11)
    assert accuracy_rate(0, 0, 0, 0) is None
    assert accuracy_rate(8, 0, 0, 0) == 1.0


def test_accuracy_overview_latest_per_unit_worst_first(units, media):
    data = scenario.build(units)
    first = _compare(units, data)
    add_lines(
        units["cg"],
        [{"kind": "收文", "date": D(2025, 3, 3), "counterpart": "县委办公室",
          "doc_no": "县委办发〔2025〕12号", "title": "关于做好2025年春耕生产工作的通知"}],
    )  # fmt: skip
    perfect = _compare(units, hand_workbook({"收文": scenario.HAND["收文"][:2]}), unit_key="cg")
    assert perfect.accuracy == 1.0
    better = _compare(units, data)  # 河口乡 again: the latest one is the one shown
    rows = accuracy_overview(units["hk"].county)
    assert [r.pk for r in rows] == [better.pk, perfect.pk]
    assert first.pk not in [r.pk for r in rows]
    assert [r.pk for r in accuracy_overview(units["hk"].county, limit=1)] == [better.pk]


def test_accuracy_overview_takes_the_latest_period_and_names_units_not_compared(units, media):
    """A comparison of an older period uploaded later does not hide the unit's latest period;
    a period filter keeps the comparisons that overlap it; units without one are named."""
    march = _compare(units, scenario.build(units))
    sheet = [["日期", "标题"], ["2025-02-10", "关于做好春节期间安全工作的通知"]]
    february = hand_ledger_compare(
        actor=Actor.command(), unit=units["hk"], data=hand_workbook({"收文": sheet}),
        filename="二月.xlsx", date_from=D(2025, 2, 1), date_to=D(2025, 2, 28),
    )  # fmt: skip
    assert february.pk > march.pk
    assert [r.pk for r in accuracy_overview(units["hk"].county)] == [march.pk]
    in_february = accuracy_overview(
        units["hk"].county, date_from=D(2025, 2, 1), date_to=D(2025, 2, 28)
    )
    assert [r.pk for r in in_february] == [february.pk]
    assert accuracy_overview(units["hk"].county, date_from=D(2025, 4, 1)) == []
    missing = units_not_compared(units["hk"].county)
    assert units["hk"] not in missing and units["cg"] in missing and units["ny"] in missing
    assert all(unit.kind != "higher" for unit in missing)
    assert units["hk"] in units_not_compared(units["hk"].county, date_from=D(2025, 4, 1))


def test_compare_command(units, media, tmp_path, capsys):
    path = tmp_path / "河口乡3月统计台账.xlsx"
    path.write_bytes(scenario.build(units))
    call_command(
        "ledger_compare", str(path), "--unit", "QH-HK", "--from", "2025-03-01",
        "--to", "2025-03-31", "--json",
    )  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    assert data["counts"] == {
        "agreed": 5,
        "missed": 2,
        "wrong": 3,
        "not_in_daily": 1,
        "duplicate": 0,
    }
    assert data["accuracy"] == pytest.approx(5 / 11)
    assert {line["rule"] for line in data["missed"]} == {"D-IN-3", "M-IN-1"}
    assert data["not_in_daily"][0]["sheet"] == "收文" and data["not_in_daily"][0]["row"] == 8
    # the text says what happened to every row of the file, also those outside the rate
    call_command(
        "ledger_compare", str(path), "--unit", "QH-HK", "--from", "2025-03-01",
        "--to", "2025-03-31",
    )  # fmt: skip
    first, *listed = capsys.readouterr().out.splitlines()
    assert "手工台账 10 行" in first and "不在比对期间 1 行" in first and "准确率 45.5%" in first
    assert sum("[错统]" in line for line in listed) == 3


def test_compare_command_refused_and_usage(units, media, tmp_path, capsys):
    bad = tmp_path / "坏文件.xlsx"
    bad.write_bytes(hand_workbook({"收文": [["日期", "标题"], ["不详", "关于X的通知"]]}))
    with pytest.raises(SystemExit) as exit_info:
        call_command(
            "ledger_compare", str(bad), "--unit", "QH-HK", "--from", "2025-03-01",
            "--to", "2025-03-31", "--json",
        )  # fmt: skip
    assert exit_info.value.code == 1
    out = json.loads(capsys.readouterr().out)
    assert out["code"] == "row_errors" and out["errors"][0]["row"] == 2
    assert not HandLedger.objects.exists()
    for args in (
        [
            str(tmp_path / "none.xlsx"),
            "--unit",
            "QH-HK",
            "--from",
            "2025-03-01",
            "--to",
            "2025-03-31",
        ],
        [str(bad), "--unit", "NOPE", "--from", "2025-03-01", "--to", "2025-03-31"],
        [str(bad), "--unit", "QH-HK", "--from", "2025-04-01", "--to", "2025-03-31"],
    ):
        with pytest.raises(CommandError) as usage:
            call_command("ledger_compare", *args)
        assert usage.value.returncode == 2
