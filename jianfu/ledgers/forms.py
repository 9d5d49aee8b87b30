"""Forms of the ledger pages: the fast entry form and the import upload."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .classify import LineInput
from .models import Kind, LedgerEntry
from .workbook import parse_date

# Fields that only some kinds have: shown for those kinds (ledgers.js), accepted for any.
KIND_FIELDS = {
    "genre": "收文 发文",
    "meeting_form": "参会 办会",
    "duration_minutes": "参会 办会",
    "inspection_type": "受检 督查",
    "materials_requested": "受检 督查",
}
YES_NO = (("", _("未填写")), ("1", _("是")), ("0", _("否")))


class TypedDateField(forms.CharField):
    """A date typed the way clerks type it (2025-08-07, 2025.8.7, 2025年8月7日, 20250807)."""

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        parsed = parse_date(text)
        if isinstance(parsed, str):
            raise forms.ValidationError(parsed, code="invalid")
        return parsed

    def prepare_value(self, value):
        if isinstance(value, dt.date):
            return value.isoformat()
        return value


class LedgerEntryForm(forms.Form):
    """One ledger line. Only the date and the title are required."""

    unit = forms.ModelChoiceField(label=_("单位"), queryset=None, empty_label=None)
    kind = forms.ChoiceField(label=_("类别"), choices=Kind.choices, initial=Kind.RECEIVED_DOC)
    date = TypedDateField(
        label=_("日期"),
        help_text=_("可直接输入 2025-08-07、2025.8.7 或 2025年8月7日"),
        error_messages={"required": _("请填写日期，例如 2025-08-07。")},
    )
    counterpart = forms.CharField(
        label=_("对方单位"),
        required=False,
        max_length=255,
        help_text=_("来文、主办、检查单位或主送、参会单位；可输入全称、简称或别名"),
    )
    doc_no = forms.CharField(label=_("文号"), required=False, max_length=128)
    title = forms.CharField(
        label=_("标题"),
        max_length=500,
        error_messages={"required": _("请填写标题（文件标题、会议名称或事项名称）。")},
    )
    genre = forms.CharField(label=_("文种"), required=False, max_length=32)
    meeting_form = forms.CharField(
        label=_("会议形式"),
        required=False,
        max_length=32,
        help_text=_("现场、视频或电视电话"),
    )
    duration_minutes = forms.IntegerField(
        label=_("时长（分钟）"),
        required=False,
        min_value=1,
        max_value=24 * 60,
        error_messages={
            "invalid": _("请填写整数分钟数，例如 90。"),
            "min_value": _("时长至少 1 分钟。"),
            "max_value": _("时长不能超过 1440 分钟（一天）。"),
        },
    )
    inspection_type = forms.CharField(
        label=_("检查类型"),
        required=False,
        max_length=32,
        help_text=_("督查、检查、考核、调研或暗访"),
    )
    materials_requested = forms.ChoiceField(label=_("要求提供材料"), required=False, choices=YES_NO)
    remarks = forms.CharField(
        label=_("备注"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        if units.count() == 1:
            self.fields["unit"].disabled = True
            self.fields["unit"].initial = units.first()
        if not self.is_bound and "date" not in self.initial:
            self.initial["date"] = timezone.localdate().isoformat()
        self.fields["counterpart"].widget.attrs.update(
            {"list": "counterpart-names", "autocomplete": "off", "data-counterpart": ""}
        )
        for name, kinds in KIND_FIELDS.items():
            self.fields[name].widget.attrs["data-kinds"] = kinds
        self.fields["title"].widget.attrs["size"] = 48
        self.fields["date"].widget.attrs.update({"placeholder": "2025-08-07", "size": 16})

    def line(self) -> LineInput:
        data = self.cleaned_data
        materials = {"1": True, "0": False}.get(data.get("materials_requested") or "")
        return LineInput(
            kind=data["kind"],
            date=data["date"],
            title=data["title"].strip(),
            counterpart=data["counterpart"].strip(),
            doc_no=data["doc_no"].strip(),
            genre=data["genre"].strip(),
            meeting_form=data["meeting_form"].strip(),
            duration_minutes=data["duration_minutes"],
            inspection_type=data["inspection_type"].strip(),
            materials_requested=materials,
            remarks=data["remarks"].strip(),
        )

    @staticmethod
    def initial_from(entry: LedgerEntry) -> dict:
        materials = {True: "1", False: "0"}.get(entry.materials_requested, "")
        return {
            "unit": entry.unit,
            "kind": entry.kind,
            "date": entry.date.isoformat(),
            "counterpart": entry.counterpart,
            "doc_no": entry.doc_no,
            "title": entry.title,
            "genre": entry.genre,
            "meeting_form": entry.meeting_form,
            "duration_minutes": entry.duration_minutes,
            "inspection_type": entry.inspection_type,
            "materials_requested": materials,
            "remarks": entry.remarks,
        }


class LedgerImportForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("单位"), queryset=None, empty_label=None)
    file = forms.FileField(
        label=_("台账文件"),
        help_text=_(
            "支持 .xlsx、.xls、.ods、.csv；可直接上传本单位现有的台账表格，不必改成模板格式"
        ),
        error_messages={"required": _("请选择要导入的台账文件。")},
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        if units.count() == 1:
            self.fields["unit"].disabled = True
            self.fields["unit"].initial = units.first()
        self.fields["file"].widget.attrs["accept"] = ".xlsx,.xlsm,.xls,.ods,.csv,.tsv,.txt"
