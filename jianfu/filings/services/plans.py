"""Annual meeting and inspection plans (年度会议计划 / 督检考计划): plan items one by one and a
plan imported from Excel (all rows or none, every bad row named)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jianfu.core.actor import Actor
from jianfu.core.audit import AuditEntry, audit_record, audit_record_many, model_snapshot
from jianfu.core.excel import MAX_UPLOAD_BYTES, TableFileError, read_table, xlsx_bytes
from jianfu.org.access import has_perm, visible_units
from jianfu.org.models import Unit
from jianfu.rules.item_checks import similar_subject

from ..models import ItemKind, PlanItem

PLAN_FIELDS = (
    "unit_id",
    "year",
    "kind",
    "code",
    "title",
    "month",
    "targets",
    "comprehensive",
    "approved",
)
TEMPLATE_HEADERS = ("计划编号", "类别", "名称", "计划月份", "对象", "综合性", "已审定")
KIND_WORDS = {
    "会议": ItemKind.MEETING,
    "督检考": ItemKind.INSPECTION,
    "督查检查考核": ItemKind.INSPECTION,
    "meeting": ItemKind.MEETING,
    "inspection": ItemKind.INSPECTION,
}
YES = ("是", "1", "true", "True", "Y", "y", "√")


def _check(actor: Actor, unit: Unit) -> None:
    user = actor.user
    if user is None:
        return
    if not has_perm(user, "plan.manage") or not visible_units(user).filter(pk=unit.pk).exists():
        raise PermissionDenied


def plan_for_item(unit: Unit, fields: dict) -> PlanItem | None:
    """The plan item an input item names by code, or (a meeting "in_plan") matches by title."""
    code = fields.get("plan_item_code")
    plans = PlanItem.objects.filter(county_id=unit.county_id, unit=unit)
    if code:
        return plans.filter(code=code).first()
    if fields.get("in_plan") and fields.get("date"):
        for plan in plans.filter(year=fields["date"].year, kind=fields["kind"], approved=True):
            if similar_subject(plan.title, fields["title"]):
                return plan
    return None


def _validate(unit: Unit, data: dict, instance: PlanItem | None = None) -> dict:
    errors: dict[str, str] = {}
    code = str(data.get("code") or "").strip()[:32]
    title = str(data.get("title") or "").strip()[:255]
    kind = data.get("kind")
    year = data.get("year")
    month = data.get("month")
    if not code:
        errors["code"] = _("计划编号必填。")
    if not title:
        errors["title"] = _("名称必填。")
    if kind not in (ItemKind.MEETING, ItemKind.INSPECTION):
        errors["kind"] = _("类别应为会议或督检考。")
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        errors["year"] = _("年度无效。")
    if month in ("", None):
        month = None
    elif not isinstance(month, int) or not 1 <= month <= 12:
        errors["month"] = _("计划月份应为1到12。")
    clash = PlanItem.objects.filter(county_id=unit.county_id, code=code)
    if instance is not None:
        clash = clash.exclude(pk=instance.pk)
    if code and clash.exists():
        errors["code"] = _("计划编号“%(code)s”已被使用。") % {"code": code}
    if errors:
        raise ValidationError(errors)
    return {
        "code": code,
        "title": title,
        "kind": kind,
        "year": year,
        "month": month,
        "targets": str(data.get("targets") or "").strip()[:255],
        "comprehensive": bool(data.get("comprehensive")),
        "approved": bool(data.get("approved")),
    }


@transaction.atomic
def plan_item_create(*, actor: Actor, unit: Unit, data: dict) -> PlanItem:
    _check(actor, unit)
    plan = PlanItem.objects.create(county_id=unit.county_id, unit=unit, **_validate(unit, data))
    audit_record(actor, "create", plan, after=model_snapshot(plan, PLAN_FIELDS))
    return plan


@transaction.atomic
def plan_item_update(*, actor: Actor, plan: PlanItem, data: dict) -> PlanItem:
    _check(actor, plan.unit)
    before = model_snapshot(plan, PLAN_FIELDS)
    for name, value in _validate(plan.unit, data, plan).items():
        setattr(plan, name, value)
    plan.save()
    audit_record(actor, "update", plan, before=before, after=model_snapshot(plan, PLAN_FIELDS))
    return plan


@transaction.atomic
def plan_item_delete(*, actor: Actor, plan: PlanItem) -> None:
    _check(actor, plan.unit)
    if plan.filings.exists():
        raise ValidationError(_("已有报备事项关联该计划事项，不能删除。"), code="linked")
    audit_record(actor, "delete", plan, before=model_snapshot(plan, PLAN_FIELDS))
    plan.delete()


def plan_template() -> bytes:
    example = [
        ("2025-NY-01", "会议", "全县春季农业生产工作推进会", 3, "各乡镇（街道）", "否", "是"),
        ("2025-NY-02", "督检考", "高标准农田建设督查", 6, "河口乡、城关镇", "否", "是"),
    ]
    return xlsx_bytes(
        TEMPLATE_HEADERS, example, sheet_title=_("年度计划"), widths=(14, 8, 40, 10, 24, 8, 8)
    )


def _cell(row: list, i: int) -> str:
    value = row[i] if i < len(row) else ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value if value is not None else "").strip()


@transaction.atomic
def plan_import(*, actor: Actor, unit: Unit, year: int, content: bytes, filename: str) -> int:
    """Import plan items from a workbook (the template's columns); all rows or none.

    Raises ValidationError listing each bad row (第N行：…). Returns the number of items stored.
    """
    _check(actor, unit)
    if len(content) > MAX_UPLOAD_BYTES:
        raise ValidationError(_("文件过大（上限5MB）。"))
    try:
        sheets = read_table(content, filename)
    except TableFileError as exc:
        raise ValidationError(str(exc)) from exc
    rows = sheets[0].rows if sheets else []
    header_at = next(
        (i for i, r in enumerate(rows[:10]) if "计划编号" in [_cell(r, j) for j in range(len(r))]),
        None,
    )
    if header_at is None:
        raise ValidationError(_("未找到表头“计划编号”，请使用下载的模板。"))
    header = [_cell(rows[header_at], j) for j in range(len(rows[header_at]))]
    col = {name: header.index(name) for name in TEMPLATE_HEADERS if name in header}
    if "名称" not in col or "类别" not in col:
        raise ValidationError(_("表头缺少“类别”或“名称”列，请使用下载的模板。"))
    errors, plans, seen = [], [], set()
    for number, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        values = {name: _cell(row, i) for name, i in col.items()}
        if not any(values.values()):
            continue
        month = values.get("计划月份", "")
        data = {
            "code": values.get("计划编号", ""),
            "kind": KIND_WORDS.get(values.get("类别", "")),
            "title": values.get("名称", ""),
            "year": year,
            "month": int(month) if month.isdigit() else (month or None),
            "targets": values.get("对象", ""),
            "comprehensive": values.get("综合性", "") in YES,
            "approved": values.get("已审定", "") in YES,
        }
        try:
            if data["code"] in seen:
                raise ValidationError({"code": _("计划编号在文件中重复。")})
            seen.add(data["code"])
            plans.append(PlanItem(county_id=unit.county_id, unit=unit, **_validate(unit, data)))
        except ValidationError as exc:
            detail = "；".join(m for msgs in exc.message_dict.values() for m in msgs)
            errors.append(_("第%(row)d行：%(detail)s") % {"row": number, "detail": detail})
    if errors:
        raise ValidationError(errors)
    if not plans:
        raise ValidationError(_("文件中没有计划事项。"))
    PlanItem.objects.bulk_create(plans)
    audit_record_many(
        actor,
        [
            AuditEntry(
                action="import",
                object_type="filings.planitem",
                object_repr=filename[:200],
                county_id=unit.county_id,
                after={"unit": unit.code, "year": year, "items": len(plans)},
            )
        ],
    )
    return len(plans)
