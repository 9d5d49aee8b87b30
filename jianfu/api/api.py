"""The REST API (django-ninja): OpenAPI document at /api/v1/openapi.json, docs at /api/v1/docs."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import Path, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import SessionAuth

from jianfu.org.access import has_perm, visible_units
from jianfu.org.guards import api_permission

from .common_responses import JianfuAPI
from .docs import LocalSwagger
from .filings import router as filings_router
from .ledgers import router as ledger_router
from .monitoring import router as monitoring_router
from .tokens import api_token_authenticate

api = JianfuAPI(
    title="Jianfu API",
    version="1",
    description=(
        "减负监测平台接口：供 OA 系统推送事项与台账、读取状态。"
        "OA 系统以单位接口令牌认证（`Authorization: Bearer jf_<前缀>_<密钥>`），"
        "令牌由系统管理员在“接口令牌”页面签发，只能读写所属单位的数据。"
    ),
    auth=SessionAuth(),
    urls_namespace="api",
    docs=LocalSwagger(),
)
api.add_router("/ledger", ledger_router)
api.add_router("/filings", filings_router)
api.add_router("/monitoring", monitoring_router)


# django-ninja's own refusals, said in Chinese (the rest of its HttpErrors carry our messages)
NINJA_MESSAGES = {
    "Cannot parse request body": gettext_noop("请求内容不是有效的 JSON，请检查引号、逗号和括号。"),
    "CSRF check Failed": gettext_noop(
        "以登录会话调用写接口时须带 CSRF 令牌（X-CSRFToken 请求头）。"
    ),
}


@api.exception_handler(HttpError)
def refused(request: HttpRequest, exc: HttpError):
    message = str(exc)
    for english, chinese in NINJA_MESSAGES.items():
        if message.startswith(english):
            message = _(chinese)
            break
    return api.create_response(request, {"detail": message}, status=exc.status_code)


@api.exception_handler(AuthenticationError)
def unauthorized(request: HttpRequest, exc: AuthenticationError):
    # The same answer for a missing, malformed, unknown, revoked or expired token; a valid token
    # on an endpoint for signed-in people only (/me, /units) is told so.
    bearer = request.headers.get("Authorization", "")
    scheme, _sep, token = bearer.partition(" ")
    if scheme.lower() == "bearer" and api_token_authenticate(token.strip()) is not None:
        detail = _(
            "此接口只供网页登录后使用，接口令牌不能访问；"
            "令牌可用于 /ledger、/filings 和 /monitoring 下的接口。"
        )
        return api.create_response(request, {"detail": detail}, status=403)
    return api.create_response(request, {"detail": _("未登录或令牌无效")}, status=401)


@api.exception_handler(ValidationError)
def invalid_request(request: HttpRequest, exc: ValidationError):
    """A request that does not fit the schema: each problem with its place (index, field)."""
    sent = _sent(request)  # read once for every problem's value
    errors = [_schema_error(error, sent) for error in exc.errors]
    body = {"detail": _("请求内容不符合接口定义。"), "errors": errors}
    return api.create_response(request, body, status=400)


def _sent(request: HttpRequest) -> tuple[Any, object]:
    """The query parameters and the parsed JSON body (None when not JSON) of a request."""
    try:
        body: object = json.loads(request.body or b"null")
    except ValueError:
        body = None
    return request.GET, body


def _submitted(sent: tuple[Any, object] | None, place: tuple) -> object:
    """The value the client sent at an error's place (django-ninja drops it from the error):
    a query parameter, or the JSON body's value at that path."""
    if sent is None or not place or place[0] not in ("query", "body"):
        return None
    query, found = sent
    if place[0] == "query":
        return query.get(str(place[-1]))
    for part in place[1:]:
        if part == "payload" and isinstance(found, dict) and "payload" not in found:
            continue
        in_list = isinstance(found, list) and isinstance(part, int) and 0 <= part < len(found)
        if not (in_list or (isinstance(found, dict) and part in found)):
            return None
        found = found[part]  # type: ignore[index]
    return found


