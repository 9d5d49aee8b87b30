"""Web import of a unit's ledger workbook: upload → preview (how every row is read and decided)
→ commit (all, or only the valid rows) in the background with progress → result.

The pipeline is the one `jianfu import_ledger` uses (services/imports.py); these views only
move files and choices between the browser and it.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.contrib import messages
from django.db import close_old_connections
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jianfu.core.actor import Actor
from jianfu.core.audit import audit_record
from jianfu.core.excel import xlsx_response
from jianfu.core.ratelimit import limited_as_export
from jianfu.org.access import get_visible_or_404, has_perm
from jianfu.org.guards import require
from jianfu.org.people import names_of
from jianfu.org.views.common import paginate

from ..exports import ledger_template_xlsx
from ..forms import LedgerImportForm
from ..models import ImportBatch
from ..selectors.entries import batch_list, editable_units
from ..services import imports as pipeline
from ..services.import_types import LedgerImportRefused

logger = logging.getLogger(__name__)

RUNNING_STAGES = ("queued", "read", "classify", "store")
COMMIT_THREAD = "ledger-import-commit"  # the name of the thread a web commit runs in
STAGE_LABELS = {
    "queued": _l("等待开始"),
    "read": _l("读取"),
    "classify": _l("判定"),
    "store": _l("写入"),
    "done": _l("完成"),
}
PREVIEW_LIMIT = 2000  # rows shown on the page; the totals always count every row


def _batch(request, pk: int) -> ImportBatch:
    return get_visible_or_404(ImportBatch.objects.select_related("unit"), request.user, pk=pk)


OPEN = (ImportBatch.Status.PREVIEW, ImportBatch.Status.REFUSED)  # may still be committed


def is_running(batch: ImportBatch) -> bool:
    """A commit is under way: the page polls. (A staged batch's stage is blank, see below.)"""
    return batch.status in OPEN and batch.progress_stage in RUNNING_STAGES


def _bound(request) -> tuple:
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)


def _progress_context(batch: ImportBatch) -> dict:
    return {
        "batch": batch,
        "running": is_running(batch),
        "stage_labels": STAGE_LABELS,
        "stage_label": STAGE_LABELS.get(batch.progress_stage, batch.progress_stage),
    }


@require("ledger.import")
@require_http_methods(["GET", "POST"])
def import_upload(request):
    units = editable_units(request.user)
    form = LedgerImportForm(*_bound(request), units=units)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = pipeline.ledger_import_stage(
                actor=request.actor,
                unit=form.cleaned_data["unit"],
                data=upload.read(),
                filename=upload.name,
            )
        except LedgerImportRefused as refusal:
            form.add_error("file", refusal.message)
        else:
            return redirect("ledgers:batch", pk=batch.pk)
    return render(request, "ledgers/import.html", {"form": form})


@require("ledger.import")
@require_GET
def import_template(request):
    return xlsx_response(ledger_template_xlsx(), "日常工作台账导入模板.xlsx")


@require("ledger.view")
@require_GET
def batch_list_view(request):
    context = paginate(request, batch_list(request.user))
    context["can_import"] = has_perm(request.user, "ledger.import")
    context["names"] = names_of(b.created_by for b in context["page_obj"])
    return render(request, "ledgers/batch_list.html", context)


@require("ledger.view")
@require_GET
def batch_detail(request, pk: int):
    batch = _batch(request, pk)
    context = _progress_context(batch)
    context["can_import"] = has_perm(request.user, "ledger.import")
    context["can_edit"] = has_perm(request.user, "ledger.edit")
    context["names"] = names_of([batch.created_by])
    if batch.status == ImportBatch.Status.PREVIEW and not context["running"]:
        try:
            preview = pipeline.ledger_import_preview(batch, limit=PREVIEW_LIMIT)
        except LedgerImportRefused as refusal:
            context["refusal"] = refusal.message
            return render(request, "ledgers/batch.html", context)
        context.update(
            {
                "preview": preview,
                "totals": preview.totals,
                "shown": len(preview.lines),
                "limit": PREVIEW_LIMIT,
            }
        )
    return render(request, "ledgers/batch.html", context)


