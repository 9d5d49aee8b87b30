"""Request and response schemas of the ledger endpoints (described for the OpenAPI document)."""

from __future__ import annotations

from datetime import date
from typing import Any

from ninja import Field, Schema
from pydantic import ConfigDict

from jianfu.ledgers.models import Kind

MAX_LINES = 1000


def _typed(kind: str, default: Any, description: str, **extra: Any) -> Any:
    """A line field that takes any JSON value: the server checks each line itself and reports
    a value of the wrong type as that line's error (with `?partial=true` the others are stored),
    never as a refusal of the whole request. The OpenAPI document still gives its type."""
    return Field(default, description=description, json_schema_extra={"type": kind}, **extra)


class LineIn(Schema):
    """One ledger line as an OA system sends it. Values are checked line by line by the server,
    so that every bad line is reported with its index (and `?partial=true` can store the rest)."""

    model_config = ConfigDict(
        json_schema_extra={
            "required": ["kind", "date", "title"],
            "description": "一条台账条目。服务器逐条校验：有错的条目连同下标、字段和收到的值"
            "一并列出，加 ?partial=true 时其余条目照常登记。",
        }
    )

    kind: Any = _typed(
        "string", "", "类别：收文、发文、参会、办会、受检、督查 之一（必填）", examples=["收文"]
    )
    date: Any = _typed("string", "", "日期，格式 YYYY-MM-DD（必填）", examples=["2025-03-18"])
    title: Any = _typed(
        "string",
        "",
        "标题（文件标题、会议名称或检查事项），最长 500 字（必填）",
        examples=["关于做好春耕生产工作的通知"],
    )
    counterpart: Any = _typed(
        "string", "", "对方单位（来文单位、主办单位、实施单位或发往单位），可写全称、简称或别名"
    )
    doc_no: Any = _typed("string", "", "文号，如 县农发〔2025〕12号；没有可不填")
    genre: Any = _typed("string", "", "文种（通知、方案、简报……）；不填则由标题识别")
    meeting_form: Any = _typed("string", "", "会议形式（现场、视频、电视电话……）")
    duration_minutes: Any = _typed("integer", None, "会议或检查时长（分钟），0 到 10080 的整数")
    inspection_type: Any = _typed("string", "", "检查类型（督查、检查、考核、调研……）")
    materials_requested: Any = _typed("boolean", None, "是否要求提供材料")
    remarks: Any = _typed("string", "", "备注，最长 500 字")
    external_id: Any = _typed("string", "", "OA 系统中的编号，原样保存并在读取时返回，最长 128 字")


class PushIn(Schema):
    unit: str = Field(
        "",
        description="单位编码。以单位令牌推送时可省略（只能是令牌所属单位）；以登录会话推送时必填",
    )
    lines: list[LineIn] = Field(
        ...,
        description=f"台账条目，每次 1 到 {MAX_LINES} 条",
        # Documented for clients (R10); the endpoint itself answers 422 with a Chinese message.
        json_schema_extra={"minItems": 1, "maxItems": MAX_LINES},
    )


class LineError(Schema):
    index: int | None = Field(None, description="出错条目在 lines 中的下标（从 0 开始）")
    field: str = Field(..., description="出错字段")
    value: str = Field("", description="收到的值")
    message: str = Field(..., description="错误说明")


class PushedEntry(Schema):
    index: int = Field(..., description="条目在 lines 中的下标")
    id: int = Field(..., description="台账条目编号（重复条目为台账中已有条目的编号）")
    status: str = Field(..., description="created：新登记；duplicate：台账中已有，未重复登记")
    counted: bool = Field(..., description="是否计入统计")
    rule: str = Field(..., description="决定统计结果的规则编码")
    reason: str = Field(..., description="统计结果的理由")


class PushOut(Schema):
    received: int = Field(..., description="收到的条目数")
    created: int = Field(..., description="新登记的条目数")
    duplicates: int = Field(..., description="重复（台账中已有或本批重复）的条目数")
    errors: list[LineError] = Field(..., description="全部出错条目；默认有错时一条也不登记")
    entries: list[PushedEntry] = Field(..., description="已登记或判为重复的条目及其统计结果")


class SourceOut(Schema):
    batch: int | None = Field(None, description="导入批次编号（Excel 导入的条目）")
    sheet: str = Field("", description="工作表名")
    row: int | None = Field(None, description="Excel 行号（从 1 开始，含标题行）")


class EntryOut(Schema):
    id: int = Field(..., description="台账条目编号")
    unit: str = Field(..., description="单位编码")
    kind: str = Field(..., description="类别：收文、发文、参会、办会、受检、督查")
    date: str = Field(..., description="日期 YYYY-MM-DD")
    counterpart: str = Field(..., description="对方单位（原样）")
    counterpart_unit: str | None = Field(None, description="识别出的对方单位编码；未识别为 null")
    doc_no: str = Field(..., description="规范化后的文号，没有为空串")
    title: str = Field(..., description="标题")
    genre: str = Field(..., description="文种")
    counted: bool = Field(..., description="是否计入统计")
    quota_charged: bool = Field(..., description="是否占用数额")
    category: str = Field(..., description="统计类别")
    rule: str = Field(..., description="规则编码")
    reason: str = Field(..., description="理由")
    channel: str = Field(..., description="来源：form、import、api、demo")
    external_id: str = Field("", description="OA 系统中的编号（接口推送的条目）")
    source: SourceOut


class EntryPage(Schema):
    count: int = Field(..., description="符合条件的条目总数")
    limit: int
    offset: int
    entries: list[EntryOut]


class Message(Schema):
    detail: str = Field(..., description="说明")


class ErrorsOut(Schema):
    detail: str = Field(..., description="说明")
    errors: list[LineError] = Field(default_factory=list, description="逐项错误")


class EntryFilter(Schema):
    unit: str = Field("", description="单位编码；令牌调用可省略（只能是令牌所属单位）")
    date_from: date | None = Field(None, alias="from", description="起始日期 YYYY-MM-DD（含）")
    date_to: date | None = Field(None, alias="to", description="截止日期 YYYY-MM-DD（含）")
    kind: Kind | None = Field(None, description="类别")
    counted: bool | None = Field(None, description="是否计入统计")
    limit: int = Field(100, ge=1, le=1000, description="每页条数，最多 1000")
    offset: int = Field(0, ge=0, le=10**9, description="跳过的条数")
