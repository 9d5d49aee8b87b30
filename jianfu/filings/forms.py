"""Forms of the 报备关 pages: one item form per kind, quotas, adjustments, plans.

An item form's field names are the input keys of DESIGN.md 5.8 (`form`, `type`, `plan_item` …),
so that `to_data()` hands the service the same dict the API and `check_item` take, and the
service's `ItemInvalid` errors land next to the right field. Attendees and agenda are repeatable
rows posted as parallel lists (attendee_unit / attendee_level, agenda_item / agenda_minutes).
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ItemKind
from .services.item_input import (
    ATTENDEE_LEVELS,
    CONVENER_LEVELS,
    INSPECTION_TYPES,
    MEETING_FORMS,
    ItemInvalid,
)

YES_NO = forms.NullBooleanSelect


def _choices(values: tuple[str, ...], blank: bool = True) -> list[tuple[str, str]]:
    return ([("", "—")] if blank else []) + [(v, v) for v in values]


class ItemForm(forms.Form):
    kind = ItemKind.DOCUMENT
    title = forms.CharField(label=_("标题"), max_length=500)
    date = forms.DateField(
        label=_("计划日期"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    one_off = forms.BooleanField(label=_("一事一报（不在年度计划内，单独报批）"), required=False)

    def __init__(self, *args, rows: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows or {}

    def to_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["kind"] = self.kind
        data["date"] = data["date"].isoformat() if data.get("date") else ""
        return data

    def add_item_errors(self, exc: ItemInvalid) -> None:
        for name, message in exc.errors:
            field = name.split("[")[0].split(".")[0]
            target = field if field in self.fields else None
            self.add_error(target, f"{message}" if target else f"{name}：{message}")


class DocumentForm(ItemForm):
    kind = ItemKind.DOCUMENT
    genre = forms.CharField(
        label=_("文种"),
        max_length=32,
        required=False,
        help_text=_("如 通知、意见、方案；不填时按标题判断"),
    )
    issuing_name = forms.CharField(
        label=_("发文名义"),
        max_length=32,
        required=False,
        help_text=_("以县委、县政府、两办或部门名义"),
    )
    doc_no = forms.CharField(label=_("文号"), max_length=128, required=False)
    recipients = forms.CharField(label=_("主送单位"), max_length=500, required=False)
    chars = forms.IntegerField(
        label=_("字数"), min_value=0, required=False, help_text=_("不填时按正文计算")
    )
    task_specific = forms.BooleanField(label=_("部署具体工作任务"), required=False)
    normative = forms.BooleanField(label=_("规范性文件"), required=False)
    forwards_higher = forms.BooleanField(label=_("转发上级文件"), required=False)
    text = forms.CharField(
        label=_("正文（可选）"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )


class MeetingForm(ItemForm):
    kind = ItemKind.MEETING
    form = forms.ChoiceField(label=_("会议形式"), choices=_choices(MEETING_FORMS))
    convener = forms.CharField(label=_("召集领导"), max_length=64, required=False)
    convener_level = forms.ChoiceField(label=_("召集人层级"), choices=_choices(CONVENER_LEVELS))
    duration_minutes = forms.IntegerField(label=_("计划时长（分钟）"), min_value=1, max_value=1440)
    main_speech_minutes = forms.IntegerField(
        label=_("主要讲话时长（分钟）"), min_value=0, max_value=1440, required=False
    )
    expected_attendance = forms.IntegerField(label=_("预计参会人数"), min_value=0, required=False)
    comprehensive = forms.BooleanField(label=_("综合性工作会议"), required=False)
    plan_item = forms.ChoiceField(label=_("年度会议计划事项"), required=False)

    def __init__(self, *args, plans=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan_item"].choices = [("", _("（不在计划内）"))] + [
            (p.code, f"{p.code} {p.title}") for p in plans
        ]

    def clean(self):
        cleaned = super().clean()
        attendees = [
            {"unit": u.strip(), "level": lvl}
            for u, lvl in zip(
                self.rows.get("attendee_unit", []),
                self.rows.get("attendee_level", []),
                strict=False,
            )
            if u.strip()
        ]
        for row in attendees:
            if row["level"] not in ATTENDEE_LEVELS:
                self.add_error(None, _("参会人员层级无效：%(unit)s") % {"unit": row["unit"]})
        agenda = []
        for item, minutes in zip(
            self.rows.get("agenda_item", []), self.rows.get("agenda_minutes", []), strict=False
        ):
            if item.strip():
                agenda.append({"item": item.strip(), "minutes": minutes.strip() or None})
        cleaned["attendees"] = attendees
        cleaned["agenda"] = agenda
        return cleaned


class InspectionForm(ItemForm):
    kind = ItemKind.INSPECTION
    type = forms.ChoiceField(label=_("检查类型"), choices=_choices(INSPECTION_TYPES))
    items_checked = forms.CharField(
        label=_("检查内容"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    targets = forms.MultipleChoiceField(
        label=_("检查对象"), required=False, widget=forms.CheckboxSelectMultiple
    )
    days = forms.IntegerField(label=_("天数"), min_value=0, max_value=366, required=False)
    materials = forms.CharField(
        label=_("要求提供材料"),
        required=False,
        help_text=_("多项用顿号分隔，如 工作台账、照片；不要求则留空"),
    )
    requires_principal = forms.BooleanField(
        label=_("要求被检查单位主要负责同志陪同"), required=False
    )
    comprehensive = forms.BooleanField(label=_("综合性督检考"), required=False)
    plan_item = forms.ChoiceField(label=_("年度督检考计划事项"), required=False)

    def __init__(self, *args, plans=(), targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan_item"].choices = [("", _("（不在计划内）"))] + [
            (p.code, f"{p.code} {p.title}") for p in plans
        ]
        self.fields["targets"].choices = [(u.code, u.name) for u in targets]

    def to_data(self) -> dict:
        data = super().to_data()
        text = data.get("materials", "").replace("，", "、").replace(",", "、")
        data["materials"] = [m.strip() for m in text.split("、") if m.strip()]
        return data


FORMS = {
    ItemKind.DOCUMENT: DocumentForm,
    ItemKind.MEETING: MeetingForm,
    ItemKind.INSPECTION: InspectionForm,
}


def initial_from_filing(filing) -> tuple[dict, dict]:
    """A stored item as the form's initial values and its repeatable rows."""
    initial = {
        "title": filing.title,
        "date": filing.date,
        "one_off": filing.one_off,
        "genre": filing.genre,
        "issuing_name": filing.issuing_name,
        "doc_no": filing.doc_no,
        "recipients": filing.recipients,
        "chars": filing.chars,
        "task_specific": filing.task_specific,
        "normative": filing.normative,
        "forwards_higher": filing.forwards_higher,
        "text": filing.text,
        "form": filing.meeting_form,
        "convener": filing.convener,
        "convener_level": filing.convener_level,
        "duration_minutes": filing.duration_minutes,
        "main_speech_minutes": filing.main_speech_minutes,
        "expected_attendance": filing.expected_attendance,
        "comprehensive": filing.comprehensive,
        "type": filing.inspection_type,
        "items_checked": filing.items_checked,
        "targets": filing.targets,
        "days": filing.days,
        "materials": "、".join(filing.materials or []),
        "requires_principal": filing.requires_principal,
        "plan_item": filing.plan_item.code if filing.plan_item_id else "",
    }
    rows = {
        "attendees": list(filing.attendees or []),
        "agenda": list(filing.agenda or []),
    }
    return initial, rows


