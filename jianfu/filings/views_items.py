"""报备关 pages: the list of items, the create / edit form per kind with the 「检查」 button (htmx,
nothing saved), delete and restore, and the Excel export. The detail page is the workflow's."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jianfu.core.audit import audit_record
from jianfu.core.excel import xlsx_bytes, xlsx_response
from jianfu.org.access import get_visible_or_404, has_perm, visible_units
from jianfu.org.guards import require
from jianfu.org.models import UnitKind
from jianfu.org.views.common import paginate
from jianfu.rules.item_checks import declarable
from jianfu.rules.selectors import ruleset_effective_data

from .forms import FORMS, initial_from_filing
from .models import EDITABLE_STATUSES, Filing, ItemKind, PlanItem, Status
from .selectors.items import FilingFilters, filing_list
from .selectors.quotas import quota_balance
from .services.checks import check_texts, item_check
from .services.item_input import ATTENDEE_LEVELS, ItemInvalid
from .services.items import filing_create, filing_delete, filing_restore, filing_update

STATUS_TAGS = {
    Status.DRAFT: "tag-grey",
    Status.PENDING: "tag-orange",
    Status.RETURNED: "tag-red",
    Status.REJECTED: "tag-red",
    Status.WITHDRAWN: "tag-grey",
    Status.APPROVED: "tag-green",
    Status.ARCHIVED: "tag-blue",
}
EXPORT_HEADERS = (
    _l("计划日期"),
    _l("单位"),
    _l("类别"),
    _l("标题"),
    _l("状态"),
    _l("登记编号"),
    _l("不通过的检查"),
    _l("须申报的检查"),
)


def _querystring(request, *drop: str) -> str:
    params = request.GET.copy()
    for key in drop:
        params.pop(key, None)
    return params.urlencode()


def filing_units(user):
    """The units the user may file for (a clerk: their own; the county office: any)."""
    if not has_perm(user, "filing.submit"):
        return visible_units(user).none()
    return visible_units(user).exclude(kind=UnitKind.HIGHER).order_by("kind", "code")


@require("filing.view")
@require_GET
def item_list(request):
    filters = FilingFilters.from_query(request.GET)
    items = filing_list(request.user, filters)
    units = visible_units(request.user).exclude(kind=UnitKind.HIGHER).order_by("kind", "code")
    context = {
        "filters": filters,
        "query": request.GET,
        "kinds": ItemKind.choices,
        "statuses": Status.choices,
        "units": units,
        "many_units": len(units) > 1,
        "can_file": filing_units(request.user).exists(),
        "export_qs": _querystring(request, "page", "per_page"),
        "status_tags": STATUS_TAGS,
        **paginate(request, items),
    }
    for item in context["page_obj"].object_list:
        item.tag = STATUS_TAGS.get(item.status, "tag-grey")
        item.failed = [c["code"] for c in item.checks or [] if c.get("result") == "fail"]
        item.can_restore = item.deleted_at is not None
    return render(request, "filings/item_list.html", context)


@require("filing.view")
@require_GET
def item_export(request):
    filters = FilingFilters.from_query(request.GET)
    rows = [
        (
            f.date,
            f.unit.name,
            f.get_kind_display(),
            f.title,
            f.get_status_display(),
            f.reg_no,
            "、".join(c["code"] for c in f.checks or [] if c.get("result") == "fail"),
            "、".join(c["code"] for c in f.checks or [] if c.get("result") == "declare"),
        )
        for f in filing_list(request.user, filters).iterator(chunk_size=1000)
    ]
    content = xlsx_bytes(
        EXPORT_HEADERS,
        rows,
        sheet_title=_("报备事项"),
        title=_("报备事项"),
        widths=(12, 20, 12, 48, 10, 20, 30, 30),
    )
    audit_record(
        request.actor,
        "export",
        object_type="filings.filing",
        object_repr=_("报备事项"),
        county_id=request.user.county_id,
        after={"rows": len(rows), "filters": request.GET.dict()},
    )
    stamp = timezone.localdate().strftime("%Y%m%d")
    return xlsx_response(content, f"{_('报备事项')}-{stamp}.xlsx")


def _rows(request) -> dict:
    if request.method != "POST":
        return {}
    return {
        name: request.POST.getlist(name)
        for name in ("attendee_unit", "attendee_level", "agenda_item", "agenda_minutes")
    }


def _declarations(request, kind: str, county) -> tuple[list[dict], dict]:
    """The checks the applicant may have to declare (reviewer items, and automatic checks that
    lacked facts), with what the applicant answered."""
    answers = {}
    rows = []
    posted = request.method == "POST"
    for code, text, automatic in declarable(ruleset_effective_data(county), kind):
        ok = request.POST.get(f"decl_{code}", "") if posted else ""
        note = request.POST.get(f"decl_note_{code}", "")[:500] if posted else ""
        if ok in ("1", "0"):
            answers[code] = {"ok": ok == "1", "note": note}
        rows.append({"code": code, "text": text, "ok": ok, "note": note, "automatic": automatic})
    return rows, answers


def _form_context(request, form, kind, unit, units, filing=None, checks=None, declarations=()):
    from datetime import date as _date

    day = form.cleaned_data.get("date") if form.is_bound and hasattr(form, "cleaned_data") else None
    year = (day or (filing.date if filing else None) or timezone.localdate()).year
    balance = quota_balance(unit, year, kind) if unit is not None else None
    attendees = form.rows.get("attendees")
    if attendees is None:
        attendees = (
            [
                {"unit": u, "level": lvl}
                for u, lvl in zip(
                    request.POST.getlist("attendee_unit"),
                    request.POST.getlist("attendee_level"),
                    strict=False,
                )
            ]
            if request.method == "POST"
            else []
        )
    agenda = form.rows.get("agenda")
    if agenda is None:
        agenda = (
            [
                {"item": i, "minutes": m}
                for i, m in zip(
                    request.POST.getlist("agenda_item"),
                    request.POST.getlist("agenda_minutes"),
                    strict=False,
                )
            ]
            if request.method == "POST"
            else []
        )
    texts = check_texts(unit.county) if unit is not None else {}
    return {
        "form": form,
        "kind": kind,
        "kind_label": ItemKind(kind).label,
        "unit": unit,
        "units": units,
        "filing": filing,
        "balance": balance,
        "year": year,
        "attendees": attendees or [{"unit": "", "level": ""}],
        "agenda": agenda or [{"item": "", "minutes": ""}],
        "attendee_levels": ATTENDEE_LEVELS,
        "declarations": declarations,
        "checks": checks,
        "check_texts": texts,
        "today": _date.today(),
    }


def _build_form(request, kind, unit, initial=None, rows=None):
    form_class = FORMS[kind]
    kwargs = {"rows": _rows(request) if request.method == "POST" else {}}
    if kind in (ItemKind.MEETING, ItemKind.INSPECTION) and unit is not None:
        kwargs["plans"] = PlanItem.objects.filter(
            county_id=unit.county_id, unit=unit, kind=kind
        ).order_by("-year", "code")
    if kind == ItemKind.INSPECTION and unit is not None:
        kwargs["targets"] = (
            unit.county.units.filter(is_active=True)
            .exclude(kind=UnitKind.HIGHER)
            .exclude(pk=unit.pk)
            .order_by("kind", "code")
        )
    data = request.POST if request.method == "POST" else None
    form = form_class(data, initial=initial, **kwargs)
    if rows:
        form.rows.update(rows)
    return form


def _chosen_unit(request, units):
    code = request.POST.get("unit") or request.GET.get("unit")
    if code:
        unit = units.filter(pk=code).first() if str(code).isdigit() else None
        if unit is None:
            raise Http404
        return unit
    own = units.filter(pk=request.user.unit_id).first()
    return own or units.first()


@require("filing.submit")
@require_http_methods(["GET", "POST"])
def item_create(request):
    kind = request.GET.get("kind") or request.POST.get("kind") or ItemKind.DOCUMENT
    if kind not in ItemKind.values:
        raise Http404
    units = filing_units(request.user)
    if not units.exists():
        raise PermissionDenied
    unit = _chosen_unit(request, units)
    form = _build_form(request, kind, unit)
    declarations, answers = _declarations(request, kind, unit.county)
    checks = None
    if request.method == "POST" and form.is_valid():
        data = {**form.to_data(), "declarations": answers}
        try:
            if request.POST.get("action") == "check":
                checks = item_check(data, unit.county, unit)["checks"]
            else:
                filing = filing_create(actor=request.actor, unit=unit, data=data)
                messages.success(request, _("已保存草稿，检查结果见下方；确认无误后可提交审批。"))
                return redirect("filings:detail", pk=filing.pk)
        except ItemInvalid as exc:
            form.add_item_errors(exc)
    if request.headers.get("HX-Request") and request.POST.get("action") == "check":
        return _checks_partial(request, form, unit, checks)
    context = _form_context(
        request, form, kind, unit, units, checks=checks, declarations=declarations
    )
    return render(request, "filings/item_form.html", context)


def _checks_partial(request, form, unit, checks):
    return render(
        request,
        "filings/_checks.html",
        {
            "checks": checks,
            "check_texts": check_texts(unit.county),
            "form_errors": form.errors if checks is None else None,
            "checked_now": True,
        },
    )


@require("filing.submit")
@require_http_methods(["GET", "POST"])
def item_edit(request, pk: int):
    filing = get_visible_or_404(
        Filing.objects.select_related("unit", "unit__county", "plan_item").filter(
            deleted_at__isnull=True
        ),
        request.user,
        pk=pk,
    )
    if filing.status not in EDITABLE_STATUSES:
        messages.error(
            request,
            _("该事项当前状态为“%(s)s”，不能直接修改。") % {"s": filing.get_status_display()},
        )
        return redirect("filings:detail", pk=filing.pk)
    units = filing_units(request.user).filter(pk=filing.unit_id)
    if not units.exists():
        raise Http404
    initial, rows = initial_from_filing(filing)
    form = _build_form(
        request,
        filing.kind,
        filing.unit,
        initial=initial,
        rows=rows if request.method == "GET" else None,
    )
    declarations, answers = _declarations(request, filing.kind, filing.unit.county)
    if request.method == "GET":
        for row in declarations:
            saved = (filing.declarations or {}).get(row["code"]) or {}
            row["ok"] = {True: "1", False: "0"}.get(saved.get("ok"), "")
            row["note"] = saved.get("note", "")
    checks = filing.checks if request.method == "GET" else None
    if request.method == "POST" and form.is_valid():
        data = {**form.to_data(), "declarations": answers}
        try:
            if request.POST.get("action") == "check":
                checks = item_check(data, filing.unit.county, filing.unit)["checks"]
            else:
                filing_update(actor=request.actor, filing=filing, data=data)
                messages.success(request, _("已保存修改，检查已重新运行。"))
                return redirect("filings:detail", pk=filing.pk)
        except ItemInvalid as exc:
            form.add_item_errors(exc)
        except ValidationError as exc:
            form.add_error(None, exc)
    if request.headers.get("HX-Request") and request.POST.get("action") == "check":
        return _checks_partial(request, form, filing.unit, checks)
    context = _form_context(
        request,
        form,
        filing.kind,
        filing.unit,
        units,
        filing=filing,
        checks=checks,
        declarations=declarations,
    )
    return render(request, "filings/item_form.html", context)


@require("filing.submit")
@require_POST
def item_delete(request, pk: int):
    filing = get_visible_or_404(Filing.objects.select_related("unit"), request.user, pk=pk)
    try:
        filing_delete(actor=request.actor, filing=filing)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("filings:detail", pk=filing.pk)
    messages.success(request, _("已删除“%(t)s”，30天内可在“已删除”中恢复。") % {"t": filing.title})
    return redirect("filings:index")


@require("filing.submit")
@require_POST
def item_restore(request, pk: int):
    filing = get_visible_or_404(Filing.objects.select_related("unit"), request.user, pk=pk)
    try:
        filing_restore(actor=request.actor, filing=filing)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect(reverse("filings:index") + "?deleted=1")
    messages.success(request, _("已恢复“%(t)s”。") % {"t": filing.title})
    return redirect("filings:detail", pk=filing.pk)
