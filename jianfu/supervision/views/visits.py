"""Visit pages: the list (with Excel export), the record form with findings as repeatable rows,
the detail (turn a finding into a task) and the Word record."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from jianfu.core.audit import audit_record
from jianfu.core.excel import xlsx_bytes, xlsx_response
from jianfu.core.uploads import download_response
from jianfu.org.access import get_visible_or_404, has_perm, visible_units
from jianfu.org.guards import require
from jianfu.org.views.common import paginate

from ..documents import visit_record_docx
from ..forms import TaskForm, VisitForm
from ..models import Finding, Severity, Visit
from ..selectors import groups_for
from ..selectors.lists import VisitFilters, visit_list
from ..services.visits import FindingInput, finding_to_task, is_member, visit_record
from ..status import STATUS_TAG
from .common import DOCX_CONTENT_TYPE, form_errors, querystring

MAX_FINDINGS = 30


@require("supervision.view")
@require_GET
def visit_index(request):
    filters = VisitFilters.from_query(request.GET)
    visits = visit_list(request.user, filters)
    context = {
        "filters": filters,
        "query": request.GET,
        "groups": groups_for(request.user),
        "units": _unit_choices(request.user),
        "export_qs": querystring(request, "page", "per_page"),
        "can_record": has_perm(request.user, "visit.record"),
        **paginate(request, visits),
    }
    return render(request, "supervision/visit_list.html", context)


def _unit_choices(user):
    return (
        visible_units(user)
        .filter(kind__in=["department", "township", "county"])
        .order_by("kind", "code")
    )


@require("supervision.view")
@require_GET
def visit_export(request):
    filters = VisitFilters.from_query(request.GET)
    rows = []
    for visit in visit_list(request.user, filters).prefetch_related("findings"):
        rows.append(
            (
                visit.date,
                visit.unit.name,
                visit.group.name,
                visit.checked,
                visit.summary,
                visit.findings_count,
                "；".join(f"{i}. {f.text}" for i, f in enumerate(visit.findings.all(), 1)),
                visit.recorded_by,
            )
        )
    content = xlsx_bytes(
        [
            _("督导日期"),
            _("被督导单位"),
            _("督导组"),
            _("督导内容"),
            _("总体情况"),
            _("问题数"),
            _("发现问题"),
            _("记录人"),
        ],
        rows,
        sheet_title=_("督导记录"),
        title=_("督导记录"),
        widths=(12, 20, 12, 40, 40, 8, 60, 12),
    )
    audit_record(
        request.actor,
        "export",
        object_type="supervision.visit",
        object_repr=_("督导记录"),
        county_id=request.user.county_id,
        after={"rows": len(rows), "filters": request.GET.dict()},
    )
    stamp = timezone.localdate().strftime("%Y%m%d")
    return xlsx_response(content, _("督导记录-%(d)s.xlsx") % {"d": stamp})


def _posted_findings(request) -> list[dict]:
    texts = request.POST.getlist("finding_text")[:MAX_FINDINGS]
    severities = request.POST.getlist("finding_severity")[:MAX_FINDINGS]
    rows = []
    for i, text in enumerate(texts):
        severity = severities[i] if i < len(severities) else Severity.MINOR
        rows.append({"text": text[:2000], "severity": severity})
    return rows


@require("visit.record")
@require_http_methods(["GET", "POST"])
def visit_create(request):
    user = request.user
    form = VisitForm(
        request.POST or None,
        user=user,
        initial={"date": timezone.localdate(), "members_present": [user.pk]},
    )
    findings = _posted_findings(request) if request.method == "POST" else []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            visit = visit_record(
                actor=request.actor,
                group=data["group"],
                unit=data["unit"],
                date=data["date"],
                checked=data["checked"],
                summary=data["summary"],
                members_present=list(data["members_present"]),
                findings=[FindingInput(f["text"], f["severity"]) for f in findings],
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(
                request,
                _("已记录督导情况，发现问题 %(n)d 个。可在下方把问题下达为整改任务。")
                % {"n": visit.findings.count()},
            )
            return redirect("supervision:visit", pk=visit.pk)
    if not any(f["text"].strip() for f in findings):
        findings = findings or [{"text": "", "severity": Severity.MINOR}]
    return render(
        request,
        "supervision/visit_form.html",
        {
            "form": form,
            "findings": findings,
            "severities": Severity.choices,
            "no_groups": not form.fields["group"].queryset.exists(),
        },
    )


def _with_tag(finding: Finding) -> tuple:
    task = getattr(finding, "task", None)
    return finding, task, STATUS_TAG[task.status] if task else ""


@require("supervision.view")
@require_GET
def visit_detail(request, pk: int):
    visit = get_visible_or_404(Visit.objects.select_related("unit", "group"), request.user, pk=pk)
    findings = list(visit.findings.select_related("task").order_by("position", "id"))
    can_assign = has_perm(request.user, "visit.record") and is_member(request.user, visit.group)
    return render(
        request,
        "supervision/visit_detail.html",
        {
            "visit": visit,
            "findings": [_with_tag(f) for f in findings],
            "present": visit.members_present.all(),
            "can_assign": can_assign,
        },
    )


@require("supervision.view")
@require_GET
def visit_docx(request, pk: int):
    visit = get_visible_or_404(
        Visit.objects.select_related("unit__county", "group"), request.user, pk=pk
    )
    content = visit_record_docx(visit)
    audit_record(request.actor, "export", visit, after={"format": "docx"})
    name = _("督导检查记录-%(unit)s-%(date)s.docx") % {
        "unit": visit.unit.name,
        "date": visit.date.strftime("%Y%m%d"),
    }
    return download_response(content, name, DOCX_CONTENT_TYPE)


@require("visit.record")
@require_http_methods(["GET", "POST"])
def finding_task(request, pk: int):
    """Turn one finding of a visit into a rectification task (限期整改)."""
    finding = get_visible_or_404(
        Finding.objects.select_related("visit__unit", "visit__group"),
        request.user,
        unit_field="visit__unit",
        pk=pk,
    )
    visit = finding.visit
    if not is_member(request.user, visit.group):
        raise PermissionDenied
    if hasattr(finding, "task"):
        messages.info(request, _("该问题已下达整改任务。"))
        return redirect("supervision:task", pk=finding.task.pk)
    default_deadline = timezone.localdate() + datetime.timedelta(days=30)
    form = TaskForm(
        request.POST or None,
        unit=visit.unit,
        initial={"deadline": default_deadline, "title": finding.text[:200]},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            task = finding_to_task(
                actor=request.actor,
                finding=finding,
                deadline=data["deadline"],
                responsible_user=data["responsible_user"],
                responsible_name=data["responsible_name"],
                requirement=data["requirement"],
                title=data["title"],
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("已下达整改任务，整改期限 %(d)s。") % {"d": task.deadline})
            return redirect("supervision:task", pk=task.pk)
    return render(
        request, "supervision/task_form.html", {"form": form, "finding": finding, "visit": visit}
    )
