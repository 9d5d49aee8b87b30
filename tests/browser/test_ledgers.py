"""The ledger pages in a real browser: a township clerk imports the Excel ledger kept today, sees
how every row is read and decided, imports the valid rows, fixes the bad one by hand; the entry
form's counterpart autocomplete; the import progress that polls until done.

The commit runs synchronously here (JIANFU_IMPORT_IN_THREAD=False): a second writer thread next
to the live server is not reliable on SQLite's shared in-memory test database. The thread itself
is tested in tests/ledgers_web; the polling is tested below against a batch whose progress the
test moves on.
"""

from __future__ import annotations

import io
import re

import openpyxl
import pytest

from jianfu.ledgers.models import ImportBatch, LedgerEntry
from tests.conftest import PASSWORD
from tests.ledgers_web.conftest import township_workbook

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def _synchronous_import(settings, tmp_path):
    settings.JIANFU_IMPORT_IN_THREAD = False
    settings.MEDIA_ROOT = tmp_path / "media"


def clean(page, problems) -> None:
    assert page.evaluate("window.__cspViolations") == []
    assert (problems.console_errors, problems.page_errors) == ([], [])


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")


def test_clerk_imports_the_workbook_kept_today_and_fixes_the_bad_row(
    users, units, page, login, problems
):
    login("clerk_hk", PASSWORD)
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="台账").click()
    assert "台账还是空的" in page.get_by_test_id("empty").inner_text()

    # upload the file as it is: title row, 序号, 来文单位 / 文件标题 …, a row without a date
    page.get_by_role("link", name="导入", exact=True).first.click()
    page.get_by_label("台账文件").set_input_files(
        files=[
            {"name": "河口乡收文登记簿2025.xlsx", "mimeType": XLSX, "buffer": township_workbook()}
        ]
    )
    with page.expect_navigation():
        page.get_by_role("button", name="上传并预览").click()

    # the preview: the sheet read as 收文 and why, every row with its decision, the bad row
    sheets = page.get_by_test_id("sheets").inner_text()
    assert "收文登记" in sheets and "收文" in sheets
    assert page.get_by_test_id("total-new").inner_text() == "4"
    assert page.get_by_test_id("total-errors").inner_text() == "1"
    rows = page.get_by_test_id("preview-row")
    assert rows.count() == 5
    bad = page.locator("tr.status-error")
    assert bad.count() == 1
    assert "6" in bad.inner_text() and "错误" in bad.inner_text() and "日期" in bad.inner_text()
    good = rows.filter(has_text="关于做好春季农业生产工作的通知")
    rule = good.locator(".code.rule")
    assert re.fullmatch(r"[A-Z]+(-[A-Z0-9]+)+", rule.inner_text().strip())
    assert rule.get_attribute("title")  # the reason on hover
    assert page.get_by_role("button", name="确认导入").is_disabled()
    assert "不能整份导入" in page.get_by_test_id("totals").inner_text()
    assert no_horizontal_scroll(page)
    page.screenshot(path="/tmp/jianfu-ledger-preview.png", full_page=True)

    # the annotated workbook, to fix the row in Excel
    with page.expect_download() as download_info:
        page.get_by_test_id("error-workbook").click()
    download = download_info.value
    assert (
        download.suggested_filename.endswith(".xlsx") and "错误标注" in download.suggested_filename
    )
    annotated = openpyxl.load_workbook(io.BytesIO(download.path().read_bytes()))
    texts = [
        str(cell.value) for ws in annotated.worksheets for row in ws.iter_rows() for cell in row
    ]
    assert any("日期" in t for t in texts if t and t != "None")

    # import only the valid rows
    with page.expect_navigation():
        page.get_by_role("button", name="仅导入有效行").click()
    result = page.get_by_test_id("result").inner_text()
    assert "导入完成" in result
    assert page.get_by_test_id("imported").inner_text() == "4"
    page.get_by_role("link", name="查看本次导入的条目").click()
    table = page.get_by_test_id("ledger-table")
    assert page.get_by_test_id("ledger-row").count() == 4
    assert "河口乡收文登记簿" in table.inner_text()  # the source: file, sheet, row
    first_rule = page.get_by_test_id("rule").first
    assert first_rule.get_attribute("title")
    assert no_horizontal_scroll(page)
    page.screenshot(path="/tmp/jianfu-ledger-list.png", full_page=True)

    # fix the bad row by typing it into the form
    page.get_by_role("link", name="查看全部").click()
    page.get_by_role("link", name="新增", exact=True).click()
    form = page.get_by_test_id("entry-form")
    form.get_by_label("日期").fill("2025.3.25")
    form.get_by_label("对方单位").fill("教育局")
    form.get_by_label("标题").fill("关于做好义务教育招生工作的通知")
    with page.expect_navigation():
        page.get_by_role("button", name="保存", exact=True).click()
    message = page.locator(".messages").inner_text()
    assert "已保存" in message and "规则" in message
    entry = LedgerEntry.objects.get(title="关于做好义务教育招生工作的通知")
    assert entry.rule in message and entry.counterpart_unit_id == units["jy"].pk
    assert entry.reason in page.get_by_test_id("reason").inner_text()
    page.goto("/ledgers/")
    assert page.get_by_test_id("count").inner_text() == "共 5 条"
    clean(page, problems)


