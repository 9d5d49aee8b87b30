"""Answers every operation can give, documented once for all of them (R10: the OpenAPI document
must say what the API really answers): 400 for a request that does not fit the schema, 401 for
a missing or invalid token or session (or a session still waiting for its second factor), 429
when a write is over its rate limit (jianfu/core/ratelimit.py), 403 when a valid token asks an
operation for signed-in people only (api.py `unauthorized`)."""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI

DETAIL = {"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]}
ERRORS = {
    "type": "object",
    "properties": {
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "index": {"anyOf": [{"type": "integer"}, {"type": "null"}]},
                    "field": {"type": "string"},
                    "value": {"type": "string"},
                    "message": {"type": "string"},
                },
            },
        },
    },
    "required": ["detail"],
}
COMMON = {
    "400": ("请求内容不符合接口定义（逐项列出问题）", ERRORS, None),
    "401": ("未登录、令牌无效或尚未完成双因素验证", DETAIL, "auth"),
    "429": ("写入过于频繁，稍后再试（见 Retry-After 响应头）", DETAIL, "write"),
    "403": ("此接口只供网页登录后使用，接口令牌不能访问", DETAIL, "session"),
}
WRITES = frozenset({"post", "put", "patch", "delete"})


def _response(description: str, schema: dict) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


# django-ninja describes the responses an operation declares by their HTTP reason phrase
REASONS = {
    "OK": "成功",
    "Created": "已创建",
    "Bad Request": "请求内容不符合接口定义",
    "Unauthorized": "未登录或令牌无效",
    "Forbidden": "无权访问",
    "Not Found": "未找到，或不在数据范围内",
    "Conflict": "与已有内容冲突（见 detail）",
    "Unprocessable Entity": "内容有误，逐条列出（index、field、value、message）",
    "Too Many Requests": "请求过于频繁",
}


class JianfuAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any):
        schema = super().get_openapi_schema(**kwargs)
        for item in schema["paths"].values():
            for method, operation in item.items():
                responses = operation.setdefault("responses", {})
                for response in responses.values():
                    reason = response.get("description")
                    if reason in REASONS:
                        response["description"] = REASONS[reason]
                for code, (description, body, when) in COMMON.items():
                    if when == "auth" and not operation.get("security"):
                        continue
                    if when == "write" and method not in WRITES:
                        continue
                    security = operation.get("security") or []
                    if when == "session" and (
                        not security or any("TokenAuth" in scheme for scheme in security)
                    ):
                        continue  # a token opens it, or nothing is needed
                    # ninja keys its own responses by int: one key per status, never both
                    if code in responses or int(code) in responses:
                        continue
                    responses[code] = _response(description, body)
        return schema
