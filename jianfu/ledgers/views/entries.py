"""Ledger line pages: the list (daily ledger and the derived statistics ledger), export, detail,
the fast entry form, edit and delete, and the counterpart names for autocomplete."""

from __future__ import annotations

from dataclasses import replace

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_GET, require_http_methods

from jianfu.core.audit import ACTIONS, audit_record
from jianfu.core.excel import xlsx_bytes, xlsx_response
from jianfu.org.access import get_visible_or_404, has_perm, visible_units
from jianfu.org.guards import require
from jianfu.org.models import UnitKind
from jianfu.org.people import names_of
from jianfu.org.views.common import paginate

from ..exports import ledger_export
from ..forms import LedgerEntryForm
from ..models import Kind, LedgerEntry
from ..selectors.entries import (
    EntryFilters,
    counterpart_label,
    counterpart_names,
    editable_units,
    entry_history,
    ledger_entry_list,
    statistics_ledger,
)
from ..services.entries import ledger_entry_create, ledger_entry_delete, ledger_entry_update

# the unit kinds a drill-down may name (the county's producers are county and department units)
UNIT_KIND_CHOICES = (
    ("county,department", _l("县级和部门")),
    ("county", UnitKind.COUNTY.label),
    ("department", UnitKind.DEPARTMENT.label),
    ("township", UnitKind.TOWNSHIP.label),
)
CHANNELS = {"web": _l("网页"), "cli": _l("命令行"), "api": _l("接口"), "system": _l("系统")}
EXPORT_HEADERS = (
    _l("日期"),
    _l("单位"),
    _l("类别"),
    _l("对方单位"),
    _l("文号"),
    _l("标题"),
    _l("文种"),
    _l("计入统计"),
    _l("占用数额"),
    _l("统计类别"),
    _l("规则"),
    _l("理由"),
    _l("来源"),
)


def _querystring(request, *drop: str) -> str:
    params = request.GET.copy()
    for key in drop:
        params.pop(key, None)
    return params.urlencode()


def decision_message(entry: LedgerEntry) -> str:
    if entry.counted:
        verdict = _("计入统计（%(category)s）") % {"category": entry.category or _("未分类")}
    else:
        verdict = _("不计入统计")
    return _("已保存：%(verdict)s，规则 %(rule)s：%(reason)s") % {
        "verdict": verdict,
        "rule": entry.rule or "—",
        "reason": entry.reason,
    }


@require("ledger.view")
@require_GET
def entry_list(request):
    statistics = request.GET.get("view") == "stats"
    filters = EntryFilters.from_query(request.GET)
    if statistics:  # the statistics ledger is the counted lines: a 计入统计 filter does not apply
        filters = replace(filters, counted=None)
    entries = ledger_entry_list(request.user, filters)
    units = visible_units(request.user).order_by("kind", "code")
    context = {
        "filters": filters,
        "query": request.GET,
        "kinds": Kind.choices,
        "unit_kinds": UNIT_KIND_CHOICES,
        "units": units,
        "many_units": len(units) > 1,
        "statistics": statistics,
        "can_edit": has_perm(request.user, "ledger.edit"),
        "can_import": has_perm(request.user, "ledger.import"),
        "sort_qs": _querystring(request, "sort", "page"),
        "view_qs": _querystring(request, "view", "page"),
        "drill_qs": _querystring(request, "view", "page", "kind", "counted", "category"),
        "export_qs": _querystring(request, "page", "per_page", "view"),
        "counterpart_label": counterpart_label(request.user, filters)
        if filters.by_counterpart
        else "",
        "without_counterpart_qs": _querystring(request, "counterpart_unit", "page"),
    }
    if statistics:  # the statistics ledger exports its counted lines (`entry_export`)
        context["export_qs"] = _querystring(request, "page", "per_page", "counted")
        totals, total_lines = statistics_ledger(entries)
        charged = sum(row.quota_charged for row in totals)
        context.update({"totals": totals, "total_lines": total_lines, "total_charged": charged})
    else:
        context.update(paginate(request, entries))
    return render(request, "ledgers/entry_list.html", context)


def _export_filtered(request, filters: EntryFilters) -> tuple[bytes, int]:
    rows = [
        (
            e.date,
            e.unit.name,
            e.kind,
            e.counterpart,
            e.doc_no,
            e.title,
            e.genre,
            _("是") if e.counted else _("否"),
            _("是") if e.quota_charged else _("否"),
            e.category,
            e.rule,
            e.reason,
            e.get_source_display()
            + (f" {e.batch.filename} {e.source_sheet} {e.source_row}" if e.batch_id else ""),
        )
        for e in ledger_entry_list(request.user, filters).iterator(chunk_size=2000)
    ]
    return xlsx_bytes(
        EXPORT_HEADERS,
        rows,
        sheet_title=_("台账"),
        title=_("日常工作台账（含统计口径判定）"),
        widths=(12, 20, 6, 20, 20, 44, 8, 8, 8, 8, 10, 50, 24),
    ), len(rows)


