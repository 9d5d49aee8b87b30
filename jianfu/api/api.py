"""The REST API (django-ninja): OpenAPI document at /api/v1/openapi.json, docs at /api/v1/docs."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import NinjaAPI, Schema
from ninja.security import SessionAuth

from jianfu.org.access import has_perm, visible_units

api = NinjaAPI(
    title="Jianfu API",
    version="1",
    description="减负监测平台接口：供 OA 系统推送事项与台账、读取状态。",
    auth=SessionAuth(),
    urls_namespace="api",
)


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


@api.get("/me", response=MeOut, tags=["账户"], summary="当前用户")
def me(request: HttpRequest):
    user = request.auth
    return MeOut(
        username=user.username,
        name=str(user),
        role=user.role,
        unit=user.unit.code if user.unit_id else None,
        county=user.county.code if user.county_id else None,
    )


@api.get("/units", response={200: list[UnitOut], 403: dict}, tags=["单位"], summary="单位列表")
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
)
def unit_detail(request: HttpRequest, code: str):
    """One unit by its code; 404 when it is outside the caller's data scope (or does not exist)."""
    user = request.auth
    if not has_perm(user, "unit.view"):
        return 403, {"detail": "无权访问"}
    unit = visible_units(user).select_related("parent").filter(code=code).first()
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