def test_entry_form_autocompletes_a_counterpart_alias(users, units, page, login, problems):
    from jianfu.org.models import UnitAlias

    UnitAlias.objects.create(county=units["xwb"].county, unit=units["xwb"], name="中共青河县委办")
    login("clerk_hk", PASSWORD)
    page.goto("/ledgers/new/")
    datalist = page.locator("datalist#counterpart-names")
    page.locator("datalist#counterpart-names[data-loaded]").wait_for(state="attached")
    options = datalist.locator("option").evaluate_all("els => els.map(e => e.value)")
    assert {"中共青河县委办", "县委办公室", "县委办", "县农业农村局"} <= set(options)
    assert page.get_by_label("对方单位").get_attribute("list") == "counterpart-names"

    # kind-specific facts appear for the kind chosen
    page.get_by_label("类别").select_option("参会")
    assert page.get_by_label("会议形式").is_visible()
    assert not page.get_by_label("检查类型").is_visible()

    page.get_by_label("日期").fill("2025年8月7日")
    page.get_by_label("对方单位").fill("中共青河县委办")
    page.get_by_label("标题").fill("全县防汛抗旱工作会议")
    page.get_by_label("会议形式").fill("视频")
    page.get_by_label("时长（分钟）").fill("90")
    page.screenshot(path="/tmp/jianfu-ledger-form.png", full_page=True)
    with page.expect_navigation():
        page.get_by_role("button", name="保存", exact=True).click()
    page.screenshot(path="/tmp/jianfu-ledger-detail.png", full_page=True)
    assert "识别为 县委办公室" in page.get_by_test_id("decision").locator("..").inner_text()
    entry = LedgerEntry.objects.get()
    assert entry.counterpart_unit_id == units["xwb"].pk and entry.duration_minutes == 90
    clean(page, problems)


def test_form_errors_are_in_chinese_and_keep_what_was_typed(users, page, login, problems):
    login("clerk_hk", PASSWORD)
    page.goto("/ledgers/new/")
    page.get_by_label("日期").fill("2025.2.30")
    page.get_by_label("对方单位").fill("县教育局")
    with page.expect_navigation():
        page.get_by_role("button", name="保存", exact=True).click()
    assert "日期不存在" in page.get_by_test_id("error-date").inner_text()
    assert "请填写标题" in page.get_by_test_id("error-title").inner_text()
    assert page.get_by_label("日期").input_value() == "2025.2.30"
    assert page.get_by_label("对方单位").input_value() == "县教育局"
    clean(page, problems)


def test_import_progress_polls_until_done(users, units, page, login, problems, client):
    login("clerk_hk", PASSWORD)
    page.goto("/ledgers/import/")
    page.get_by_label("台账文件").set_input_files(
        files=[{"name": "收文.xlsx", "mimeType": XLSX, "buffer": township_workbook()}]
    )
    with page.expect_navigation():
        page.get_by_role("button", name="上传并预览").click()
    batch = ImportBatch.objects.get()
    # a commit under way (as the background thread reports it)
    ImportBatch.objects.filter(pk=batch.pk).update(
        progress_stage="classify", progress_done=2000, progress_total=6000
    )
    page.reload()
    progress = page.get_by_test_id("progress")
    assert "2000 / 6000" in progress.inner_text()
    page.evaluate("window.__sameDocument = true")
    ImportBatch.objects.filter(pk=batch.pk).update(progress_done=4000)
    progress.filter(has_text="4000 / 6000").wait_for()
    assert page.evaluate("window.__sameDocument === true")  # polled, not reloaded
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.COMMITTED,
        progress_stage="done",
        imported=4,
        rows=5,
        error_count=1,
    )
    page.get_by_test_id("result").wait_for()  # the page reloaded itself with the result
    assert page.get_by_test_id("imported").inner_text() == "4"
    assert page.evaluate("window.__sameDocument === undefined")  # and the polling stopped
    clean(page, problems)


def test_list_filters_and_statistics_ledger_in_the_browser(users, units, page, login, problems):
    from tests.ledgers_web.conftest import NY_LINES, add_lines

    add_lines(users["clerk_ny"], units["ny"], NY_LINES)
    login("clerk_ny", PASSWORD)
    page.goto("/ledgers/")
    assert page.get_by_test_id("count").inner_text() == "共 6 条"
    page.get_by_test_id("ledger-filters").get_by_label("类别").select_option("收文")
    page.get_by_role("button", name="查询").click()
    assert page.get_by_test_id("count").inner_text() == "共 3 条"
    page.get_by_role("link", name="统计台账").click()
    stats = page.get_by_test_id("stats-table")
    counted = LedgerEntry.objects.filter(counted=True, kind="收文").count()
    assert stats.locator("tfoot").inner_text().split()[-1] == str(counted)
    with page.expect_download() as download_info:
        page.get_by_test_id("export").click()
    workbook = openpyxl.load_workbook(io.BytesIO(download_info.value.path().read_bytes()))
    assert workbook.worksheets
    clean(page, problems)


def test_coordinator_sees_every_unit_and_filters_by_one(users, units, page, login, problems):
    from tests.ledgers_web.conftest import HK_LINES, NY_LINES, add_lines

    add_lines(users["clerk_ny"], units["ny"], NY_LINES)
    add_lines(users["clerk_hk"], units["hk"], HK_LINES)
    login("coordinator", PASSWORD)
    page.goto("/ledgers/")
    assert page.get_by_test_id("count").inner_text() == "共 8 条"
    assert "单位" in page.get_by_test_id("ledger-table").locator("thead").inner_text()
    assert no_horizontal_scroll(page)
    page.screenshot(path="/tmp/jianfu-ledger-list-county.png", full_page=True)
    page.get_by_test_id("ledger-filters").get_by_label("单位").select_option(label="河口乡")
    page.get_by_role("button", name="查询").click()
    assert page.get_by_test_id("count").inner_text() == "共 2 条"
    page.get_by_role("link", name="统计台账").click()
    assert page.get_by_test_id("ledger-filters").get_by_label("单位").input_value() == str(
        units["hk"].pk
    )
    page.screenshot(path="/tmp/jianfu-ledger-stats.png", full_page=True)
    clean(page, problems)
