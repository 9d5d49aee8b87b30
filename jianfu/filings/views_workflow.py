"""Workflow pages: an item's detail with the actions the user may take, the decisions, archiving
and its attachments, the inbox, an edit after approval, and the approval routes. Thin: the
services decide and check; these views translate their refusals into messages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jianfu.org.access import get_visible_or_404, has_perm
from jianfu.org.guards import require
from jianfu.org.models import Unit

from .forms_workflow import ArchiveForm, DecisionForm, EditApprovedForm, RouteForm, split_codes
from .models import EDITABLE_STATUSES, Filing, FilingAttachment, Status
from .selectors.merge import merge_candidates, merged_from, merged_into
from .selectors.workflow import filings_waiting_for
from .services.archive import (
    ArchiveInput,
    Upload,
    attachment_download_record,
    attachment_download_response,
    filing_archive,
)
from .services.checks import check_texts
from .services.codes import verify_code_display
from .services.edit_approved import filing_edit_approved
from .services.stages import (
    approval_route_save,
    may_act_at,
    route_for,
    routes_table,
    stage_at,
)
from .services.workflow import (
    MERGE,
    filing_decide,
    filing_resubmit,
    filing_submit,
    filing_withdraw,
)
from .views_items import STATUS_TAGS


def _filing(request, pk: int) -> Filing:
    return get_visible_or_404(
        Filing.objects.select_related("unit", "plan_item", "created_by").filter(
            deleted_at__isnull=True
        ),
        request.user,
        pk=pk,
    )


def _unit_names(county_id: int, codes: list[str]) -> str:
    names = dict(
        Unit.objects.filter(county_id=county_id, code__in=codes).values_list("code", "name")
    )
    return "、".join(names.get(code, code) for code in codes)


@require("filing.view")
@require_GET
def filing_detail(request, pk: int):
    filing = _filing(request, pk)
    user = request.user
    stages = route_for(filing)
    stage = stage_at(stages, filing.stage_order) if filing.status == Status.PENDING else None
    can_decide = may_act_at(user, filing, stage)
    can_submit = has_perm(user, "filing.submit")
    texts = check_texts(filing.unit.county)
    context = {
        "filing": filing,
        "status_tag": STATUS_TAGS.get(filing.status, "tag-grey"),
        "stages": stages,
        "stage": stage,
        "checks": filing.checks,
        "check_texts": texts,
        "declarations": [
            {"code": code, "text": texts.get(code, ""), **(v if isinstance(v, dict) else {"ok": v})}
            for code, v in (filing.declarations or {}).items()
        ],
        "decisions": filing.decisions.select_related("actor").order_by("at", "id"),
        "attachments": filing.attachments.order_by("uploaded_at", "id"),
        "targets": _unit_names(filing.county_id, filing.targets or []),
        "actual_targets": _unit_names(filing.county_id, filing.actual_targets or []),
        "can_decide": can_decide,
        "decision_form": DecisionForm(
            initial={"version": filing.version}, candidates=merge_candidates(filing)
        )
        if can_decide
        else None,
        "merged_into": merged_into(filing),
        "merged_from": merged_from(filing),
        "can_submit": can_submit and filing.status in EDITABLE_STATUSES,
        "can_edit": can_submit and filing.status in EDITABLE_STATUSES,
        # the originating unit takes its own item back; the county office decides instead
        "can_withdraw": can_submit
        and filing.status == Status.PENDING
        and user.unit_id == filing.unit_id,
        "can_archive": has_perm(user, "filing.archive") and filing.status == Status.APPROVED,
        "can_edit_approved": can_submit and filing.status == Status.APPROVED,
        "code": verify_code_display(filing.verify_code),
        "has_code": bool(filing.reg_no) and filing.status in (Status.APPROVED, Status.ARCHIVED),
    }
    return render(request, "filings/detail.html", context)


def _refused(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _version(request) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


@require("filing.submit")
@require_POST
def filing_submit_view(request, pk: int):
    filing = _filing(request, pk)
    seen = _version(request)
    try:
        if filing.status == Status.DRAFT:
            filing_submit(actor=request.actor, filing=filing, seen_version=seen)
        else:
            filing_resubmit(actor=request.actor, filing=filing, seen_version=seen)
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(
            request,
            _("已提交报备，等待“%(stage)s”。")
            % {"stage": stage_at(route_for(filing), filing.stage_order).name},
        )
    return redirect("filings:detail", pk=filing.pk)


@require("filing.submit")
@require_POST
def filing_withdraw_view(request, pk: int):
    filing = _filing(request, pk)
    try:
        filing_withdraw(
            actor=request.actor,
            filing=filing,
            seen_version=_version(request),
            comment=request.POST.get("comment", "")[:2000],
        )
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("已撤回，可修改后重新提交。"))
    return redirect("filings:detail", pk=filing.pk)


@require("filing.view")
@require_POST
def filing_decide_view(request, pk: int):
    filing = _filing(request, pk)
    form = DecisionForm(request.POST, candidates=merge_candidates(filing))
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label or ''}{'：' if label else ''}{'；'.join(errors)}")
        return redirect("filings:detail", pk=filing.pk)
    action = form.cleaned_data["action"]
    try:
        filing_decide(
            actor=request.actor,
            filing=filing,
            seen_version=form.cleaned_data["version"],
            action=action,
            comment=form.cleaned_data["comment"],
            changes=form.changes(filing.kind) if action == "tighten" else None,
            merge_into=form.merge_target() if action == MERGE else None,
        )
    except PermissionDenied:
        messages.error(request, _("您不是该事项当前环节的办理人。"))
    except ValidationError as exc:
        _refused(request, exc)
    else:
        done = {
            "pass": _("已同意。"),
            "tighten": _("已压减规格并同意。"),
            "return": _("已退回修改。"),
            "reject": _("已不予同意。"),
            MERGE: _("已合并办理。"),
        }[action]
        if filing.status == Status.APPROVED:
            done = _("已批准，登记编号 %(reg_no)s。") % {"reg_no": filing.reg_no}
        messages.success(request, done)
    return redirect("filings:detail", pk=filing.pk)


@require("filing.view")
@require_GET
def inbox(request):
    items = filings_waiting_for(request.user)
    can_routes = has_perm(request.user, "filing.review")
    context = {"items": items, "status_tag": STATUS_TAGS, "can_routes": can_routes}
    return render(request, "filings/inbox.html", context)


@require("filing.archive")
@require_http_methods(["GET", "POST"])
def filing_archive_view(request, pk: int):
    filing = _filing(request, pk)
    if filing.status != Status.APPROVED:
        messages.error(request, _("只有已批准的事项才能备案。"))
        return redirect("filings:detail", pk=filing.pk)
    initial = {
        "version": filing.version,
        "actual_date": filing.date,
        "actual_duration_minutes": filing.duration_minutes,
        "actual_days": filing.days,
        "actual_targets": "、".join(filing.targets or []),
    }
    form = ArchiveForm(
        request.POST or None, request.FILES or None, kind=filing.kind, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        uploads = [
            Upload(purpose, data[name].name, data[name].read())
            for name, purpose in ArchiveForm.FILE_PURPOSES.items()
            if data.get(name)
        ]
        actual = ArchiveInput(
            actual_date=data["actual_date"],
            actual_duration_minutes=data.get("actual_duration_minutes"),
            actual_attendance=data.get("actual_attendance"),
            actual_targets=split_codes(data.get("actual_targets", "")),
            actual_days=data.get("actual_days"),
            note=data.get("note", ""),
        )
        try:
            filing_archive(
                actor=request.actor,
                filing=filing,
                actual=actual,
                files=uploads,
                seen_version=data["version"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if filing.differences:
                messages.warning(
                    request,
                    _("已备案。与批准内容不符 %(n)s 项，已记录。") % {"n": len(filing.differences)},
                )
            else:
                messages.success(request, _("已备案。"))
            return redirect("filings:detail", pk=filing.pk)
    return render(request, "filings/archive_form.html", {"filing": filing, "form": form})


@require("filing.view")
@require_GET
def attachment_download(request, pk: int):
    attachment = get_visible_or_404(
        FilingAttachment.objects.select_related("filing"), request.user, "filing__unit", pk=pk
    )
    try:
        response = attachment_download_response(attachment)
    except OSError as exc:  # FileNotFoundError included
        raise Http404 from exc
    attachment_download_record(actor=request.actor, attachment=attachment)
    return response


@require("filing.submit")
@require_http_methods(["GET", "POST"])
def filing_edit_approved_view(request, pk: int):
    filing = _filing(request, pk)
    if filing.status != Status.APPROVED:
        messages.error(request, _("只有已批准的事项需要走批准后修改。"))
        return redirect("filings:detail", pk=filing.pk)
    initial = {
        "version": filing.version,
        "title": filing.title,
        "date": filing.date,
        "duration_minutes": filing.duration_minutes,
        "expected_attendance": filing.expected_attendance,
        "days": filing.days,
        "targets": "、".join(filing.targets or []),
    }
    form = EditApprovedForm(request.POST or None, kind=filing.kind, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            filing_edit_approved(
                actor=request.actor,
                filing=filing,
                seen_version=form.cleaned_data["version"],
                changes=form.changes(),
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已提交修改，需重新审批。"))
            return redirect("filings:detail", pk=filing.pk)
    return render(request, "filings/edit_approved.html", {"filing": filing, "form": form})


@require("filing.review")
@require_http_methods(["GET", "POST"])
def approval_routes(request):
    county = request.user.county
    if county is None:
        raise Http404
    if request.method == "POST":
        form = RouteForm(request.POST)
        if form.is_valid():
            try:
                approval_route_save(
                    actor=request.actor,
                    county=county,
                    unit_kind=form.cleaned_data["unit_kind"],
                    item_kind=form.cleaned_data["item_kind"],
                    roles=form.roles(),
                )
            except ValidationError as exc:
                _refused(request, exc)
            else:
                messages.success(request, _("审批路线已保存。"))
        else:
            messages.error(request, _("请选择每个环节的办理角色。"))
        return redirect("filings:routes")
    rows = routes_table(county)
    for row in rows:
        roles = [s.role for s in row["stages"]] + ["", "", ""]
        row["form"] = RouteForm(
            auto_id=False,
            initial={
                "unit_kind": row["unit_kind"],
                "item_kind": row["item_kind"],
                "stage1": roles[0],
                "stage2": roles[1],
                "stage3": roles[2],
            },
        )
    return render(request, "filings/routes.html", {"rows": rows, "can_routes": True})
