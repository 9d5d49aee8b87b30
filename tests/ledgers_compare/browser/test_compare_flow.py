"""The comparison in a real browser: a township clerk uploads the hand-made statistics ledger
and reads the four lists; the county office sees the units' accuracy, worst first."""

from __future__ import annotations

import pytest

from jianfu.ledgers.models import HandLedger
from tests.conftest import PASSWORD

from .. import scenario

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def clean(page, problems) -> None:
    assert page.evaluate("window.__cspViolations") == []
    assert (problems.console_errors, problems.page_errors) == ([], [])


def test_clerk_compares_the_hand_made_ledger(users, units, page, login, problems):
    data = scenario.build(units)
    login("clerk_hk", PASSWORD)
    page.goto("/ledgers/compare/")
    page.get_by_label("起始日期").fill("2025-03-01")
    page.get_by_label("截止日期").fill("2025-03-31")
    page.get_by_label("手工统计台账").set_input_files(
        files=[{"name": "河口乡2025年3月统计台账.xlsx", "mimeType": XLSX, "buffer": data}]
    )
    with page.expect_navigation():
        page.get_by_role("button", name="上传并比对").click()

    assert "45.5%" in page.get_by_test_id("accuracy").inner_text()
    missed = page.get_by_test_id("list-missed").inner_text()
    assert "关于报送秋粮收购进度情况的便函" in missed and "D-IN-3" in missed
    assert "全县安全生产工作视频调度会" in missed and "M-IN-1" in missed
    wrong = page.get_by_test_id("list-wrong").inner_text()
    for text in ("D-OUT-2", "D-OUT-4", "M-OUT-2", "表彰", "会议纪要", "培训班"):
        assert text in wrong
    assert "爱国卫生月" in page.get_by_test_id("list-not_in_daily").inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="导出 Excel").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    clean(page, problems)
    assert HandLedger.objects.get().uploaded_by == "clerk_hk"


def test_bad_rows_are_listed_and_nothing_is_stored(users, units, page, login, problems):
    from ..helpers import hand_workbook

    data = hand_workbook({"收文": [["日期", "标题"], ["三月上旬", "关于开展春季造林的通知"]]})
    login("clerk_hk", PASSWORD)
    page.goto("/ledgers/compare/")
    page.get_by_label("起始日期").fill("2025-03-01")
    page.get_by_label("截止日期").fill("2025-03-31")
    page.get_by_label("手工统计台账").set_input_files(
        files=[{"name": "坏台账.xlsx", "mimeType": XLSX, "buffer": data}]
    )
    with page.expect_navigation():
        page.get_by_role("button", name="上传并比对").click()
    refused = page.get_by_test_id("compare-refused").inner_text()
    assert "三月上旬" in refused and "收文" in refused
    assert not HandLedger.objects.exists()
    clean(page, problems)


def test_county_office_sees_accuracy_worst_first(users, units, page, login, problems):
    from datetime import date

    from jianfu.core.actor import Actor
    from jianfu.ledgers.compare.service import hand_ledger_compare

    data = scenario.build(units)
    hand_ledger_compare(
        actor=Actor.command(), unit=units["hk"], data=data, filename="河口乡.xlsx",
        date_from=date(2025, 3, 1), date_to=date(2025, 3, 31),
    )  # fmt: skip
    login("approver", PASSWORD)
    page.goto("/ledgers/compare/accuracy/")
    table = page.get_by_test_id("accuracy-table").inner_text()
    assert "河口乡" in table and "45.5%" in table
    clean(page, problems)
