"""The permission matrix (R6), generated from the code: every URL pattern of the web UI and every
operation of the REST API, with the permission it names and the roles that permission reaches.

Web views name their permission through `require(...)` / `public` (jianfu/org/guards.py); API
operations through `openapi_extra={"x-permission": ..., "x-token": bool}`, which also shows in
the OpenAPI document. Nothing here lists URLs: a new page or operation appears by itself, and
`problems()` names every one that decides nothing. `jianfu permissions_matrix` writes the table
to docs/permissions.md; `--check` fails when that file is out of date.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

from jianfu.org.access import PERMISSIONS
from jianfu.org.models import Role

PUBLIC = "public"
API_PREFIX = "api/"


@dataclass(frozen=True)
class Entry:
    kind: str  # "web" or "api"
    name: str  # URL name (namespace:name) or "METHOD /api/v1/path"
    route: str
    permission: str | None
    token: bool = False  # API: whether a unit's OA token may call it
    view: object = None

    def allowed(self, role: str) -> bool:
        if self.permission == PUBLIC:
            return True
        roles = PERMISSIONS.get(self.permission or "")
        return bool(roles) and role in roles


def _walk(patterns, prefix: str = "", namespace: str = ""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            ns = ":".join(filter(None, [namespace, pattern.namespace or ""]))
            yield from _walk(pattern.url_patterns, route, ns)
        elif isinstance(pattern, URLPattern):
            name = ":".join(filter(None, [namespace, pattern.name or ""]))
            yield route, name, pattern.callback


def web_entries() -> list[Entry]:
    skip = (API_PREFIX, settings.STATIC_URL.lstrip("/"), "media/")
    return [
        Entry("web", name, route, getattr(view, "jianfu_permission", None), view=view)
        for route, name, view in _walk(get_resolver().url_patterns)
        if not route.startswith(skip)
    ]


def ninja_apis() -> list:
    """The django-ninja API objects mounted in the URLconf (found through their schema view)."""
    found = []
    for _route, _name, view in _walk(get_resolver().url_patterns):
        target = view
        while target is not None and not isinstance(target, partial):
            target = getattr(target, "__wrapped__", None)
        api = target.keywords.get("api") if isinstance(target, partial) else None
        if api is not None and api not in found:
            found.append(api)
    return found


def api_entries() -> list[Entry]:
    entries = []
    for api in ninja_apis():
        schema = api.get_openapi_schema()
        for path, item in schema["paths"].items():
            for method, operation in item.items():
                entries.append(
                    Entry(
                        "api",
                        f"{method.upper()} {path}",
                        path,
                        operation.get("x-permission"),
                        token=bool(operation.get("x-token", False)),
                    )
                )
    return entries


def all_entries() -> list[Entry]:
    return web_entries() + api_entries()


def problems() -> list[str]:
    """Every URL or operation without a decision, or naming a permission that does not exist."""
    found = []
    for entry in all_entries():
        if entry.permission is None:
            how = "require()/public" if entry.kind == "web" else 'openapi_extra "x-permission"'
            found.append(f"{entry.kind} {entry.name or entry.route}: no {how}")
        elif entry.permission != PUBLIC and entry.permission not in PERMISSIONS:
            found.append(f"{entry.kind} {entry.name}: unknown permission {entry.permission!r}")
    return found


ROLES = list(Role)


def render_markdown() -> str:
    head = ["地址", "权限"] + [str(role.label) for role in ROLES]
    lines = [
        "# 权限矩阵 (permission matrix, R6)",
        "",
        "由 `jianfu permissions_matrix` 从代码生成，请勿手工修改；",
        "`jianfu permissions_matrix --check` 在测试中核对本文件是否最新。",
        "✓ 表示该角色可以使用；数据范围（本单位、本单位及下级、全县、联系单位）",
        "另由 `jianfu/org/access.py` 限定，范围以外的对象一律返回 404。",
        "公开（public）地址不需登录。接口一节的“令牌”列表示单位接口令牌（OA 系统）能否调用。",
        "",
        f"## 网页 ({len(web_entries())})",
        "",
        "| " + " | ".join(["URL 名称", *head]) + " |",
        "| " + " | ".join(["---"] * (len(head) + 1)) + " |",
    ]
    for entry in web_entries():
        cells = [f"`{entry.name}`", f"`/{entry.route}`", f"`{entry.permission}`"]
        cells += ["✓" if entry.allowed(role) else "" for role in ROLES]
        lines.append("| " + " | ".join(cells) + " |")
    api = api_entries()
    lines += [
        "",
        f"## 接口 ({len(api)})",
        "",
        "| " + " | ".join(["操作", "权限", "令牌", *head[2:]]) + " |",
        "| " + " | ".join(["---"] * (len(head) + 1)) + " |",
    ]
    for entry in api:
        cells = [f"`{entry.name}`", f"`{entry.permission}`", "✓" if entry.token else ""]
        cells += ["✓" if entry.allowed(role) else "" for role in ROLES]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