@require("ledger.view")
@require_GET
def batch_progress(request, pk: int):
    """The small progress block the batch page polls; once done, the whole page reloads."""
    batch = _batch(request, pk)
    running = is_running(batch)
    response = render(request, "ledgers/_batch_progress.html", _progress_context(batch))
    if not running and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


def _run_commit(actor: Actor, batch_id: int, partial: bool) -> None:
    """The commit, outside the request (its own database connection)."""
    try:
        batch = ImportBatch.objects.get(pk=batch_id)
        pipeline.ledger_import_commit(actor=actor, batch=batch, partial=partial)
    except Exception:  # a background thread must log, not vanish
        logger.exception("ledger import %s failed", batch_id)
        # The page says so (stage "failed"); nothing was stored (the commit is one transaction).
        ImportBatch.objects.filter(pk=batch_id, progress_stage__in=RUNNING_STAGES).update(
            progress_stage="failed"
        )
    finally:
        close_old_connections()


@require("ledger.import")
@require_POST
def batch_commit(request, pk: int):
    batch = _batch(request, pk)
    if batch.status not in OPEN or is_running(batch):
        messages.warning(request, _("该批次已在导入或已处理，不能重复导入。"))
        return redirect("ledgers:batch", pk=batch.pk)
    partial = request.POST.get("partial") == "1"
    # Mark the batch as started before the thread runs, so that the page polls at once and a
    # second click is refused.
    started = ImportBatch.objects.filter(
        pk=batch.pk, status__in=OPEN, progress_stage__in=("", "done", "failed")
    ).update(progress_stage="queued", progress_done=0, progress_total=batch.rows)
    if not started:
        return redirect("ledgers:batch", pk=batch.pk)
    if settings.JIANFU_IMPORT_IN_THREAD:
        thread = threading.Thread(
            target=_run_commit,
            args=(request.actor, batch.pk, partial),
            name=COMMIT_THREAD,
            daemon=True,
        )
        thread.start()
    else:
        batch.refresh_from_db()
        try:
            pipeline.ledger_import_commit(actor=request.actor, batch=batch, partial=partial)
        except LedgerImportRefused as refusal:
            ImportBatch.objects.filter(pk=batch.pk).update(progress_stage="")
            messages.error(request, refusal.message)
    return redirect("ledgers:batch", pk=batch.pk)


@require("ledger.import")
@require_POST
def batch_cancel(request, pk: int):
    """Leave a staged batch without importing it (nothing was stored)."""
    batch = _batch(request, pk)
    cancelled = not is_running(batch) and ImportBatch.objects.filter(
        pk=batch.pk, status__in=OPEN, progress_stage__in=("", "done", "failed")
    ).update(status=ImportBatch.Status.CANCELLED, progress_stage="")
    if cancelled:
        audit_record(request.actor, "update", batch, after={"status": "cancelled"})
        messages.info(
            request, _("已取消导入“%(name)s”，未写入任何台账条目。") % {"name": batch.filename}
        )
    else:
        messages.warning(request, _("该批次已在导入或已处理，不能取消。"))
    return redirect("ledgers:import")


@limited_as_export
@require("ledger.view")
@require_GET
def batch_error_workbook(request, pk: int):
    batch = _batch(request, pk)
    try:
        content = pipeline.ledger_error_workbook(batch)
    except LedgerImportRefused as refusal:
        messages.error(request, refusal.message)
        return redirect("ledgers:batch", pk=batch.pk)
    audit_record(
        request.actor,
        "download",
        batch,
        after={"file": "error_workbook", "errors": batch.error_count},
    )
    stem = batch.filename.rsplit(".", 1)[0] or "台账"
    stamp = timezone.localdate().strftime("%Y%m%d")
    return xlsx_response(content, f"{stem}-错误标注-{stamp}.xlsx")
