"""Request and response schemas of the filing endpoints (the item shape of DESIGN.md 5.8)."""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema
from pydantic import ConfigDict


class AttendeeIn(Schema):
    unit: str = Field(..., description="参会单位，如 各乡镇（街道）")
    level: str = Field(..., description="层级：主要负责同志、分管负责同志、工作人员 之一")


class AgendaIn(Schema):
    item: str = Field(..., description="议程事项")
    minutes: int | None = Field(None, description="分钟")


class DeclarationIn(Schema):
    ok: bool | None = Field(None, description="true：不存在该情形；false：存在该情形")
    note: str = Field("", description="说明")


class ItemIn(Schema):
    """One item: common fields, then the fields of its kind (others are ignored). kind, title
    and date are required; the server checks them (with the rest) after the caller's permission,
    naming every bad field."""

    model_config = ConfigDict(
        json_schema_extra={
            "description": "一件报备事项：共同字段，再加所属类别的字段（其他类别的字段不读）。"
            "kind、title、date 必填；服务器在核对权限后逐项校验，列出每个有误的字段。"
        }
    )

    kind: str = Field("", description="（必填）document 发文、meeting 会议、inspection 督检考")
    unit: str = Field("", description="单位编码；令牌调用可省略（只能是令牌所属单位）")
    title: str = Field("", description="标题或名称（必填）", examples=["全县夏粮收购工作推进会"])
    date: str = Field("", description="计划日期 YYYY-MM-DD（必填）", examples=["2025-06-16"])
    one_off: bool = Field(False, description="一事一报：不在年度计划内，单独报批")
    declarations: dict[str, DeclarationIn] = Field(
        default_factory=dict, description="须人工判断事项的逐项申报：编号 → {ok, note}"
    )
    genre: str = Field("", description="发文：文种")
    issuing_name: str = Field("", description="发文：发文名义")
    doc_no: str = Field("", description="发文：文号")
    recipients: str = Field("", description="发文：主送单位")
    chars: int | None = Field(None, description="发文：字数")
    task_specific: bool = Field(False, description="发文：部署具体工作任务")
    normative: bool = Field(False, description="发文：规范性文件")
    forwards_higher: bool = Field(False, description="发文：转发上级文件")
    text: str = Field("", description="发文：正文（可选）")
    form: str = Field("", description="会议：现场、视频、电视电话")
    convener: str = Field("", description="会议：召集领导")
    convener_level: str = Field("", description="会议：主要负责同志、分管负责同志")
    duration_minutes: int | None = Field(None, description="会议：计划时长（分钟）")
    main_speech_minutes: int | None = Field(None, description="会议：主要讲话时长（分钟）")
    attendees: list[AttendeeIn] = Field(default_factory=list, description="会议：参会人员")
    expected_attendance: int | None = Field(None, description="会议：预计参会人数")
    agenda: list[AgendaIn] = Field(default_factory=list, description="会议：议程")
    comprehensive: bool = Field(False, description="会议：综合性工作会议；督检考：综合性督检考")
    in_plan: bool | None = Field(None, description="会议：申报列入年度会议计划")
    type: str = Field("", description="督检考：督查、检查、考核、调研、暗访")
    items_checked: str = Field("", description="督检考：检查内容")
    targets: list[str] = Field(default_factory=list, description="督检考：检查对象单位编码")
    days: int | None = Field(None, description="督检考：天数")
    materials: list[str] = Field(default_factory=list, description="督检考：要求提供的材料")
    requires_principal: bool = Field(False, description="督检考：要求主要负责同志陪同")
    plan_item: str | None = Field(None, description="会议或督检考：年度计划编号")


class FileIn(ItemIn):
    submit: bool = Field(False, description="true：保存后立即提交审批")


class CheckOut(Schema):
    code: str = Field(..., description="规则编号（L-*、N-*）或 QUOTA")
    result: str = Field(..., description="pass 通过、fail 不通过、declare 须申报")
    reason: str = Field(..., description="理由")


class CheckResultOut(Schema):
    title: str
    checks: list[CheckOut]


class FilingOut(Schema):
    id: int = Field(..., description="报备事项编号")
    unit: str = Field(..., description="单位编码")
    kind: str
    title: str
    date: str
    status: str = Field(
        ...,
        description="状态代码：draft 草稿、pending 待审批、returned 已退回、rejected 已驳回、"
        "withdrawn 已撤回、approved 已批准、archived 已备案",
    )
    status_label: str = Field(..., description="状态（中文）")
    version: int
    reg_no: str = Field("", description="登记编号（批准后）")
    verify_code: str = Field("", description="核验码（批准后）")
    checks: list[CheckOut]
    submit_error: str = Field("", description="submit 为 true 但未能提交时的原因")


class FilingPage(Schema):
    count: int
    limit: int
    offset: int
    filings: list[FilingOut]


class FilingFilter(Schema):
    unit: str = Field("", description="单位编码；令牌调用可省略")
    kind: str = Field("", description="类别：document 发文、meeting 会议、inspection 督检考")
    status: str = Field("", description="状态")
    date_from: str = Field("", description="计划日期起 YYYY-MM-DD")
    date_to: str = Field("", description="计划日期止 YYYY-MM-DD")
    limit: int = Field(50, ge=1, le=500, description="每页条数，最多 500")
    offset: int = Field(0, ge=0, description="跳过前若干条（分页）")


def dump_item(payload: Schema) -> dict[str, Any]:
    data = payload.model_dump()
    data.pop("submit", None)
    return data