def _schema_error(error: dict, sent: tuple[Any, object] | None = None) -> dict:
    loc = [
        part
        for part in error.get("loc", ())
        if part not in ("body", "payload", "query", "header", "path", "filters")
    ]
    index = None
    if len(loc) >= 3 and loc[0] == "lines" and isinstance(loc[1], int):
        index, loc = loc[1], loc[2:]
    place = tuple(error.get("loc", ()))
    value = error["input"] if "input" in error else _submitted(sent, place)
    kind = error.get("type", "")
    message = {
        "missing": _("缺少必填字段。"),
        "int_parsing": _("应为整数。"),
        "int_type": _("应为整数。"),
        "bool_parsing": _("应为 true 或 false。"),
        "bool_type": _("应为 true 或 false。"),
        "string_type": _("应为文本。"),
        "date_from_datetime_parsing": _("日期格式应为 YYYY-MM-DD。"),
        "date_parsing": _("日期格式应为 YYYY-MM-DD。"),
        "list_type": _("应为数组。"),
        "enum": _("取值不在允许范围内。"),
        "json_invalid": _("不是有效的 JSON。"),
    }.get(kind, _("取值无效。"))
    bounds = error.get("ctx") or {}
    if kind in ("less_than_equal", "less_than") and ("le" in bounds or "lt" in bounds):
        message = _("不能大于 %(n)s。") % {"n": bounds.get("le", bounds.get("lt"))}
    elif kind in ("greater_than_equal", "greater_than") and ("ge" in bounds or "gt" in bounds):
        message = _("不能小于 %(n)s。") % {"n": bounds.get("ge", bounds.get("gt"))}
    elif kind == "string_too_long" and "max_length" in bounds:
        message = _("内容过长，最多 %(n)s 个字。") % {"n": bounds["max_length"]}
    return {
        "index": index,
        "field": ".".join(str(part) for part in loc),
        "value": "" if value is None or isinstance(value, dict | list) else str(value)[:200],
        "message": message,
    }


class MeOut(Schema):
    username: str
    name: str
    role: str
    unit: str | None
    county: str | None


class UnitOut(Schema):
    code: str
    name: str
    short_name: str
    kind: str
    system: str
    area: str
    is_observation_point: bool
    is_pilot: bool


@api.get(
    "/me",
    response=MeOut,
    tags=["账户"],
    summary="当前用户",
    description="登录用户的用户名、姓名、角色、所属单位和县（区）编码。只供网页登录会话使用。",
    openapi_extra=api_permission("home.view"),
)
def me(request: HttpRequest):
    user = request.auth
    return MeOut(
        username=user.username,
        name=str(user),
        role=user.role,
        unit=user.unit.code if user.unit_id else None,
        county=user.county.code if user.county_id else None,
    )


@api.get(
    "/units",
    response={200: list[UnitOut], 403: dict},
    tags=["单位"],
    summary="单位列表",
    description="当前用户数据范围内的单位，按编码排列。只供网页登录会话使用。",
    openapi_extra=api_permission("unit.view"),
)
def units(request: HttpRequest):
    user = request.auth
    if not has_perm(user, "unit.view"):
        return 403, {"detail": "无权访问"}
    return 200, list(visible_units(user).order_by("code"))


class UnitDetailOut(UnitOut):
    parent: str | None
    aliases: list[str]
    is_active: bool


@api.get(
    "/units/{code}",
    response={200: UnitDetailOut, 403: dict, 404: dict},
    tags=["单位"],
    summary="单位详情",
    description=(
        "按单位编码查看一个单位；不在当前用户数据范围内或不存在时返回 404。只供网页登录会话使用。"
    ),
    openapi_extra=api_permission("unit.view"),
)
def unit_detail(request: HttpRequest, code: str = Path(..., description="单位编码，如 QH-HK")):
    # One unit by its code; 404 when it is outside the caller's data scope (or does not exist).
    user = request.auth
    if not has_perm(user, "unit.view"):
        return 403, {"detail": "无权访问"}
    found = visible_units(user).select_related("parent").filter(code=code)
    unit = found.first() if "\x00" not in code else None
    if unit is None:
        return 404, {"detail": "未找到该单位"}
    return 200, UnitDetailOut(
        code=unit.code,
        name=unit.name,
        short_name=unit.short_name,
        kind=unit.kind,
        system=unit.system,
        area=unit.area,
        is_observation_point=unit.is_observation_point,
        is_pilot=unit.is_pilot,
        parent=unit.parent.code if unit.parent_id else None,
        aliases=sorted(unit.aliases.values_list("name", flat=True)),
        is_active=unit.is_active,
    )
