"""Ledger endpoints for OA systems: batch push, list and read (DESIGN.md 5.3 field names)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Header, Path, Query, Router

from jianfu.ledgers.models import LedgerEntry
from jianfu.org.access import restrict
from jianfu.org.guards import api_permission

from .auth import Caller, caller_of, ledger_auth
from .push import ledger_push
from .schemas import EntryFilter, EntryOut, EntryPage, ErrorsOut, Message, PushIn, PushOut

router = Router(auth=ledger_auth(), tags=["台账"])

MAX_ID = 2**63 - 1
KEY_HELP = "幂等键：每次新的推送用一个新值（如 UUID），最长 128 字"


def _forbidden() -> dict:
    return {"detail": _("无权执行此操作")}


def _no_unit() -> dict:
    return {"detail": _("未找到该单位")}


@router.post(
    "/entries",
    response={200: PushOut, 400: ErrorsOut, 403: Message, 404: Message, 409: Message, 422: PushOut},
    summary="批量推送台账条目",
    openapi_extra=api_permission("ledger.edit", token=True),
    description=(
        "一次推送最多 1000 条台账条目，服务器逐条校验、按规则集判定是否计入统计，"
        "并给出规则编码和理由。默认任何一条有错则一条也不登记（422，列出全部错误）；"
        "加 `?partial=true` 则登记有效条目并列出其余。"
        "台账中已有（同单位、类别、日期、规范化文号和标题）的条目判为重复，不再登记。"
        "必须带 `Idempotency-Key` 请求头：同一幂等键、同一内容的重复请求返回首次的结果而不再登记；"
        "同一幂等键、不同内容返回 409。"
    ),
)
def push_entries(
    request: HttpRequest,
    payload: PushIn,
    idempotency_key: str = Header(..., alias="Idempotency-Key", description=KEY_HELP),
    partial: bool = Query(False, description="true：只登记有效条目"),
):
    caller = caller_of(request)
    if not caller.may("ledger.edit"):
        return 403, _forbidden()
    key = idempotency_key.strip()
    if not key or len(key) > 128 or not key.isprintable():
        detail = _("Idempotency-Key 请求头应为 1 到 128 个字符。")
        return 400, {"detail": detail, "errors": []}
    if caller.token is None and not payload.unit:
        message = _("以登录会话推送时须填写单位编码。")
        error = {"index": None, "field": "unit", "value": "", "message": message}
        return 400, {"detail": _("请求内容不完整。"), "errors": [error]}
    unit = caller.unit_for(payload.unit)
    if unit is None:
        return 404, _no_unit()
    lines = [line.model_dump() for line in payload.lines]
    result = ledger_push(
        actor=caller.actor, unit=unit, lines=lines, idempotency_key=key, partial=partial
    )
    return result.status, result.body


def _scoped(caller: Caller):
    queryset = LedgerEntry.objects.select_related("unit", "counterpart_unit")
    if caller.token is not None:
        return queryset.filter(unit_id=caller.token.unit_id)
    return restrict(queryset, caller.user)


def entry_out(entry: LedgerEntry) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "unit": entry.unit.code,
        "kind": entry.kind,
        "date": entry.date.isoformat(),
        "counterpart": entry.counterpart,
        # the unit's code, as `ledger_export` gives it (DESIGN.md 5.3)
        "counterpart_unit": entry.counterpart_unit.code if entry.counterpart_unit_id else None,
        "doc_no": entry.doc_no_norm,
        "title": entry.title,
        "genre": entry.genre,
        "counted": entry.counted,
        "quota_charged": entry.quota_charged,
        "category": entry.category,
        "rule": entry.rule,
        "reason": entry.reason,
        "channel": entry.source,
        "external_id": str((entry.extras or {}).get("external_id", "")),
        "source": {"batch": entry.batch_id, "sheet": entry.source_sheet, "row": entry.source_row},
    }


@router.get(
    "/entries",
    response={200: EntryPage, 403: Message, 404: Message},
    summary="查询台账条目",
    openapi_extra=api_permission("ledger.view", token=True),
    description="按单位、日期、类别和是否计入统计查询调用方可见的台账条目（令牌只能查询本单位），分页返回。",
)
def list_entries(request: HttpRequest, filters: Query[EntryFilter]):
    caller = caller_of(request)
    if not caller.may("ledger.view"):
        return 403, _forbidden()
    queryset = _scoped(caller)
    if filters.unit:
        target = caller.unit_for(filters.unit)
        if target is None:
            return 404, _no_unit()
        queryset = queryset.filter(unit_id=target.pk)
    if filters.date_from:
        queryset = queryset.filter(date__gte=filters.date_from)
    if filters.date_to:
        queryset = queryset.filter(date__lte=filters.date_to)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.counted is not None:
        queryset = queryset.filter(counted=filters.counted)
    total = queryset.count()
    offset, limit = filters.offset, filters.limit
    page = queryset.order_by("date", "id")[offset : offset + limit]
    return 200, {
        "count": total,
        "limit": limit,
        "offset": offset,
        "entries": [entry_out(e) for e in page],
    }


@router.get(
    "/entries/{entry_id}",
    response={200: EntryOut, 403: Message, 404: Message},
    summary="读取台账条目",
    openapi_extra=api_permission("ledger.view", token=True),
    description="一条台账条目及其统计结果；不在调用方范围内的条目返回 404。",
)
def get_entry(request: HttpRequest, entry_id: int = Path(..., description="台账条目编号")):
    caller = caller_of(request)
    if not caller.may("ledger.view"):
        return 403, _forbidden()
    entry = _scoped(caller).filter(pk=entry_id).first() if 0 < entry_id <= MAX_ID else None
    if entry is None:
        return 404, {"detail": _("未找到该台账条目")}
    return 200, entry_out(entry)
