"""Reconciliation pages (DESIGN.md 5.5): what reached each observation point and from whom, what
was never filed (未报备), and for the county office the picture per sender unit.

Scope: a county-wide user sees everything; otherwise the observation points the user may see (as
receiver) and the county units the user may see (as sender: what of theirs was received or not,
and lines townships recorded from them without a match). Another unit's page is a 404.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from django.db.models import Max
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from jianfu.core.audit import audit_record
from jianfu.core.excel import xlsx_bytes, xlsx_response
from jianfu.org.access import visible_units
from jianfu.org.guards import require
from jianfu.org.models import DataScope, Role, UnitKind
from jianfu.org.views.common import paginate

from ..models import Kind, LedgerEntry
from ..reconcile.selectors import (
    GROUP_COUNTY,
    GROUP_HIGHER,
    GROUP_TOWNSHIP,
    GROUP_UNKNOWN,
    received_by_sender,
    section_totals,
)
from ..reconcile.service import ReconcileResult, reconcile_run

SENDER_KINDS = {UnitKind.COUNTY, UnitKind.DEPARTMENT}


@dataclass
class Scope:
    county_wide: bool
    points: set[int] = field(default_factory=set)
    senders: set[int] = field(default_factory=set)


def _scope(user) -> Scope:
    if user.scope == DataScope.COUNTY and user.role != Role.SYSADMIN:
        return Scope(True)
    scope = Scope(False)
    for pk, kind, is_point in visible_units(user).values_list("pk", "kind", "is_observation_point"):
        if is_point:
            scope.points.add(pk)
        if kind in SENDER_KINDS:
            scope.senders.add(pk)
    return scope


def _period(request) -> tuple[date, date, list[str]]:
    """`from` / `to` from the query string; by default the latest year that has ledger lines
    (this year once it has any), up to today."""
    today = timezone.localdate()
    latest = (
        (
            LedgerEntry.objects.filter(county_id=request.user.county_id, date__lte=today).aggregate(
                latest=Max("date")
            )["latest"]
        )
        or today
    )
    year_end = min(today, date(latest.year, 12, 31))
    errors: list[str] = []
    values = {}
    for key, default in (("from", date(latest.year, 1, 1)), ("to", year_end)):
        raw = request.GET.get(key, "").strip()
        try:
            values[key] = date.fromisoformat(raw) if raw else default
        except ValueError:
            errors.append(_("日期格式应为 YYYY-MM-DD：%(value)s") % {"value": raw})
            values[key] = default
    if values["from"] > values["to"]:
        errors.append(_("起始日期不能晚于截止日期。"))
        values["from"], values["to"] = values["to"], values["from"]
    return values["from"], values["to"], errors


def _unfiled_rows(result: ReconcileResult, keep, linkable: bool = True) -> list[dict]:
    """Rows for the unfiled tables; `linkable` when the user may open the township's line."""
    return [
        {
            "id": u.id,
            "date": u.date,
            "kind": u.kind,
            "point": result.name(u.unit_id),
            "sender": result.name(u.counterpart_unit_id) or u.counterpart,
            "counterpart": u.counterpart,
            "title": u.title,
            "linkable": linkable,
        }
        for u in result.unfiled
        if keep(u)
    ]


@dataclass
class Runs:
    """The reconciliation runs a user's scope needs: the county, or their points and senders."""

    county: ReconcileResult | None = None
    points: ReconcileResult | None = None
    senders: ReconcileResult | None = None


def _runs(county, scope: Scope, date_from: date, date_to: date) -> Runs:
    if scope.county_wide:
        return Runs(county=reconcile_run(county, date_from, date_to))
    runs = Runs()
    if scope.points:
        runs.points = reconcile_run(county, date_from, date_to, point_ids=scope.points)
    if scope.senders:
        runs.senders = reconcile_run(county, date_from, date_to, sender_ids=scope.senders)
    return runs


def _unfiled_in_scope(runs: Runs, scope: Scope) -> list[dict]:
    """Unfiled lines the user may see: at their points, or charged to their units as sender."""
    if runs.county is not None:
        return _unfiled_rows(runs.county, lambda u: True)
    rows: list[dict] = []
    if runs.points is not None:
        rows += _unfiled_rows(runs.points, lambda u: True)
    if runs.senders is not None:
        seen = {r["id"] for r in rows}
        rows += _unfiled_rows(
            runs.senders,
            lambda u: u.counterpart_unit_id in scope.senders and u.id not in seen,
            linkable=False,  # the township's line, outside a sender's data scope
        )
    return rows


DRILL_KINDS = (
    ("documents", Kind.RECEIVED_DOC),
    ("meetings", Kind.ATTENDED),
    ("inspections", Kind.INSPECTED),
)


def _drill(base: dict[str, str], sender_ids: list[int | None]) -> dict[str, str]:
    """The ledger list behind each count of "what reached me": the point's received lines of
    one kind in the period whose counterpart is one of the senders (None: not recognised)."""
    senders = ",".join(dict.fromkeys("none" if pk is None else str(pk) for pk in sender_ids))
    url = reverse("ledgers:index")
    return {
        name: f"{url}?{urlencode({**base, 'counterpart_unit': senders, 'kind': kind})}"
        for name, kind in DRILL_KINDS
    }


