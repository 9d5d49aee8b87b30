"""The dual-ledger comparison pages: upload a hand-made statistics ledger, see the four lists,
download them, and (county office) every unit's accuracy rate, worst first. Thin: the service,
selectors and exporter do the work."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from jianfu.core.audit import audit_record
from jianfu.core.excel import MAX_UPLOAD_BYTES, xlsx_response
from jianfu.core.ratelimit import limited_as_export
from jianfu.org.access import get_visible_or_404, has_perm, restrict, visible_units
from jianfu.org.guards import require
from jianfu.org.views.common import paginate

from ..compare.export import hand_ledger_xlsx
from ..compare.forms import CompareForm
from ..compare.selectors import (
    TRAINING_CLASS_SIZE,
    accuracy_overview,
    hand_ledger_lines,
    hand_ledgers_of,
    method_label,
    units_not_compared,
)
from ..compare.service import HandLedgerRefused, hand_ledger_compare
from ..models_compare import HandLedger, Outcome


@require("ledger.compare")
@require_http_methods(["GET", "POST"])
def compare_upload(request):
    user = request.user
    units = visible_units(user).filter(is_active=True).order_by("kind", "code")
    today = timezone.localdate()
    initial = {
        "unit": user.unit_id,
        "date_from": today.replace(month=1, day=1),
        "date_to": today,
    }
    form = CompareForm(request.POST or None, request.FILES or None, units=units, initial=initial)
    refused = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            form.add_error("file", _("文件超过 5 MB，请拆分后再上传。"))
        else:
            try:
                ledger = hand_ledger_compare(
                    actor=request.actor,
                    unit=form.cleaned_data["unit"],
                    data=upload.read(),
                    filename=upload.name,
                    date_from=form.cleaned_data["date_from"],
                    date_to=form.cleaned_data["date_to"],
                )
            except HandLedgerRefused as exc:
                refused = exc
            else:
                return redirect("ledgers:compare_result", pk=ledger.pk)
    history = paginate(request, hand_ledgers_of(restrict(HandLedger.objects.all(), user)))
    return render(
        request,
        "ledgers/compare_upload.html",
        {
            "form": form,
            "refused": refused,
            "can_accuracy": has_perm(user, "ledger.accuracy"),
            "can_rederive": has_perm(user, "ledger.rederive"),
            **history,
        },
    )


@require("ledger.compare")
@require_GET
def compare_result(request, pk: int):
    ledger = get_visible_or_404(HandLedger.objects.select_related("unit"), request.user, pk=pk)
    grouped = hand_ledger_lines(ledger)
    for lines in grouped.values():
        for line in lines:
            line.method_label = method_label(line.method)
    sections = [
        {"outcome": outcome, "label": Outcome(outcome).label, "lines": lines}
        for outcome, lines in grouped.items()
        if outcome != Outcome.DUPLICATE or lines
    ]
    return render(request, "ledgers/compare_result.html", {"ledger": ledger, "sections": sections})


@limited_as_export
@require("ledger.compare")
@require_GET
def compare_download(request, pk: int):
    ledger = get_visible_or_404(HandLedger.objects.select_related("unit"), request.user, pk=pk)
    name = f"双台账比对-{ledger.unit.name}-{ledger.date_from:%Y%m%d}-{ledger.date_to:%Y%m%d}.xlsx"
    content = hand_ledger_xlsx(ledger)
    audit_record(request.actor, "download", ledger, after={"file": "comparison"})
    return xlsx_response(content, name)


@require("ledger.accuracy")
@require_GET
def compare_accuracy(request):
    county_id = request.user.county_id
    if not county_id:
        raise PermissionDenied
    show_all = request.GET.get("all") == "1"
    try:
        worst = int(request.GET.get("n", TRAINING_CLASS_SIZE))
    except ValueError as exc:
        raise Http404 from exc
    worst = max(1, min(worst, 500))
    period, errors = {}, []
    for key in ("from", "to"):  # optional: comparisons whose period overlaps these dates
        raw = request.GET.get(key, "").strip()
        try:
            period[key] = date.fromisoformat(raw) if raw else None
        except ValueError:
            errors.append(_("日期格式应为 YYYY-MM-DD：%(value)s") % {"value": raw})
            period[key] = None
    limit = None if show_all else worst
    rows = accuracy_overview(county_id, limit, date_from=period["from"], date_to=period["to"])
    return render(
        request,
        "ledgers/compare_accuracy.html",
        {
            "rows": rows,
            "worst": worst,
            "show_all": show_all,
            "date_from": period["from"],
            "date_to": period["to"],
            "errors": errors,
            "not_compared": units_not_compared(county_id, period["from"], period["to"]),
        },
    )
