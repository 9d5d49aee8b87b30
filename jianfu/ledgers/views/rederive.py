"""Re-deriving the statistics ledger after a rule-set change (coordinator): the rule-set
versions, a button to re-derive, and the change report — which lines moved, from which rule to
which, and why — so that a reclassification is never read as a real reduction."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from jianfu.org.guards import require
from jianfu.org.views.common import paginate
from jianfu.rules.selectors import ruleset_list

from ..compare.forms import RederiveForm
from ..models import DecisionChange, LedgerEntry
from ..services.rederive import ledger_rederive


def _county(request):
    county = request.user.county
    if county is None:
        raise PermissionDenied
    return county


@require("ledger.rederive")
@require_http_methods(["GET", "POST"])
def rederive_index(request):
    county = _county(request)
    form = RederiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = ledger_rederive(
            actor=request.actor,
            county=county,
            date_from=form.cleaned_data["date_from"],
            date_to=form.cleaned_data["date_to"],
        )
        messages.success(
            request,
            _(
                "已重新判定 %(checked)s 条，口径变动 %(changed)s 条"
                "（新计入 %(up)s 条，不再计入 %(down)s 条）。"
            )
            % {
                "checked": result.checked,
                "changed": result.changed,
                "up": result.became_counted,
                "down": result.stopped_counting,
            },
        )
        url = reverse("ledgers:rederive_report")
        if result.first_change_id is not None:
            query = {"first": result.first_change_id, "last": result.last_change_id}
            url = f"{url}?{urlencode(query)}"
        return redirect(url)
    lines_by_version = dict(
        LedgerEntry.objects.filter(county=county)
        .order_by()
        .values("ruleset_version")
        .annotate(n=Count("id"))
        .values_list("ruleset_version", "n")
    )
    versions = [
        {"ruleset": ruleset, "lines": lines_by_version.get(ruleset.version, 0)}
        for ruleset in ruleset_list(county)
    ]
    return render(
        request,
        "ledgers/rederive_index.html",
        {"form": form, "versions": versions, "lines_by_version": sorted(lines_by_version.items())},
    )


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@require("ledger.rederive")
@require_GET
def rederive_report(request):
    county = _county(request)
    changes = DecisionChange.objects.filter(county=county)
    first, last = _int(request.GET.get("first")), _int(request.GET.get("last"))
    if first is not None:
        changes = changes.filter(id__gte=first)
    if last is not None:
        changes = changes.filter(id__lte=last)
    version = _int(request.GET.get("version"))
    if version is not None:
        changes = changes.filter(to_version=version)
    groups = list(
        changes.order_by()
        .values("from_version", "to_version", "old_rule", "new_rule", "old_counted", "new_counted")
        .annotate(lines=Count("id"))
        .order_by("-lines", "old_rule", "new_rule")
    )
    base = {k: v for k, v in (("first", first), ("last", last), ("version", version)) if v}
    for group in groups:
        group["query"] = urlencode({**base, "old": group["old_rule"], "new": group["new_rule"]})
    old, new = request.GET.get("old"), request.GET.get("new")
    detail = None
    if old is not None and new is not None:
        lines = (
            changes.filter(old_rule=old, new_rule=new)
            .select_related("entry", "entry__unit")
            .order_by("entry__unit__code", "entry__date", "id")
        )
        detail = {"old": old, "new": new, **paginate(request, lines)}
    return render(
        request,
        "ledgers/rederive_report.html",
        {
            "groups": groups,
            "detail": detail,
            "total": sum(g["lines"] for g in groups),
            "up": sum(g["lines"] for g in groups if g["new_counted"] and not g["old_counted"]),
            "down": sum(g["lines"] for g in groups if g["old_counted"] and not g["new_counted"]),
        },
    )