def _county_or_404(request):
    if not request.user.county_id:
        raise Http404
    return request.user.county


@require("reconcile.view")
@require_GET
def reconcile_home(request):
    county = _county_or_404(request)
    scope = _scope(request.user)
    date_from, date_to, errors = _period(request)
    context = {
        "date_from": date_from,
        "date_to": date_to,
        "errors": errors,
        "county_wide": scope.county_wide,
        "querystring": f"from={date_from.isoformat()}&to={date_to.isoformat()}",
    }
    runs = _runs(county, scope, date_from, date_to)
    if runs.county is not None:
        context["sender_rows"] = runs.county.sender_summary()
        context["totals"] = {
            "matches": len(runs.county.matches),
            "unfiled": len(runs.county.unfiled),
            "unreceived": len(runs.county.unreceived),
        }
    if scope.points:
        sections = received_by_sender(county, scope.points, date_from, date_to)
        base = {"from": date_from.isoformat(), "to": date_to.isoformat()}
        if len(scope.points) == 1:
            base["unit"] = str(next(iter(scope.points)))
        for rows in sections.values():
            for row in rows:
                row.links = _drill(base, [row.unit_id])
        context["sections"] = [
            (
                label,
                sections[key],
                {
                    **section_totals(sections[key]),
                    "links": _drill(base, [row.unit_id for row in sections[key]]),
                },
            )
            for key, label in (
                (GROUP_COUNTY, _("县级机关和部门")),
                (GROUP_HIGHER, _("上级")),
                (GROUP_TOWNSHIP, _("乡镇")),
                (GROUP_UNKNOWN, _("未识别来文单位")),
            )
            if sections[key]
        ]
    if runs.senders is not None:
        context["sender_rows"] = [
            row for row in runs.senders.sender_summary() if row["unit"].id in scope.senders
        ]
    unfiled = _unfiled_in_scope(runs, scope)
    context.update(paginate(request, unfiled))
    context["unfiled_total"] = len(unfiled)
    return render(request, "ledgers/reconcile.html", context)


@require("reconcile.view")
@require_GET
def reconcile_sender(request, pk: int):
    """One sender unit: what reached the observation points, what did not, what was unfiled."""
    county = _county_or_404(request)
    scope = _scope(request.user)
    if not scope.county_wide and pk not in scope.senders:
        raise Http404
    unit = county.units.filter(pk=pk, kind__in=SENDER_KINDS).first()
    if unit is None:
        raise Http404
    date_from, date_to, errors = _period(request)
    result = reconcile_run(county, date_from, date_to, sender_ids={pk})
    matches = [
        {"id": m.sender_id, "receiver": result.name(m.receiver_unit_id),
         "receiver_id": m.receiver_id, "method": m.method, "score": m.score, "kind": m.kind,
         "title": m.title, "date": m.date}
        for m in result.matches
    ]  # fmt: skip
    unreceived = [
        {"id": u.id, "point": result.name(u.unit_id), "kind": u.kind, "title": u.title,
         "date": u.date}
        for u in result.unreceived
    ]  # fmt: skip
    unfiled = _unfiled_rows(
        result, lambda u: u.counterpart_unit_id == pk, linkable=scope.county_wide
    )
    context = {
        "unit": unit,
        "date_from": date_from,
        "date_to": date_to,
        "errors": errors,
        "matches": matches,
        # what reached the points can be thousands of rows (a notice to every township): paged
        "received": paginate(request, matches),
        "unreceived": unreceived,
        "unfiled": unfiled,
        "sent": result.sent_count.get(pk, 0),
        "querystring": f"from={date_from.isoformat()}&to={date_to.isoformat()}",
    }
    return render(request, "ledgers/reconcile_sender.html", context)


@require("reconcile.view")
@require_GET
def reconcile_unfiled_export(request):
    county = _county_or_404(request)
    scope = _scope(request.user)
    date_from, date_to, _errors = _period(request)
    rows = _unfiled_in_scope(_runs(county, scope, date_from, date_to), scope)
    headers = [_("观测点"), _("日期"), _("类别"), _("来文单位"), _("标题"), _("台账条目编号")]
    content = xlsx_bytes(
        headers,
        ([r["point"], r["date"], r["kind"], r["sender"], r["title"], r["id"]] for r in rows),
        sheet_title=_("未报备"),
        title=_("未报备事项（%(start)s 至 %(end)s）") % {"start": date_from, "end": date_to},
        widths=[14, 12, 8, 22, 60, 14],
    )
    audit_record(
        request.actor,
        "export",
        object_type="ledgers.reconcile",
        object_repr=_("未报备事项"),
        county_id=county.pk,
        after={"rows": len(rows), "from": date_from.isoformat(), "to": date_to.isoformat()},
    )
    return xlsx_response(content, _("未报备事项_%(start)s_%(end)s.xlsx") % {
        "start": date_from.isoformat(), "end": date_to.isoformat()})  # fmt: skip
