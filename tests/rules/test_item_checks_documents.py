"""Item checks for documents (L-D-*, N-D-*, QUOTA), pass and fail, without the database."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from jianfu.rules.item_checks import CheckContext, QuotaInfo

from .item_check_helpers import DAY, check, codes, facts, past


@pytest.mark.parametrize(
    ("changes", "result", "words"),
    [
        ({"chars": 5000}, "pass", "文件5000字，未超过5000字"),
        ({"chars": 5200}, "fail", "文件5200字，超过5000字上限"),
        (
            {"chars": 4200, "task_specific": True},
            "fail",
            "部署具体工作任务的文件4200字，超过4000字上限",
        ),
        ({"chars": 3900, "task_specific": True}, "pass", "未超过4000字"),
        ({"chars": None, "text": "字" * 5100}, "fail", "文件5100字"),
        ({"chars": None, "text": ""}, "declare", "未填写字数"),
    ],
)
def test_l_d_1_length(changes, result, words):
    found = check("L-D-1", facts("document", **changes))
    assert found.result == result and words in found.reason, found


def test_l_d_2_brief_instead_of_l_d_1():
    brief = facts("document", title="农业农村工作简报（第5期）", genre="简报", chars=900)
    assert "L-D-1" not in codes(brief) and "N-D-07" in codes(brief)
    assert check("L-D-2", brief).result == "fail"
    assert "简报900字，超过800字上限" in check("L-D-2", brief).reason
    assert (
        check("L-D-2", facts("document", title="工作简报第6期", genre="简报", chars=600)).result
        == "pass"
    )
    assert "L-D-2" not in codes(facts("document")) and "N-D-07" not in codes(facts("document"))


@pytest.mark.parametrize(
    ("last", "now", "explained", "result", "words"),
    [
        (None, 0, False, "pass", "上年无发文记录"),
        (20, 10, False, "pass", "含本件11件，未超过上年全年20件"),
        (20, 20, False, "fail", "含本件21件，超过上年全年20件，尚未备案书面说明"),
        (20, 20, True, "pass", "已备案书面说明"),
    ],
)
def test_l_d_3_no_growth(last, now, explained, result, words):
    ctx = CheckContext(
        last_year_documents=last, this_year_documents=now, growth_explained=explained
    )
    found = check("L-D-3", facts("document"), ctx)
    assert found.result == result and words in found.reason, found


def test_n_d_02_forwarding_a_higher_document():
    assert check("N-D-02", facts("document", forwards_higher=True)).result == "fail"
    assert (
        check(
            "N-D-02", facts("document", title="关于转发《市农业农村局关于春耕的通知》的通知")
        ).result
        == "fail"
    )
    assert check("N-D-02", facts("document")).result == "pass"


def test_n_d_03_document_after_a_meeting_on_the_same_subject():
    item = facts("document", title="关于做好夏季农作物病虫害防治的通知")
    meeting = past("meeting", "全县夏季农作物病虫害防治工作部署会", DAY - timedelta(days=12))
    failed = check("N-D-03", item, CheckContext(earlier=(meeting,)))
    assert failed.result == "fail" and "病虫害防治" in failed.reason
    old = past("meeting", "全县夏季农作物病虫害防治工作部署会", DAY - timedelta(days=45))
    other_unit = past("meeting", "夏季农作物病虫害防治会", DAY - timedelta(days=2), same_unit=False)
    assert check("N-D-03", item, CheckContext(earlier=(old, other_unit))).result == "pass"


def test_n_d_05_same_title_as_last_year_but_the_year():
    item = facts("document", title="关于做好2025年夏季农作物病虫害防治的通知")
    last = past("document", "关于做好2024年夏季农作物病虫害防治的通知", date(2024, 6, 1))
    failed = check("N-D-05", item, CheckContext(earlier=(last,)))
    assert failed.result == "fail" and "仅年份不同" in failed.reason
    different = past("document", "关于做好2024年秋季农作物病虫害防治的通知", date(2024, 6, 1))
    assert check("N-D-05", item, CheckContext(earlier=(different,))).result == "pass"


@pytest.mark.parametrize(
    ("code", "changes", "result"),
    [
        ("N-D-06", {"title": "关于做好迎接省级考核验收准备工作的通知"}, "fail"),
        ("N-D-06", {}, "pass"),
        ("N-D-09", {"title": "关于报送春耕生产贯彻落实情况的通知"}, "fail"),
        ("N-D-09", {"text": "请各乡镇制定配套文件并于月底前报送"}, "fail"),
        ("N-D-09", {}, "pass"),
        ("N-D-10", {"recipients": "各乡镇党委、各乡镇人民政府"}, "fail"),
        ("N-D-10", {}, "pass"),
    ],
)
def test_keyword_negative_items(code, changes, result):
    found = check(code, facts("document", **changes))
    assert found.result == result, found
    if result == "fail":
        assert f"（{code}）" in found.reason


def test_n_d_08_overlap_with_higher_document():
    text = "各地要加强病虫害监测预警，及时发布防治信息，组织开展统防统治。" * 5
    assert check("N-D-08", facts("document")).result == "declare"
    assert check("N-D-08", facts("document", text=text)).result == "declare"
    same = check("N-D-08", facts("document", text=text), CheckContext(higher_texts=(text,)))
    assert same.result == "fail" and "重复约100%" in same.reason
    other = "全面落实校园安全责任制，加强食品安全管理和交通安全教育工作。" * 5
    assert (
        check("N-D-08", facts("document", text=text), CheckContext(higher_texts=(other,))).result
        == "pass"
    )


@pytest.mark.parametrize("code", ["N-D-01", "N-D-04"])
def test_reviewer_items_are_declared(code):
    found = check(code, facts("document"))
    assert found.result == "declare" and "请申请人逐项申报" in found.reason


def test_quota_for_documents():
    assert (
        check("QUOTA", facts("document"), CheckContext(quota=QuotaInfo(30, 0, 30, 0))).result
        == "fail"
    )
    assert (
        check("QUOTA", facts("document"), CheckContext(quota=QuotaInfo(30, 0, 29, 1))).result
        == "pass"
    )
    award = facts("document", title="关于表彰2024年度农业农村工作先进单位的决定", genre="决定")
    found = check("QUOTA", award, CheckContext(quota=QuotaInfo(30, 0, 30, 0)))
    assert found.result == "pass" and "D-OUT-2" in found.reason


def test_document_codes():
    assert codes(facts("document")) == [
        "L-D-1",
        "L-D-3",
        "N-D-01",
        "N-D-02",
        "N-D-03",
        "N-D-04",
        "N-D-05",
        "N-D-06",
        "N-D-08",
        "N-D-09",
        "N-D-10",
        "QUOTA",
    ]
