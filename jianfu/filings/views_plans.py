"""年度计划 pages: the annual meeting and inspection plans per unit — list, add, delete, import
from Excel (with a template), export."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jianfu.core.audit import audit_record
from jianfu.core.excel import MAX_UPLOAD_BYTES, xlsx_bytes, xlsx_response
from jianfu.org.access import get_visible_or_404, has_perm, visible_units
from jianfu.org.guards import require
from jianfu.org.models import UnitKind

from .forms import PlanImportForm, PlanItemForm
from .models import ItemKind, PlanItem
from .selectors.plans import plan_list
from .services.plans import plan_import, plan_item_create, plan_item_delete, plan_template

EXPORT_HEADERS = (
    _l("单位"),
    _l("计划编号"),
    _l("类别"),
    _l("名称"),
    _l("计划月份"),
    _l("对象"),
    _l("综合性"),
    _l("已审定"),
    _l("已关联报备事项"),
)


def _year(request) -> int:
    text = (request.GET.get("year") or request.POST.get("year") or "").strip()
    year = int(text) if text.isdigit() else timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


def _units(user):
    return visible_units(user).exclude(kind=UnitKind.HIGHER).order_by("kind", "code")


def _unit_filter(request) -> int | None:
    text = (request.GET.get("unit") or "").strip()
    return int(text) if text.isdigit() else None


@require("plan.view")
@require_http_methods(["GET", "POST"])
def plan_index(request):
    year = _year(request)
    kind = request.GET.get("kind") if request.GET.get("kind") in ItemKind.values else ""
    units = _units(request.user)
    can_manage = has_perm(request.user, "plan.manage")
    form = PlanItemForm(
        request.POST if request.method == "POST" else None,
        units=units,
        initial={"unit": request.user.unit_id},
    )
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            unit = units.filter(pk=form.cleaned_data["unit"]).first()
            data = {**form.cleaned_data, "year": year}
            try:
                plan_item_create(actor=request.actor, unit=unit, data=data)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("已添加计划事项。"))
                return redirect(f"{reverse('filings:plans')}?year={year}")
    plans = plan_list(request.user, year, _unit_filter(request), kind)
    return render(
        request,
        "filings/plan_list.html",
        {
            "year": year,
            "years": range(timezone.localdate().year + 1, timezone.localdate().year - 4, -1),
            "plans": plans,
            "units": units,
            "many_units": len(units) > 1,
            "unit_id": _unit_filter(request),
            "kind": kind,
            "form": form,
            "can_manage": can_manage,
            "query": request.GET.urlencode(),
        },
    )


@require("plan.manage")
@require_POST
def plan_delete_view(request, pk: int):
    plan = get_visible_or_404(PlanItem.objects.select_related("unit"), request.user, pk=pk)
    try:
        plan_item_delete(actor=request.actor, plan=plan)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已删除计划事项 %(c)s。") % {"c": plan.code})
    return redirect(f"{reverse('filings:plans')}?year={plan.year}")


@require("plan.manage")
@require_http_methods(["GET", "POST"])
def plan_import_view(request):
    year = _year(request)
    units = _units(request.user)
    form = PlanImportForm(
        request.POST or None,
        request.FILES or None,
        units=units,
        initial={"unit": request.user.unit_id},
    )
    errors = []
    if request.method == "POST" and form.is_valid():
        unit = units.filter(pk=form.cleaned_data["unit"]).first()
        upload = form.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            form.add_error("file", _("文件过大（上限5MB）。"))
        else:
            try:
                count = plan_import(
                    actor=request.actor,
                    unit=unit,
                    year=year,
                    content=upload.read(),
                    filename=upload.name[:200],
                )
            except ValidationError as exc:
                errors = exc.messages
            else:
                messages.success(request, _("已导入 %(n)d 个计划事项。") % {"n": count})
                return redirect(f"{reverse('filings:plans')}?year={year}")
    return render(
        request, "filings/plan_import.html", {"form": form, "year": year, "errors": errors}
    )


@require("plan.view")
@require_GET
def plan_template_view(request):
    return xlsx_response(plan_template(), f"{_('年度计划导入模板')}.xlsx")


@require("plan.view")
@require_GET
def plan_export(request):
    year = _year(request)
    kind = request.GET.get("kind") if request.GET.get("kind") in ItemKind.values else ""
    rows = [
        (
            p.unit.name,
            p.code,
            p.get_kind_display(),
            p.title,
            p.month or "",
            p.targets,
            _("是") if p.comprehensive else _("否"),
            _("是") if p.approved else _("否"),
            p.filing_count,
        )
        for p in plan_list(request.user, year, _unit_filter(request), kind)
    ]
    content = xlsx_bytes(
        EXPORT_HEADERS,
        rows,
        sheet_title=_("年度计划"),
        title=_("%(y)s年度会议和督检考计划") % {"y": year},
        widths=(20, 14, 10, 40, 8, 24, 8, 8, 10),
    )
    audit_record(
        request.actor,
        "export",
        object_type="filings.planitem",
        object_repr=_("年度计划"),
        county_id=request.user.county_id,
        after={"year": year, "rows": len(rows)},
    )
    return xlsx_response(content, f"{_('年度计划')}-{year}.xlsx")
