"""The reports pages: the list, generating a report, one report's figures, downloads. Thin: the
work is in services/ and selectors/."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jianfu.core.audit import audit_record
from jianfu.core.excel import xlsx_bytes, xlsx_response
from jianfu.core.uploads import download_response
from jianfu.org.access import has_perm
from jianfu.org.guards import require
from jianfu.org.views.common import paginate

from .analysis import ranked_units
from .content_tables import SECTION_LABEL, STATUS_LABEL, TOTAL_LABEL
from .forms import GenerateForm
from .models import ReportKind
from .periods import QUARTERLY, last_complete
from .selectors.reports import report_get, report_list
from .services.reports import CONTENT_TYPES, report_file, report_filename, report_generate


def _filters(request):
    kind = request.GET.get("kind", "")
    return {"kind": kind if kind in ReportKind.values else "", "period": request.GET.get("q", "")}


@require("report.view")
def report_index(request):
    filters = _filters(request)
    reports = report_list(request.user, **filters).select_related("county")
    context = {
        "filters": filters,
        "kinds": ReportKind.choices,
        "can_generate": has_perm(request.user, "report.generate"),
        **paginate(request, reports),
    }
    return render(request, "reports/index.html", context)


@require("report.view")
def report_index_export(request):
    reports = report_list(request.user, **_filters(request))
    rows = [
        (
            r.get_kind_display(),
            r.period,
            r.version,
            r.doc_no,
            r.title,
            r.get_status_display(),
            r.generated_by_label,
            r.generated_at,
        )
        for r in reports
    ]
    content = xlsx_bytes(
        [
            _("类型"),
            _("期间"),
            _("版本"),
            _("文号"),
            _("标题"),
            _("状态"),
            _("生成人"),
            _("生成时间"),
        ],
        rows,
        sheet_title=_("分析通报"),
        title=_("分析通报列表"),
        widths=(12, 10, 6, 22, 50, 8, 12, 18),
    )
    audit_record(
        request.actor,
        "export",
        object_type="reports.report",
        object_repr=_("分析通报列表"),
        after={"rows": len(rows)},
    )
    return xlsx_response(content, _("分析通报列表.xlsx"))


@require("report.generate")
@require_http_methods(["GET", "POST"])
def report_generate_view(request):
    if request.method == "POST":
        form = GenerateForm(request.POST)
        if form.is_valid():
            report = report_generate(
                actor=request.actor,
                county=request.user.county,
                period=form.cleaned_data["period_obj"],
            )
            messages.success(
                request,
                _("已生成%(title)s（第 %(v)s 版，用时 %(s)s 秒）。")
                % {"title": report.title, "v": report.version, "s": f"{report.seconds:.1f}"},
            )
            return redirect("reports:detail", pk=report.pk)
    else:
        kind = request.GET.get("kind", "")
        kind = kind if kind in ReportKind.values else QUARTERLY
        form = GenerateForm(
            initial={"kind": kind, "period": last_complete(kind, timezone.localdate()).code}
        )
    defaults = {k: last_complete(k, timezone.localdate()).code for k in ReportKind.values}
    return render(request, "reports/generate.html", {"form": form, "defaults": defaults})


@require("report.view")
def report_detail(request, pk: int):
    report = report_get(request.user, pk)
    data = report.figures or {}
    names = {u["unit"]: u.get("name") or u["unit"] for u in data.get("units", [])}
    context = {
        "report": report,
        "data": data,
        "change": [{**row, "label": TOTAL_LABEL[row["key"]]} for row in data.get("change", [])],
        # ranked as in the Word bulletin's table 2 (合计 = documents + meetings + inspections)
        "units": ranked_units(data.get("units", [])),
        "quota_use": [
            {
                **row,
                "name": names.get(row["unit"], row["unit"]),
                "section_label": SECTION_LABEL[row["section"]],
                "status_label": STATUS_LABEL[row["status"]],
            }
            for row in data.get("quota_use", [])
        ],
        "alerts": [{**a, "name": names.get(a["unit"], a["unit"])} for a in data.get("alerts", [])],
        "named": [{**n, "name": names.get(n["unit"], n["unit"])} for n in data.get("named", [])],
        "versions": report_list(request.user, kind=report.kind).filter(period=report.period),
    }
    return render(request, "reports/detail.html", context)


@require("report.view")
def report_download(request, pk: int, fmt: str):
    if fmt not in CONTENT_TYPES:
        raise Http404
    report = report_get(request.user, pk)
    content = report_file(actor=request.actor, report=report, fmt=fmt)
    return download_response(content, report_filename(report, fmt), CONTENT_TYPES[fmt])
