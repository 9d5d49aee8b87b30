"""Study records (学习记录): list, entry form, Excel import with template, export; coverage
(学习全覆盖)."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jianfu.core.excel import MAX_UPLOAD_BYTES, xlsx_response
from jianfu.org.access import get_visible_or_404, has_perm, visible_units
from jianfu.org.guards import require
from jianfu.org.models import KIND_ORDER, UnitKind
from jianfu.org.views.common import paginate

from .exports import coverage_xlsx, study_template_xlsx, study_xlsx
from .forms import StudyRecordForm, UploadForm
from .models import PolicyDocument, StudyForm, StudyRecord
from .selectors.study import coverage_for, study_records, study_years
from .services.study import (
    StudyImportRefused,
    study_record_create,
    study_record_delete,
    study_records_import,
)
from .views_common import county_id_or_404, date_param, export_response, int_param


def _study_filters(request) -> dict:
    form = request.GET.get("form", "")
    return {
        "unit_id": int_param(request, "unit"),
        "form": form if form in StudyForm.values else "",
        "date_from": date_param(request, "from"),
        "date_to": date_param(request, "to"),
        "q": (request.GET.get("q") or "").strip()[:100],
        "leaders_only": request.GET.get("leaders") == "1",
    }


def _units(user):
    return (
        visible_units(user)
        .filter(is_active=True)
        .exclude(kind=UnitKind.HIGHER)
        .order_by(KIND_ORDER, "code")
    )


@require("learning.view")
@require_GET
def study_list(request):
    county_id_or_404(request)
    filters = _study_filters(request)
    units = _units(request.user)
    return render(
        request,
        "learning/study_list.html",
        {
            "filters": filters,
            "query": request.GET,
            "units": units,
            "many_units": units.count() > 1,
            "forms": StudyForm.choices,
            "can_record": has_perm(request.user, "study.record"),
            "export_qs": request.GET.urlencode(),
            **paginate(request, study_records(request.user, **filters)),
        },
    )


@require("learning.view")
@require_GET
def study_export(request):
    county_id_or_404(request)
    records = list(study_records(request.user, **_study_filters(request)))
    return export_response(
        request, study_xlsx(records), _("学习记录"), "learning.studyrecord", len(records)
    )


@require("study.record")
@require_http_methods(["GET", "POST"])
def study_create(request):
    county_id = county_id_or_404(request)
    units = _units(request.user)
    documents = PolicyDocument.objects.filter(county_id=county_id).order_by("-is_core", "-date")
    initial = {"unit": request.user.unit_id, "date": timezone.localdate()}
    form = StudyRecordForm(request.POST or None, units=units, documents=documents, initial=initial)
    if request.method == "POST" and form.is_valid():
        study_record_create(actor=request.actor, **form.cleaned_data)
        messages.success(request, _("已保存学习记录。"))
        if request.POST.get("save_add"):
            return redirect("learning:study_create")
        return redirect("learning:study")
    return render(request, "learning/study_form.html", {"form": form})


@require("study.record")
@require_POST
def study_delete(request, pk: int):
    record = get_visible_or_404(StudyRecord.objects.select_related("unit"), request.user, pk=pk)
    study_record_delete(actor=request.actor, record=record)
    messages.success(request, _("已删除学习记录。"))
    return redirect("learning:study")


@require("study.record")
@require_GET
def study_template(request):
    return xlsx_response(study_template_xlsx(), _("学习记录导入模板") + ".xlsx")


@require("study.record")
@require_http_methods(["GET", "POST"])
def study_import(request):
    county_id_or_404(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    refused = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            form.add_error("file", _("文件超过 5 MB，请拆分后再上传。"))
        else:
            try:
                result = study_records_import(
                    actor=request.actor,
                    county=request.user.county,
                    data=upload.read(),
                    filename=upload.name,
                )
            except StudyImportRefused as exc:
                refused = exc
            else:
                messages.success(request, _("已导入 %(n)d 条学习记录。") % {"n": result.imported})
                return redirect("learning:study")
    status = 400 if refused else 200
    return render(
        request, "learning/study_import.html", {"form": form, "refused": refused}, status=status
    )


def _period(request) -> tuple[date, date, int]:
    today = timezone.localdate()
    year = int_param(request, "year")
    if year is None or not 2000 <= year <= 2100:
        years = study_years(request.user)
        year = today.year if not years or today.year in years else years[0]
    return date(year, 1, 1), date(year, 12, 31), year


@require("learning.view")
@require_GET
def coverage(request):
    county_id_or_404(request)
    date_from, date_to, year = _period(request)
    result = coverage_for(request.user, date_from, date_to)
    titles = dict(result.core)
    for row in result.units + result.leaders:
        row.missing_titles = [titles[d] for d in row.missing]
    years = sorted(set(study_years(request.user)) | {timezone.localdate().year}, reverse=True)
    return render(
        request,
        "learning/coverage.html",
        {"coverage": result, "year": year, "years": years},
    )


@require("learning.view")
@require_GET
def coverage_export(request):
    county_id_or_404(request)
    date_from, date_to, year = _period(request)
    result = coverage_for(request.user, date_from, date_to)
    content = coverage_xlsx(result, _("%(year)d年") % {"year": year})
    return export_response(
        request,
        content,
        _("学习全覆盖"),
        "learning.studyrecord",
        len(result.units) + len(result.leaders),
    )
