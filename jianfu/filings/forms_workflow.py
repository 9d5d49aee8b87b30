"""Forms of the workflow pages: a decision at a stage (with the tightening fields), archiving,
an edit after approval, and the approval routes."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import FilingAttachment, StageRole
from .services.workflow import MERGE
from .workflow_rules import PASS, REJECT, RETURN, TIGHTEN

SPLIT = re.compile(r"[、,，;；\s]+")


def split_codes(text: str) -> list[str]:
    return [part for part in SPLIT.split(text or "") if part]


class DecisionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    action = forms.ChoiceField(
        choices=[
            (PASS, _("同意")),
            (RETURN, _("退回修改")),
            (REJECT, _("不予同意")),
            (TIGHTEN, _("压减规格后同意")),
            (MERGE, _("合并至其他事项")),
        ]
    )
    merge_into = forms.TypedChoiceField(
        label=_("合并至"), required=False, coerce=int, empty_value=None, choices=[("", "—")]
    )
    comment = forms.CharField(
        label=_("审批意见"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    duration_minutes = forms.IntegerField(
        label=_("压减后时长（分钟）"), required=False, min_value=1
    )
    expected_attendance = forms.IntegerField(label=_("压减后参会人数"), required=False, min_value=1)
    meeting_form = forms.ChoiceField(
        label=_("改为会议形式"),
        required=False,
        choices=[("", "—"), ("视频", _("视频")), ("电视电话", _("电视电话"))],
    )
    days = forms.IntegerField(label=_("压减后天数"), required=False, min_value=1)
    targets = forms.CharField(
        label=_("压减后检查对象（单位编码，以顿号分隔）"), required=False, max_length=1000
    )

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {c.pk: c for c in candidates}
        self.fields["merge_into"].choices = [("", "—")] + [
            (c.pk, f"{c.reg_no or _('待审批')} · {c.date:%Y-%m-%d} · {c.title}") for c in candidates
        ]

    def clean(self):
        data = super().clean()
        if data.get("action") == MERGE and not data.get("merge_into"):
            self.add_error("merge_into", _("请选择要合并到的事项。"))
        return data

    def merge_target(self):
        return self.candidates.get(self.cleaned_data.get("merge_into"))

    def changes(self, kind: str) -> dict:
        data = self.cleaned_data
        wanted: dict = {}
        if kind == "meeting":
            for name in ("duration_minutes", "expected_attendance", "meeting_form"):
                if data.get(name):
                    wanted[name] = data[name]
        if kind == "inspection":
            if data.get("days"):
                wanted["days"] = data["days"]
            if data.get("targets"):
                wanted["targets"] = split_codes(data["targets"])
        return wanted


class ArchiveForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    actual_date = forms.DateField(
        label=_("实际日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    actual_duration_minutes = forms.IntegerField(
        label=_("实际时长（分钟）"), required=False, min_value=1
    )
    actual_attendance = forms.IntegerField(label=_("实际参会人数"), required=False, min_value=1)
    actual_targets = forms.CharField(
        label=_("实际检查对象（单位编码，以顿号分隔）"), required=False, max_length=1000
    )
    actual_days = forms.IntegerField(label=_("实际天数"), required=False, min_value=1)
    note = forms.CharField(
        label=_("备案说明"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    file_normative = forms.FileField(label=_("规范性文件 / 文件正文"), required=False)
    file_materials = forms.FileField(label=_("会议材料"), required=False)
    file_report = forms.FileField(label=_("督查报告"), required=False)
    file_other = forms.FileField(label=_("其他材料"), required=False)

    FILE_PURPOSES = {
        "file_normative": FilingAttachment.Purpose.NORMATIVE,
        "file_materials": FilingAttachment.Purpose.MATERIALS,
        "file_report": FilingAttachment.Purpose.REPORT,
        "file_other": FilingAttachment.Purpose.OTHER,
    }

    def __init__(self, *args, kind: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind != "meeting":
            for name in ("actual_duration_minutes", "actual_attendance", "file_materials"):
                del self.fields[name]
        if kind != "inspection":
            for name in ("actual_targets", "actual_days", "file_report"):
                del self.fields[name]
        if kind == "meeting":
            self.fields["actual_duration_minutes"].required = True

    def clean(self):
        data = super().clean()
        if not any(data.get(name) for name in self.FILE_PURPOSES if name in self.fields):
            raise forms.ValidationError(
                _("备案须上传至少一个文件（规范性文件、会议材料或督查报告）。")
            )
        return data


class EditApprovedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("标题"), max_length=500)
    date = forms.DateField(
        label=_("计划日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    duration_minutes = forms.IntegerField(label=_("计划时长（分钟）"), required=False, min_value=1)
    expected_attendance = forms.IntegerField(label=_("预计参会人数"), required=False, min_value=1)
    days = forms.IntegerField(label=_("天数"), required=False, min_value=1)
    targets = forms.CharField(label=_("检查对象（单位编码，以顿号分隔）"), required=False)
    comment = forms.CharField(
        label=_("修改理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, kind: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if kind != "meeting":
            del self.fields["duration_minutes"], self.fields["expected_attendance"]
        if kind != "inspection":
            del self.fields["days"], self.fields["targets"]

    def changes(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version"), data.pop("comment")
        if "targets" in data:
            data["targets"] = split_codes(data["targets"])
        return data


class RouteForm(forms.Form):
    unit_kind = forms.CharField(widget=forms.HiddenInput)
    item_kind = forms.CharField(widget=forms.HiddenInput)
    stage1 = forms.ChoiceField(label=_("第一环节"), choices=StageRole.choices)
    stage2 = forms.ChoiceField(
        label=_("第二环节"), required=False, choices=[("", "—"), *StageRole.choices]
    )
    stage3 = forms.ChoiceField(
        label=_("第三环节"), required=False, choices=[("", "—"), *StageRole.choices]
    )

    def roles(self) -> list[str]:
        return [
            self.cleaned_data[f"stage{k}"] for k in (1, 2, 3) if self.cleaned_data.get(f"stage{k}")
        ]
