"""Forms of the supervision pages. Findings are repeatable rows read from the POST lists
`finding_text` / `finding_severity` (see views/visits.py), not a Django formset."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jianfu.org.models import Role, Unit, UnitKind, User

from .models import SupervisionGroup
from .selectors.scope import groups_of


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (the view reads them with `request.FILES.getlist`)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


DATE_ERRORS = {"invalid": _("请输入有效日期，例如 2025-06-01")}


class VisitForm(forms.Form):
    group = forms.ModelChoiceField(
        label=_("督导组"), queryset=SupervisionGroup.objects.none(), empty_label=None
    )
    unit = forms.ModelChoiceField(
        label=_("被督导单位"),
        queryset=Unit.objects.none(),
        error_messages={"required": _("请选择被督导单位")},
    )
    date = forms.DateField(
        label=_("督导日期"),
        widget=DateInput(),
        error_messages={**DATE_ERRORS, "required": _("请填写督导日期")},
    )
    members_present = forms.ModelMultipleChoiceField(
        label=_("参加人员"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    checked = forms.CharField(
        label=_("督导内容"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("检查了什么：如发文报备、会议精简、督查检查计划执行、台账记录等"),
        error_messages={"required": _("请填写督导内容（检查了什么）")},
    )
    summary = forms.CharField(
        label=_("总体情况"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        groups = groups_of(user)
        self.fields["group"].queryset = groups
        self.fields["unit"].queryset = (
            Unit.objects.filter(supervision_groups__in=groups).distinct().order_by("kind", "code")
        )
        self.fields["members_present"].queryset = (
            User.objects.filter(
                Q(supervision_groups__in=groups) | Q(led_supervision_groups__in=groups),
                is_active=True,
            )
            .distinct()
            .order_by("username")
        )


class TaskForm(forms.Form):
    title = forms.CharField(
        label=_("整改事项"), max_length=200, required=False, help_text=_("留空则用问题描述")
    )
    requirement = forms.CharField(
        label=_("整改要求"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    deadline = forms.DateField(
        label=_("整改期限"),
        widget=DateInput(),
        error_messages={**DATE_ERRORS, "required": _("请填写整改期限")},
    )
    responsible_user = forms.ModelChoiceField(
        label=_("责任人（本单位账号）"), queryset=User.objects.none(), required=False
    )
    responsible_name = forms.CharField(label=_("或填写责任人姓名"), max_length=64, required=False)

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_user"].queryset = User.objects.filter(
            unit=unit, is_active=True, role__in=[Role.CLERK, Role.LEADER]
        ).order_by("role", "username")

    def clean(self):
        data = super().clean()
        if not data.get("responsible_user") and not (data.get("responsible_name") or "").strip():
            self.add_error("responsible_name", _("请选择责任人，或填写责任人姓名"))
        return data


class ResponseForm(forms.Form):
    text = forms.CharField(
        label=_("整改情况"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("请填写整改情况")},
    )
    files = MultipleFileField(
        label=_("佐证材料"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.jpg,.jpeg,.png"}),
        help_text=_("PDF、Word(.docx)、Excel(.xlsx)、JPG、PNG，单个不超过 10 MB，最多 5 个"),
    )


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label=_("核验意见"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class GroupForm(forms.Form):
    name = forms.CharField(label=_("督导组名称"), max_length=64)
    leader = forms.ModelChoiceField(label=_("组长"), queryset=User.objects.none(), required=False)
    members = forms.ModelMultipleChoiceField(
        label=_("成员"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    systems = forms.MultipleChoiceField(
        label=_("联系系统（部门）"), required=False, widget=forms.CheckboxSelectMultiple
    )
    areas = forms.MultipleChoiceField(
        label=_("联系片区（乡镇）"), required=False, widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(label=_("备注"), max_length=255, required=False)

    def __init__(self, *args, county_id, **kwargs):
        super().__init__(*args, **kwargs)
        inspectors = User.objects.filter(
            county_id=county_id, role=Role.INSPECTOR, is_active=True
        ).order_by("username")
        self.fields["leader"].queryset = inspectors
        self.fields["members"].queryset = inspectors
        units = Unit.objects.filter(county_id=county_id, is_active=True)
        systems = units.filter(kind=UnitKind.DEPARTMENT).exclude(system="")
        areas = units.filter(kind=UnitKind.TOWNSHIP).exclude(area="")
        self.fields["systems"].choices = [
            (s, s) for s in systems.order_by("system").values_list("system", flat=True).distinct()
        ]
        self.fields["areas"].choices = [
            (a, a) for a in areas.order_by("area").values_list("area", flat=True).distinct()
        ]
