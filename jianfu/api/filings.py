"""Filing endpoints for OA systems: file an item (checks run; optionally submit it), read its
status and checks, list the unit's items, and check an item without storing it (DESIGN.md 5.8).

A unit's token files and reads only its own unit's items; another unit's item is 404.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router

from jianfu.filings.models import Filing, ItemKind, Status
from jianfu.filings.services.checks import item_check
from jianfu.filings.services.item_input import ItemInvalid
from jianfu.filings.services.items import filing_create
from jianfu.org.access import has_perm, restrict
from jianfu.org.guards import api_permission

from .auth import Caller, caller_of, ledger_auth
from .schemas import ErrorsOut, Message
from .schemas_filings import (
    CheckResultOut,
    FileIn,
    FilingFilter,
    FilingOut,
    FilingPage,
    ItemIn,
    dump_item,
)

router = Router(auth=ledger_auth(), tags=["报备"])
MAX_ID = 2**63 - 1
TOKEN_ACTIONS = frozenset({"filing.view", "filing.submit"})


def _may(caller: Caller, action: str) -> bool:
    if caller.token is not None:
        return action in TOKEN_ACTIONS
    return has_perm(caller.user, action)


def _errors(exc: ItemInvalid):
    errors = [{"index": None, "field": f, "value": "", "message": m} for f, m in exc.errors]
    return 400, {"detail": _("事项内容不合格。"), "errors": errors}


def _unit(caller: Caller, code: str):
    if caller.token is None and not code:
        return None
    return caller.unit_for(code)


def filing_out(f: Filing, submit_error: str = "") -> dict:
    return {
        "id": f.pk,
        "unit": f.unit.code,
        "kind": f.kind,
        "title": f.title,
        "date": f.date.isoformat(),
        "status": f.status,
        "status_label": str(Status(f.status).label),
        "version": f.version,
        "reg_no": f.reg_no,
        "verify_code": f.verify_code,
        "checks": f.checks or [],
        "submit_error": submit_error,
    }


def _submit(caller: Caller, filing: Filing) -> tuple[Filing, str]:
    try:
        from jianfu.filings.services.workflow import filing_submit
    except ImportError:  # the workflow belongs to another part of issue 4
        return filing, _("暂不支持提交")
    try:
        filing = filing_submit(actor=caller.actor, filing=filing) or filing
    except PermissionDenied:
        filing.refresh_from_db()
        return filing, _("无权提交")
    except (ValidationError, ValueError) as exc:
        messages = getattr(exc, "messages", None) or [str(exc)]
        filing.refresh_from_db()
        return filing, "；".join(str(m) for m in messages)
    filing.refresh_from_db()
    return filing, ""


@router.post(
    "",
    response={201: FilingOut, 400: ErrorsOut, 403: Message, 404: Message},
    summary="报备事项",
    openapi_extra=api_permission("filing.submit", token=True),
    description=(
        "新建一个报备事项（发文、会议或督检考），保存为草稿并运行全部自动检查，返回检查结果。"
        "`submit: true` 时保存后立即提交审批；须申报的事项未逐项申报等原因不能提交时，"
        "事项仍保存为草稿，`submit_error` 说明原因。"
    ),
)
def file_item(request: HttpRequest, payload: FileIn):
    caller = caller_of(request)
    if not _may(caller, "filing.submit"):
        return 403, {"detail": _("无权执行此操作")}
    unit = _unit(caller, payload.unit)
    if unit is None:
        return 404, {"detail": _("未找到该单位")}
    try:
        filing = filing_create(actor=caller.actor, unit=unit, data=dump_item(payload))
    except ItemInvalid as exc:
        return _errors(exc)
    error = ""
    if payload.submit:
        filing, error = _submit(caller, filing)
    return 201, filing_out(filing, error)


@router.post(
    "/check",
    response={200: CheckResultOut, 400: ErrorsOut, 403: Message, 404: Message},
    summary="检查事项（不保存）",
    openapi_extra=api_permission("filing.view", token=True),
    description="运行报备时的全部自动检查（规格限制、负面清单、数额、年度计划），不保存任何内容。",
)
def check_item(request: HttpRequest, payload: ItemIn):
    caller = caller_of(request)
    if not _may(caller, "filing.view"):
        return 403, {"detail": _("无权执行此操作")}
    unit = _unit(caller, payload.unit)
    if unit is None:
        return 404, {"detail": _("未找到该单位")}
    try:
        return 200, item_check(dump_item(payload), unit.county, unit)
    except ItemInvalid as exc:
        return _errors(exc)


def _scoped(caller: Caller):
    queryset = Filing.objects.select_related("unit").filter(deleted_at__isnull=True)
    if caller.token is not None:
        return queryset.filter(unit_id=caller.token.unit_id)
    return restrict(queryset, caller.user)


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


@router.get(
    "",
    response={200: FilingPage, 403: Message, 404: Message},
    summary="查询报备事项",
    openapi_extra=api_permission("filing.view", token=True),
    description="调用方可见的报备事项（令牌只能查询本单位），按计划日期倒序分页返回。",
)
def list_items(request: HttpRequest, filters: Query[FilingFilter]):
    caller = caller_of(request)
    if not _may(caller, "filing.view"):
        return 403, {"detail": _("无权执行此操作")}
    queryset = _scoped(caller)
    if filters.unit:
        target = caller.unit_for(filters.unit)
        if target is None:
            return 404, {"detail": _("未找到该单位")}
        queryset = queryset.filter(unit_id=target.pk)
    if filters.kind in ItemKind.values:
        queryset = queryset.filter(kind=filters.kind)
    if filters.status in Status.values:
        queryset = queryset.filter(status=filters.status)
    if _day(filters.date_from):
        queryset = queryset.filter(date__gte=_day(filters.date_from))
    if _day(filters.date_to):
        queryset = queryset.filter(date__lte=_day(filters.date_to))
    total = queryset.count()
    page = queryset.order_by("-date", "-id")[filters.offset : filters.offset + filters.limit]
    return 200, {
        "count": total,
        "limit": filters.limit,
        "offset": filters.offset,
        "filings": [filing_out(f) for f in page],
    }


@router.get(
    "/{filing_id}",
    response={200: FilingOut, 403: Message, 404: Message},
    summary="读取报备事项",
    openapi_extra=api_permission("filing.view", token=True),
    description="一个报备事项的状态、登记编号和检查结果；不在调用方范围内的事项返回 404。",
)
def get_item(request: HttpRequest, filing_id: int = Path(..., description="报备事项编号")):
    caller = caller_of(request)
    if not _may(caller, "filing.view"):
        return 403, {"detail": _("无权执行此操作")}
    filing = _scoped(caller).filter(pk=filing_id).first() if 0 < filing_id <= MAX_ID else None
    if filing is None:
        return 404, {"detail": _("未找到该报备事项")}
    return 200, filing_out(filing)