@require("ledger.view")
@require_GET
def entry_export(request):
    """The visible filter as a workbook; one unit and a period only → the standard template
    (from the statistics ledger, `view=stats`: its counted lines, one sheet per kind)."""
    statistics = request.GET.get("view") == "stats"
    filters = EntryFilters.from_query(request.GET)
    if statistics:
        filters = replace(filters, counted=None)
    units = visible_units(request.user)
    single = filters.unit_id or (units.count() == 1 and units.first().pk)
    only_period = not (filters.kind or filters.counted is not None or filters.rule or filters.q)
    only_period = only_period and not filters.batch_id and not filters.by_counterpart
    only_period = only_period and not filters.drill_down
    unit = units.filter(pk=single).first() if single else None
    if unit is None and filters.unit_id:
        raise Http404
    if unit is not None and only_period:
        # the standard template, one sheet per kind (the service checks scope and audits)
        content = ledger_export(
            actor=request.actor,
            unit=unit,
            date_from=filters.date_from,
            date_to=filters.date_to,
            fmt="xlsx",
            counted_only=statistics,
        )
        name = (_("%(unit)s统计台账") if statistics else _("%(unit)s台账")) % {"unit": unit.name}
    else:
        if statistics:
            filters = replace(filters, counted=True)
        content, count = _export_filtered(request, filters)
        name = _("台账")
        audit_record(
            request.actor,
            "export",
            object_type="ledgers.ledgerentry",
            object_repr=name,
            county_id=request.user.county_id,
            after={"rows": count, "filters": request.GET.dict()},
        )
    stamp = timezone.localdate().strftime("%Y%m%d")
    return xlsx_response(content, f"{name}-{stamp}.xlsx")


@require("ledger.view")
@require_GET
def entry_detail(request, pk: int):
    entry = get_visible_or_404(
        LedgerEntry.objects.select_related("unit", "counterpart_unit", "batch"), request.user, pk=pk
    )
    can_edit = has_perm(request.user, "ledger.edit")
    return render(
        request,
        "ledgers/entry_detail.html",
        {
            "entry": entry,
            "names": names_of([entry.created_by]),
            "history": [
                (h, ACTIONS.get(h.action, h.action), CHANNELS.get(h.channel, h.channel))
                for h in entry_history(entry)
            ],
            "changes": entry.changes.order_by("-to_version"),
            "can_edit": can_edit,
        },
    )


@require("ledger.view")
@require_GET
def counterpart_list(request):
    """The county's unit names, short names and aliases (fills the form's datalist)."""
    county = request.user.county
    names = counterpart_names(county) if county is not None else []
    return JsonResponse({"names": names})


def _posted(request):
    return request.POST if request.method == "POST" else None


def _apply_service_error(form: LedgerEntryForm, exc: ValidationError) -> None:
    if getattr(exc, "code", None) == "duplicate":
        form.add_error("title", exc)
    else:
        form.add_error(None, exc)


@require("ledger.edit")
@require_http_methods(["GET", "POST"])
def entry_create(request):
    units = editable_units(request.user)
    if not units.exists():
        raise PermissionDenied
    initial = {}
    if request.GET.get("kind") in Kind.values:
        initial["kind"] = request.GET["kind"]
    for name in ("remarks", "title", "counterpart"):  # prefilled from the verification page
        if request.GET.get(name):
            initial[name] = request.GET[name][:255]
    form = LedgerEntryForm(_posted(request), units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            entry = ledger_entry_create(
                actor=request.actor, unit=form.cleaned_data["unit"], line=form.line()
            )
        except ValidationError as exc:
            _apply_service_error(form, exc)
        else:
            messages.success(request, decision_message(entry))
            if "save_add" in request.POST:
                return redirect(f"{request.path}?kind={entry.kind}")
            return redirect("ledgers:entry", pk=entry.pk)
    return render(request, "ledgers/entry_form.html", {"form": form, "entry": None})


@require("ledger.edit")
@require_http_methods(["GET", "POST"])
def entry_update(request, pk: int):
    entry = get_visible_or_404(LedgerEntry.objects.select_related("unit"), request.user, pk=pk)
    units = editable_units(request.user).filter(pk=entry.unit_id)
    form = LedgerEntryForm(
        _posted(request), units=units, initial=LedgerEntryForm.initial_from(entry)
    )
    if request.method == "POST" and form.is_valid():
        try:
            entry = ledger_entry_update(actor=request.actor, entry=entry, line=form.line())
        except ValidationError as exc:
            _apply_service_error(form, exc)
        else:
            messages.success(request, decision_message(entry))
            return redirect("ledgers:entry", pk=entry.pk)
    return render(request, "ledgers/entry_form.html", {"form": form, "entry": entry})


@require("ledger.edit")
@require_http_methods(["GET", "POST"])
def entry_delete(request, pk: int):
    entry = get_visible_or_404(LedgerEntry.objects.select_related("unit"), request.user, pk=pk)
    if request.method == "POST":
        ledger_entry_delete(actor=request.actor, entry=entry)
        messages.success(request, _("已删除台账条目“%(title)s”。") % {"title": entry.title})
        return redirect("ledgers:index")
    return render(request, "ledgers/entry_delete.html", {"entry": entry})
