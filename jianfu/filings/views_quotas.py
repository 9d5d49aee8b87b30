"""数额 pages: each unit's quota per kind (base, 统筹调配, used, remaining, % used, last year),
setting quotas and recording adjustments (county office), 只减不增 explanations, Excel export."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_GET, require_POST

from jianfu.core.audit import audit_record
from jianfu.core.excel import xlsx_bytes, xlsx_response
from jianfu.org.access import get_visible_or_404, has_perm, restrict, visible_units
from jianfu.org.guards import require
from jianfu.org.models import UnitKind

from .forms import AdjustmentForm, QuotaForm
from .models import ItemKind, Quota, QuotaAdjustment
from .selectors.quotas import QuotaBalance, document_growth, quota_balances
from .services.quotas import growth_explanation_file, quota_adjust, quota_set

EXPORT_HEADERS = (
    _l("单位"),
    _l("类别"),
    _l("年度数额"),
    _l("统筹调配"),
    _l("已用"),
    _l("剩余"),
    _l("已用比例"),
    _l("上年已用"),
)


def _year(request) -> int:
    text = (request.GET.get("year") or request.POST.get("year") or "").strip()
    year = int(text) if text.isdigit() else timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


def quota_rows(user, year: int) -> list[dict]:
    """One row per visible unit and kind: the balance this year and what was used last year."""
    units = list(visible_units(user).exclude(kind=UnitKind.HIGHER).order_by("kind", "code"))
    if not units or user.county is None:
        return []
    ids = [u.pk for u in units]
    now = quota_balances(user.county, year, ids)
    last = quota_balances(user.county, year - 1, ids)
    rows = []
    for unit in units:
        for kind, label in ItemKind.choices:
            b = now.get((unit.pk, kind)) or QuotaBalance(0, 0, 0, 0, is_set=False)
            prior = last.get((unit.pk, kind))
            rows.append(
                {
                    "unit": unit,
                    "kind": kind,
                    "kind_label": str(label),
                    "balance": b,
                    "last_used": prior.used if prior else 0,
                    "over": b.is_set and b.remaining < 0,
                    "exhausted": b.is_set and b.remaining <= 0,
                }
            )
    return rows


@require("quota.view")
@require_GET
def quota_index(request):
    year = _year(request)
    rows = quota_rows(request.user, year)
    units = [r["unit"] for r in rows[:: len(ItemKind.choices)]]
    adjustments = (
        restrict(
            QuotaAdjustment.objects.select_related("quota", "quota__unit"),
            request.user,
            unit_field="quota__unit",
        )
        .filter(quota__year=year)
        .order_by("-created_at")[:200]
    )
    growth = document_growth(request.user.county, year, [u.pk for u in units]) if units else {}
    growth_rows = [
        {"unit": u, "growth": growth[u.pk]} for u in units if u.pk in growth and growth[u.pk].over
    ]
    can_explain = has_perm(request.user, "filing.submit")
    return render(
        request,
        "filings/quota_list.html",
        {
            "year": year,
            "years": range(timezone.localdate().year + 1, timezone.localdate().year - 4, -1),
            "rows": rows,
            "adjustments": adjustments,
            "growth_rows": growth_rows,
            "can_manage": has_perm(request.user, "quota.manage"),
            "can_explain": can_explain,
            "kinds": ItemKind.choices,
            "adjust_form": AdjustmentForm(),
            "quotas": restrict(Quota.objects.select_related("unit"), request.user)
            .filter(year=year)
            .order_by("unit__code", "kind"),
        },
    )


@require("quota.view")
@require_GET
def quota_export(request):
    year = _year(request)
    data = []
    for r in quota_rows(request.user, year):
        b = r["balance"]
        data.append(
            (
                r["unit"].name,
                r["kind_label"],
                b.amount if b.is_set else "",
                b.adjustments,
                b.used,
                b.remaining if b.is_set else "",
                f"{b.percent}%" if b.percent is not None else "",
                r["last_used"],
            )
        )
    content = xlsx_bytes(
        EXPORT_HEADERS,
        data,
        sheet_title=_("数额"),
        title=_("%(y)s年数额使用情况") % {"y": year},
        widths=(22, 12, 10, 10, 8, 8, 10, 10),
    )
    audit_record(
        request.actor,
        "export",
        object_type="filings.quota",
        object_repr=_("数额"),
        county_id=request.user.county_id,
        after={"year": year, "rows": len(data)},
    )
    return xlsx_response(content, f"{_('数额')}-{year}.xlsx")


def _back(year: int):
    return redirect(f"{reverse('filings:quotas')}?year={year}")


@require("quota.manage")
@require_POST
def quota_set_view(request):
    year = _year(request)
    form = QuotaForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("数额应为0到100000之间的整数。"))
        return _back(year)
    unit = visible_units(request.user).filter(pk=form.cleaned_data["unit"]).first()
    if unit is None:
        raise PermissionDenied
    quota_set(
        actor=request.actor,
        unit=unit,
        year=year,
        kind=form.cleaned_data["kind"],
        amount=form.cleaned_data["amount"],
    )
    messages.success(request, _("已设定%(u)s %(y)s年数额。") % {"u": unit.name, "y": year})
    return _back(year)


@require("quota.manage")
@require_POST
def quota_adjust_view(request):
    year = _year(request)
    form = AdjustmentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("统筹调配须填写调整数、理由和批准人。"))
        return _back(year)
    quota = get_visible_or_404(
        Quota.objects.select_related("unit"), request.user, pk=form.cleaned_data["quota"]
    )
    try:
        quota_adjust(
            actor=request.actor,
            quota=quota,
            delta=form.cleaned_data["delta"],
            reason=form.cleaned_data["reason"],
            approver=form.cleaned_data["approver"],
        )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return _back(year)
    messages.success(request, _("已记录统筹调配。"))
    return _back(quota.year)


@require("filing.submit")
@require_POST
def growth_explain_view(request):
    year = _year(request)
    unit_id = request.POST.get("unit", "")
    unit = visible_units(request.user).filter(pk=unit_id).first() if unit_id.isdigit() else None
    if unit is None:
        raise Http404
    try:
        growth_explanation_file(
            actor=request.actor, unit=unit, year=year, text=request.POST.get("text", "")[:5000]
        )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return _back(year)
    messages.success(request, _("已备案书面说明。"))
    return _back(year)
