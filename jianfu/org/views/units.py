"""Unit pages: list with filters and export, detail, create/edit, import from Excel."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_GET

from jianfu.core.audit import audit_record
from jianfu.core.excel import MAX_UPLOAD_BYTES, xlsx_bytes, xlsx_response
from jianfu.org.access import has_perm, visible_units
from jianfu.org.forms import UnitForm, UnitImportForm, apply_errors
from jianfu.org.guards import require
from jianfu.org.models import KIND_ORDER, Unit, UnitKind
from jianfu.org.unit_import import unit_import_template
from jianfu.org.unit_import_store import unit_import
from jianfu.org.units import split_aliases, unit_create, unit_update

from .common import flag, paginate

SORTS = {"code": "code", "name": "name", "kind": "kind", "system": "system", "area": "area"}
# The import template's columns, so that an export can be edited and imported again.
EXPORT_HEADERS = (
    _l("单位名称"),
    _l("简称"),
    _l("编码"),
    _l("类型"),
    _l("系统"),
    _l("片区"),
    _l("观测点"),
    _l("试点"),
    _l("上级单位"),
    _l("别名"),
    _l("状态"),
)


def _filtered_units(request):
    units = visible_units(request.user).select_related("parent")
    q = request.GET.get("q", "").strip()
    if q:
        units = units.filter(
            Q(code__icontains=q)
            | Q(name__icontains=q)
            | Q(short_name__icontains=q)
            | Q(pk__in=Unit.objects.filter(aliases__name__icontains=q).values("pk"))
        )
    if request.GET.get("kind") in UnitKind.values:
        units = units.filter(kind=request.GET["kind"])
    for key in ("system", "area"):
        if request.GET.get(key):
            units = units.filter(**{key: request.GET[key]})
    observation = flag(request.GET.get("obs"))
    if observation is not None:
        units = units.filter(is_observation_point=observation)
    sort = request.GET.get("sort", "")
    field = SORTS.get(sort.lstrip("-"))
    if field:
        return units.order_by(("-" if sort.startswith("-") else "") + field, "pk")
    return units.order_by(KIND_ORDER, "code", "pk")


def _without(request, *keys: str) -> str:
    params = request.GET.copy()
    for key in keys:
        params.pop(key, None)
    return params.urlencode()


@require("unit.view")
@require_GET
def unit_list(request):
    scope = visible_units(request.user)
    context = paginate(request, _filtered_units(request))
    context.update(
        {
            "kinds": UnitKind.choices,
            "systems": scope.exclude(system="")
            .values_list("system", flat=True)
            .distinct()
            .order_by("system"),
            "areas": scope.exclude(area="")
            .values_list("area", flat=True)
            .distinct()
            .order_by("area"),
            "filters": request.GET,
            "can_manage": has_perm(request.user, "unit.manage"),
            "sort": request.GET.get("sort", ""),
            "sort_qs": _without(request, "sort", "page"),
        }
    )
    return render(request, "org/unit_list.html", context)


@require("unit.view")
@require_GET
def unit_export(request):
    units = list(_filtered_units(request).prefetch_related("aliases"))
    rows = [
        (
            u.name,
            u.short_name,
            u.code,
            u.get_kind_display(),
            u.system,
            u.area,
            _("是") if u.is_observation_point else _("否"),
            _("是") if u.is_pilot else _("否"),
            u.parent.code if u.parent_id else "",
            "、".join(sorted(a.name for a in u.aliases.all())),
            _("启用") if u.is_active else _("停用"),
        )
        for u in units
    ]
    county = request.user.county.name if request.user.county_id else ""
    content = xlsx_bytes(
        EXPORT_HEADERS,
        rows,
        sheet_title=_("单位名录"),
        title=_("%(county)s单位名录") % {"county": county},
        widths=(28, 14, 12, 8, 10, 8, 8, 8, 12, 30, 8),
    )
    audit_record(
        request.actor,
        "export",
        object_type="org.unit",
        object_repr=_("单位名录"),
        county_id=request.user.county_id,
        after={"rows": len(rows), "filters": request.GET.dict()},
    )
    stamp = timezone.localdate().strftime("%Y%m%d")
    return xlsx_response(content, f"单位名录-{stamp}.xlsx")


@require("unit.view")
@require_GET
def unit_detail(request, pk: int):
    unit = get_object_or_404(visible_units(request.user).select_related("parent"), pk=pk)
    scope = visible_units(request.user)
    return render(
        request,
        "org/unit_detail.html",
        {
            "unit": unit,
            "aliases": unit.aliases.order_by("name"),
            "children": scope.filter(parent=unit).order_by("code"),
            "parent_visible": unit.parent_id and scope.filter(pk=unit.parent_id).exists(),
            "can_manage": has_perm(request.user, "unit.manage"),
        },
    )


def _unit_values(data: dict) -> dict:
    values = {
        k: data[k]
        for k in (
            "code",
            "name",
            "short_name",
            "kind",
            "system",
            "area",
            "is_observation_point",
            "is_pilot",
            "is_active",
            "parent",
        )
    }
    return values


@require("unit.manage")
def unit_create_view(request):
    county = request.user.county
    if county is None:
        raise Http404
    form = UnitForm(request.POST or None, county=county)
    if request.method == "POST" and form.is_valid():
        try:
            unit = unit_create(
                actor=request.actor,
                county=county,
                aliases=split_aliases(form.cleaned_data["aliases"]),
                **_unit_values(form.cleaned_data),
            )
        except ValidationError as exc:
            apply_errors(form, {}, exc)
        else:
            messages.success(request, _("已新增单位“%(name)s”。") % {"name": unit.name})
            return redirect("org:unit", pk=unit.pk)
    return render(request, "org/unit_form.html", {"form": form, "unit": None})


@require("unit.manage")
def unit_edit(request, pk: int):
    unit = get_object_or_404(visible_units(request.user), pk=pk)
    initial = {
        "code": unit.code,
        "name": unit.name,
        "short_name": unit.short_name,
        "kind": unit.kind,
        "system": unit.system,
        "area": unit.area,
        "parent": unit.parent_id,
        "is_observation_point": unit.is_observation_point,
        "is_pilot": unit.is_pilot,
        "is_active": unit.is_active,
        "aliases": "、".join(unit.aliases.order_by("name").values_list("name", flat=True)),
    }
    form = UnitForm(request.POST or None, initial=initial, county=unit.county, unit=unit)
    if request.method == "POST" and form.is_valid():
        try:
            unit_update(
                actor=request.actor,
                unit=unit,
                aliases=split_aliases(form.cleaned_data["aliases"]),
                **_unit_values(form.cleaned_data),
            )
        except ValidationError as exc:
            apply_errors(form, {}, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("org:unit", pk=unit.pk)
    return render(request, "org/unit_form.html", {"form": form, "unit": unit})


@require("unit.manage")
def unit_import_view(request):
    county = request.user.county
    if county is None:
        raise Http404
    form = UnitImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            form.add_error("file", _("文件超过 5 MB，请拆分后再导入。"))
        else:
            result = unit_import(
                actor=request.actor, county=county, data=upload.read(), filename=upload.name
            )
            if not result.errors:
                messages.success(
                    request,
                    _(
                        "导入完成：共 %(rows)s 行，新增 %(created)s，更新 %(updated)s，"
                        "未变 %(unchanged)s。"
                    )
                    % result.as_dict(),
                )
                return redirect("org:units")
    return render(request, "org/unit_import.html", {"form": form, "result": result})


@require("unit.manage")
@require_GET
def unit_import_template_view(request):
    county = request.user.county.name if request.user.county_id else ""
    return xlsx_response(unit_import_template(county), "单位名录导入模板.xlsx")