class QuotaForm(forms.Form):
    unit = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(choices=ItemKind.choices)
    amount = forms.IntegerField(label=_("年度数额"), min_value=0, max_value=100_000)


class AdjustmentForm(forms.Form):
    quota = forms.IntegerField(widget=forms.HiddenInput)
    delta = forms.IntegerField(label=_("调整数"), min_value=-10_000, max_value=10_000)
    reason = forms.CharField(label=_("理由"), max_length=500)
    approver = forms.CharField(label=_("批准人"), max_length=150)


class PlanItemForm(forms.Form):
    unit = forms.ChoiceField(label=_("单位"))
    kind = forms.ChoiceField(
        label=_("类别"), choices=[(ItemKind.MEETING, _("会议")), (ItemKind.INSPECTION, _("督检考"))]
    )
    code = forms.CharField(label=_("计划编号"), max_length=32)
    title = forms.CharField(label=_("名称"), max_length=255)
    month = forms.IntegerField(label=_("计划月份"), min_value=1, max_value=12, required=False)
    targets = forms.CharField(label=_("对象"), max_length=255, required=False)
    comprehensive = forms.BooleanField(label=_("综合性"), required=False)
    approved = forms.BooleanField(label=_("已审定"), required=False)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(str(u.pk), u.name) for u in units]


class PlanImportForm(forms.Form):
    unit = forms.ChoiceField(label=_("单位"))
    file = forms.FileField(label=_("Excel 文件"))

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(str(u.pk), u.name) for u in units]
