"""Task pages: the list (with Excel export), the detail with the unit's response form (evidence
upload) and the group's verify / send back, the evidence download and the Word notice."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jianfu.core.audit import audit_record
from jianfu.core.excel import xlsx_bytes, xlsx_response
from jianfu.core.uploads import download_response
from jianfu.org.access import get_visible_or_404, has_perm, visible_units
from jianfu.org.guards import require
from jianfu.org.views.common import paginate

from ..documents import rectification_notice_docx
from ..evidence import MAX_FILES, evidence_response, max_bytes
from ..forms import DecisionForm, ResponseForm
from ..models import RectificationTask, TaskEvidence, TaskStatus
from ..selectors import groups_for
from ..selectors.lists import TaskFilters, task_list
from ..services.tasks import task_respond, task_send_back, task_verify
from ..status import STATUS_TAG, days_overdue, is_overdue
from .common import DOCX_CONTENT_TYPE, form_errors, querystring


def _task_or_404(request, pk: int) -> RectificationTask:
    return get_visible_or_404(
        RectificationTask.objects.select_related(
            "unit__county", "group", "finding__visit", "responsible_user", "verified_by"
        ),
        request.user,
        pk=pk,
    )


@require("supervision.view")
@require_GET
def task_index(request):
    today = timezone.localdate()
    filters = TaskFilters.from_query(request.GET)
    page = paginate(request, task_list(request.user, filters, today))
    rows = [
        (
            t,
            is_overdue(t.deadline, t.status, today),
            days_overdue(t.deadline, t.status, today),
            STATUS_TAG[t.status],
        )
        for t in page["page_obj"].object_list
    ]
    return render(
        request,
        "supervision/task_list.html",
        {
            "filters": filters,
            "query": request.GET,
            "rows": rows,
            "statuses": TaskStatus.choices,
            "status_tag": STATUS_TAG,
            "groups": groups_for(request.user),
            "units": visible_units(request.user).order_by("kind", "code"),
            "export_qs": querystring(request, "page", "per_page"),
            **page,
        },
    )


@require("supervision.view")
@require_GET
def task_export(request):
    today = timezone.localdate()
    filters = TaskFilters.from_query(request.GET)
    rows = [
        (
            t.unit.name,
            t.group.name,
            t.title,
            t.requirement,
            t.responsible,
            t.finding.visit.date,
            t.deadline,
            t.get_status_display(),
            _("是") if is_overdue(t.deadline, t.status, today) else _("否"),
            days_overdue(t.deadline, t.status, today),
            t.verified_at,
            t.verify_comment,
        )
        for t in task_list(request.user, filters, today)
    ]
    content = xlsx_bytes(
        [
            _("整改单位"),
            _("督导组"),
            _("整改事项"),
            _("整改要求"),
            _("责任人"),
            _("督导日期"),
            _("整改期限"),
            _("状态"),
            _("是否逾期"),
            _("逾期天数"),
            _("销号时间"),
            _("核验意见"),
        ],
        rows,
        sheet_title=_("整改任务"),
        title=_("整改任务"),
        widths=(20, 12, 40, 40, 10, 12, 12, 8, 8, 8, 18, 30),
    )
    audit_record(
        request.actor,
        "export",
        object_type="supervision.rectificationtask",
        object_repr=_("整改任务"),
        county_id=request.user.county_id,
        after={"rows": len(rows), "filters": request.GET.dict()},
    )
    stamp = timezone.localdate().strftime("%Y%m%d")
    return xlsx_response(content, _("整改任务-%(d)s.xlsx") % {"d": stamp})


def _detail(request, task, *, response_form=None, decision_form=None, status=200):
    today = timezone.localdate()
    user = request.user
    can_respond = has_perm(user, "task.respond") and task.status in (
        TaskStatus.OPEN,
        TaskStatus.RETURNED,
    )
    can_decide = has_perm(user, "task.verify") and task.status == TaskStatus.RESPONDED
    return render(
        request,
        "supervision/task_detail.html",
        {
            "task": task,
            "visit": task.finding.visit,
            "responses": task.responses.select_related("responded_by", "outcome_by")
            .prefetch_related("evidence")
            .order_by("id"),
            "overdue": is_overdue(task.deadline, task.status, today),
            "days_overdue": days_overdue(task.deadline, task.status, today),
            "tag": STATUS_TAG[task.status],
            "can_respond": can_respond,
            "can_decide": can_decide,
            "response_form": response_form or ResponseForm(),
            "decision_form": decision_form or DecisionForm(),
        },
        status=status,
    )


@require("supervision.view")
@require_GET
def task_detail(request, pk: int):
    return _detail(request, _task_or_404(request, pk))


@require("task.respond")
@require_http_methods(["GET", "POST"])
def task_respond_view(request, pk: int):
    task = _task_or_404(request, pk)
    if request.method == "GET":
        return redirect("supervision:task", pk=task.pk)
    form = ResponseForm(request.POST, request.FILES)
    uploads = request.FILES.getlist("files")
    if len(uploads) > MAX_FILES:
        form.add_error("files", _("一次最多上传 %(n)d 个佐证材料") % {"n": MAX_FILES})
    for upload in uploads:
        if upload.size > max_bytes():
            form.add_error(
                "files",
                _("“%(name)s”超过 %(mb)d MB，请压缩或拆分后上传")
                % {"name": upload.name, "mb": max_bytes() // (1024 * 1024)},
            )
    if form.is_valid():
        try:
            task_respond(
                actor=request.actor,
                task=task,
                text=form.cleaned_data["text"],
                files=[(u.name, u.read()) for u in uploads],
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("已提交整改情况，等待督导组核验。"))
            return redirect("supervision:task", pk=task.pk)
    return _detail(request, task, response_form=form, status=400)


def _decide(request, pk: int, action: str):
    task = _task_or_404(request, pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        comment = form.cleaned_data["comment"]
        try:
            if action == "verify":
                task_verify(actor=request.actor, task=task, comment=comment)
                messages.success(request, _("已核验销号。"))
            else:
                task_send_back(actor=request.actor, task=task, comment=comment)
                messages.success(request, _("已退回，单位将按意见补充整改。"))
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            return redirect("supervision:task", pk=task.pk)
    return _detail(request, task, decision_form=form, status=400)


@require("task.verify")
@require_POST
def task_verify_view(request, pk: int):
    return _decide(request, pk, "verify")


@require("task.verify")
@require_POST
def task_send_back_view(request, pk: int):
    return _decide(request, pk, "send_back")


@require("supervision.view")
@require_GET
def task_notice_docx(request, pk: int):
    task = _task_or_404(request, pk)
    content = rectification_notice_docx(task)
    audit_record(request.actor, "export", task, after={"format": "docx"})
    name = _("限期整改通知书-%(unit)s-%(id)s.docx") % {"unit": task.unit.name, "id": task.pk}
    return download_response(content, name, DOCX_CONTENT_TYPE)


@require("supervision.view")
@require_GET
def evidence_download(request, pk: int):
    evidence = get_visible_or_404(
        TaskEvidence.objects.select_related("response__task"),
        request.user,
        unit_field="response__task__unit",
        pk=pk,
    )
    try:
        response = evidence_response(evidence.stored_file, evidence.filename, evidence.kind)
    except OSError as exc:  # FileNotFoundError included
        raise Http404 from exc
    audit_record(request.actor, "download", evidence, after={"sha256": evidence.sha256})
    return response
