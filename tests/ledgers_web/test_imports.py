"""The web import: upload → preview → commit (all or valid rows) → result; roles and scope."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jianfu.ledgers.models import ImportBatch, LedgerEntry

from .conftest import township_workbook

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(client, data: bytes, name: str = "河口乡收文登记簿2025.xlsx", **extra):
    return client.post(
        reverse("ledgers:import"), {"file": SimpleUploadedFile(name, data, XLSX), **extra}
    )


@pytest.fixture
def staged(client, users):
    client.force_login(users["clerk_hk"])
    response = upload(client, township_workbook())
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportBatch.objects.get()


@pytest.mark.parametrize(
    "role, status",
    [
        ("clerk_hk", 200),
        ("coordinator", 200),
        ("leader_ny", 403),
        ("approver", 403),
        ("inspector", 403),
        ("sysadmin", 403),
        ("auditadmin", 403),
    ],
)
def test_import_page_answers_each_role(client, users, role, status):
    client.force_login(users[role])
    assert client.get(reverse("ledgers:import")).status_code == status


def test_preview_shows_kind_reason_rows_codes_and_the_error(client, staged):
    batch = staged
    assert batch.status == ImportBatch.Status.PREVIEW and batch.progress_stage == ""
    response = client.get(reverse("ledgers:batch", args=[batch.pk]))
    assert response.status_code == 200
    preview = response.context["preview"]
    assert [s.kind for s in preview.sheets] == ["收文"]
    assert response.context["totals"] == {"rows": 5, "new": 4, "duplicates": 0, "errors": 1}
    body = response.content.decode()
    assert preview.sheets[0].kind_reason in body
    bad = [line for line in preview.lines if line.status == "error"]
    assert [line.row for line in bad] == [6]  # Excel's row number: title row counted
    assert bad[0].errors[0]["message"] in body
    good = [line for line in preview.lines if line.status == "new"]
    for line in good:
        assert line.rule and f'title="{line.reason}"' in body
    # the whole-file commit is disabled and says why; only-valid-rows is offered
    assert "disabled" in body and "仅导入有效行" in body and "不能整份导入" in body
    assert not LedgerEntry.objects.exists()  # a preview stores nothing


def test_partial_commit_imports_the_valid_rows_and_shows_the_result(client, staged):
    batch = staged
    response = client.post(reverse("ledgers:batch_commit", args=[batch.pk]), {"partial": "1"})
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.COMMITTED
    assert (batch.rows, batch.imported, batch.duplicates, batch.error_count) == (5, 4, 0, 1)
    entries = LedgerEntry.objects.filter(batch=batch).order_by("source_row")
    assert [e.source_row for e in entries] == [3, 4, 5, 7]
    assert {e.source_sheet for e in entries} == {"收文登记"}
    page = client.get(reverse("ledgers:batch", args=[batch.pk]))
    body = page.content.decode()
    assert "导入完成" in body and "查看本次导入的条目" in body
    assert "缺少日期" in body or batch.errors[0]["message"] in body
    listing = client.get(reverse("ledgers:index"), {"batch": batch.pk})
    assert listing.context["total"] == 4
    assert "河口乡收文登记簿2025" in listing.content.decode()
    # committing again is refused politely and stores nothing more
    client.post(reverse("ledgers:batch_commit", args=[batch.pk]), {"partial": "1"})
    assert LedgerEntry.objects.count() == 4


def test_whole_commit_of_a_file_with_errors_stores_nothing(client, staged):
    client.post(reverse("ledgers:batch_commit", args=[staged.pk]))
    staged.refresh_from_db()
    assert staged.status == ImportBatch.Status.REFUSED
    assert not LedgerEntry.objects.exists()
    body = client.get(reverse("ledgers:batch", args=[staged.pk])).content.decode()
    assert "未导入任何条目" in body and "仅导入有效行" in body


def test_reimporting_the_same_file_adds_nothing(client, staged):
    client.post(reverse("ledgers:batch_commit", args=[staged.pk]), {"partial": "1"})
    upload(client, township_workbook())
    second = ImportBatch.objects.exclude(pk=staged.pk).get()
    totals = client.get(reverse("ledgers:batch", args=[second.pk])).context["totals"]
    assert totals == {"rows": 5, "new": 0, "duplicates": 4, "errors": 1}


def test_refused_files_say_why_and_store_nothing(client, users):
    client.force_login(users["clerk_hk"])
    response = upload(client, b"%PDF-1.4 not a workbook", name="台账.xlsx")
    assert response.status_code == 200
    message = response.context["form"].errors["file"][0]
    assert any("\u4e00" <= c <= "\u9fff" for c in message)  # a Chinese message
    assert not ImportBatch.objects.exists()
    empty = client.post(reverse("ledgers:import"), {})
    assert "请选择要导入的台账文件" in empty.context["form"].errors["file"][0]


def test_error_workbook_download(client, staged):
    response = client.get(reverse("ledgers:batch_errors", args=[staged.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert "filename*=UTF-8''" in response["Content-Disposition"]


def test_progress_partial_polls_while_running_and_refreshes_when_done(client, staged):
    url = reverse("ledgers:batch_progress", args=[staged.pk])
    ImportBatch.objects.filter(pk=staged.pk).update(
        progress_stage="classify", progress_done=2000, progress_total=5000
    )
    running = client.get(url, HTTP_HX_REQUEST="true")
    body = running.content.decode()
    assert 'hx-trigger="every 1s"' in body and "2000 / 5000" in body and "判定" in body
    assert "HX-Refresh" not in running
    page = client.get(reverse("ledgers:batch", args=[staged.pk])).content.decode()
    assert 'data-testid="progress"' in page and "确认导入" not in page
    ImportBatch.objects.filter(pk=staged.pk).update(
        status=ImportBatch.Status.COMMITTED, progress_stage="done"
    )
    done = client.get(url, HTTP_HX_REQUEST="true")
    assert "every 1s" not in done.content.decode() and done["HX-Refresh"] == "true"


@pytest.mark.django_db(transaction=True)
def test_commit_in_a_thread_reports_done(client, staged, settings):
    """The default path: the commit runs in a thread; the page then shows the result."""

    settings.JIANFU_IMPORT_IN_THREAD = True
    client.post(reverse("ledgers:batch_commit", args=[staged.pk]), {"partial": "1"})
    _join_commit_threads()
    staged.refresh_from_db()
    assert staged.status == ImportBatch.Status.COMMITTED and staged.imported == 4


@pytest.mark.django_db(transaction=True)
def test_a_failed_background_commit_says_so_and_can_be_retried(
    client, staged, settings, monkeypatch
):
    """An unexpected error in the thread stores nothing and the page tells the clerk."""

    from jianfu.ledgers.services import imports as pipeline

    def broken(**kwargs):
        raise RuntimeError("disk full")

    settings.JIANFU_IMPORT_IN_THREAD = True
    monkeypatch.setattr(pipeline, "ledger_import_commit", broken)
    client.post(reverse("ledgers:batch_commit", args=[staged.pk]), {"partial": "1"})
    _join_commit_threads()
    staged.refresh_from_db()
    assert staged.progress_stage == "failed" and staged.status == ImportBatch.Status.PREVIEW
    assert not LedgerEntry.objects.filter(batch=staged).exists()
    page = client.get(reverse("ledgers:batch", args=[staged.pk])).content.decode()
    assert "系统错误未完成" in page
    monkeypatch.undo()
    settings.JIANFU_IMPORT_IN_THREAD = False
    client.post(reverse("ledgers:batch_commit", args=[staged.pk]), {"partial": "1"})
    staged.refresh_from_db()
    assert staged.status == ImportBatch.Status.COMMITTED


@pytest.mark.parametrize("name", ["batch", "batch_progress", "batch_errors"])
def test_another_units_batch_is_404(client, users, staged, name):
    client.force_login(users["clerk_ny"])
    assert client.get(reverse(f"ledgers:{name}", args=[staged.pk])).status_code == 404
    client.force_login(users["coordinator"])
    assert client.get(reverse(f"ledgers:{name}", args=[staged.pk])).status_code == 200


def test_another_unit_cannot_commit_or_cancel(client, users, staged):
    client.force_login(users["clerk_ny"])
    assert client.post(reverse("ledgers:batch_commit", args=[staged.pk])).status_code == 404
    assert client.post(reverse("ledgers:batch_cancel", args=[staged.pk])).status_code == 404
    client.force_login(users["leader_ny"])
    assert client.post(reverse("ledgers:batch_commit", args=[staged.pk])).status_code == 403
    staged.refresh_from_db()
    assert staged.status == ImportBatch.Status.PREVIEW


def test_cancel_stores_nothing_and_the_batch_stays_cancelled(client, staged):
    response = client.post(reverse("ledgers:batch_cancel", args=[staged.pk]), follow=True)
    assert "未写入任何台账条目" in response.content.decode()
    assert not LedgerEntry.objects.exists()
    staged.refresh_from_db()
    assert staged.status == ImportBatch.Status.CANCELLED
    page = client.get(reverse("ledgers:batch", args=[staged.pk])).content.decode()
    assert "已取消" in page and "确认导入" not in page
    # it can no longer be committed, from the page or by a stale form
    response = client.post(reverse("ledgers:batch_commit", args=[staged.pk]), follow=True)
    assert "不能重复导入" in response.content.decode()
    staged.refresh_from_db()
    assert staged.status == ImportBatch.Status.CANCELLED and not LedgerEntry.objects.exists()
    listed = client.get(reverse("ledgers:batches")).content.decode()
    assert "已取消" in listed


def test_batch_list_is_scoped(client, users, staged):
    response = client.get(reverse("ledgers:batches"))
    assert [b.pk for b in response.context["page_obj"].object_list] == [staged.pk]
    row = response.content.decode().split(staged.filename, 1)[1].split("</tr>", 1)[0]
    assert "待确认" in row and row.count("—") == 2  # not committed: no 新增 / 重复 figures yet
    client.force_login(users["clerk_ny"])
    assert client.get(reverse("ledgers:batches")).context["total"] == 0
    client.force_login(users["leader_ny"])
    assert client.get(reverse("ledgers:batches")).status_code == 200


def test_a_batch_whose_file_is_gone_says_so(client, staged):
    from jianfu.ledgers.services.import_store import stored_path

    stored_path(staged).unlink()
    page = client.get(reverse("ledgers:batch", args=[staged.pk]))
    assert page.status_code == 200 and "原始文件已不存在" in page.content.decode()
    commit = client.post(
        reverse("ledgers:batch_commit", args=[staged.pk]), {"partial": "1"}, follow=True
    )
    assert "原始文件已不存在" in commit.content.decode()
    staged.refresh_from_db()
    assert staged.progress_stage == "" and not LedgerEntry.objects.exists()
    errors = client.get(reverse("ledgers:batch_errors", args=[staged.pk]), follow=True)
    assert "原始文件已不存在" in errors.content.decode()


def _join_commit_threads() -> None:
    """Wait for the commit's thread (by its name: the threads it starts itself, such as the
    workbook reader's, may not have started yet, and such a thread cannot be joined)."""
    import threading

    from jianfu.ledgers.views.imports import COMMIT_THREAD

    for thread in threading.enumerate():
        if thread.name == COMMIT_THREAD:
            thread.join(timeout=60)


def test_pages_name_people_not_usernames(client, users, staged):
    """Records keep the username; pages show the person's 姓名, and 命令行（…） for a command."""
    users["clerk_hk"].display_name = "赵丽"
    users["clerk_hk"].save(update_fields=["display_name"])
    page = client.get(reverse("ledgers:batch", args=[staged.pk])).content.decode()
    assert "由 赵丽 上传" in page and "clerk_hk" not in page
    ImportBatch.objects.filter(pk=staged.pk).update(created_by="os:root")
    listed = client.get(reverse("ledgers:batches")).content.decode()
    assert "命令行（root）" in listed
