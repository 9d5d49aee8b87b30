"""Forms of the learning pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jianfu.ledgers.forms import TypedDateField
from jianfu.org.models import Unit

from .faq import KINDS
from .files import MAX_FILE_BYTES
from .models import DocLevel, PolicyDocument, StudyForm, TrainingKind

DATE_HELP = _("可直接输入 2025-08-07、2025.8.7 或 2025年8月7日")


def date_field(label, **kwargs) -> TypedDateField:
    return TypedDateField(
        label=label,
        help_text=DATE_HELP,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("请填写日期，例如 2025-08-07。")},
        **kwargs,
    )


class PolicyDocumentForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=300)
    level = forms.ChoiceField(label=_("层级"), choices=DocLevel.choices)
    issuer = forms.CharField(label=_("发布机关"), max_length=128, required=False)
    doc_no = forms.CharField(label=_("文号"), max_length=128, required=False)
    date = date_field(_("发布日期"))
    summary = forms.CharField(
        label=_("摘要"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    tags = forms.CharField(
        label=_("标签"), max_length=200, required=False, help_text=_("多个标签用、分隔")
    )
    is_core = forms.BooleanField(
        label=_("必学文件"), required=False, help_text=_("学习全覆盖按必学文件统计")
    )
    is_criteria = forms.BooleanField(label=_("统计口径解释"), required=False)
    file = forms.FileField(
        label=_("文件"),
        required=False,
        help_text=_("PDF、Word（.docx）或文本（.txt），不超过 %(mb)d MB")
        % {"mb": MAX_FILE_BYTES // (1024 * 1024)},
    )

    def __init__(self, *args, county_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.county_id = county_id

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if PolicyDocument.objects.filter(county_id=self.county_id, title=title).exists():
            raise forms.ValidationError(_("资料汇编中已有同名文件。"))
        return title


LEVEL_CHOICES = (
    ("department", _("县直部门")),
    ("county", _("县级机关")),
    ("township", _("乡镇（街道）")),
    ("higher", _("上级机关")),
    ("unknown", _("未识别")),
)
MATERIALS_CHOICES = (("", _("未填写")), ("1", _("是")), ("0", _("否")))


class FaqEntryForm(forms.Form):
    question = forms.CharField(label=_("问题"), max_length=200)
    kind = forms.ChoiceField(label=_("示例台账类别"), choices=[(k, k) for k in KINDS])
    title = forms.CharField(label=_("示例标题"), max_length=300)
    level = forms.ChoiceField(label=_("发起单位级别"), choices=LEVEL_CHOICES)
    counterpart = forms.CharField(label=_("对方单位"), max_length=128, required=False)
    genre = forms.CharField(label=_("文种"), max_length=16, required=False)
    meeting_form = forms.CharField(label=_("会议形式"), max_length=16, required=False)
    inspection_type = forms.CharField(label=_("检查类型"), max_length=16, required=False)
    materials = forms.ChoiceField(
        label=_("是否要求提供材料"), choices=MATERIALS_CHOICES, required=False
    )
    note = forms.CharField(
        label=_("补充说明"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def sample(self) -> dict:
        data = self.cleaned_data
        materials = {"1": True, "0": False}.get(data.get("materials") or "")
        return {
            "kind": data["kind"],
            "title": data["title"],
            "level": data["level"],
            "counterpart": data.get("counterpart", ""),
            "genre": data.get("genre", ""),
            "meeting_form": data.get("meeting_form", ""),
            "inspection_type": data.get("inspection_type", ""),
            "materials": materials,
        }


class StudyRecordForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("单位"), queryset=Unit.objects.none(), empty_label=None)
    person_name = forms.CharField(label=_("姓名"), max_length=64)
    is_leader = forms.BooleanField(label=_("处级领导"), required=False)
    form = forms.ChoiceField(label=_("学习形式"), choices=StudyForm.choices)
    topic = forms.CharField(label=_("学习内容"), max_length=300)
    document = forms.ModelChoiceField(
        label=_("学习文件"),
        queryset=PolicyDocument.objects.none(),
        required=False,
        empty_label=_("（不关联资料汇编中的文件）"),
    )
    date = date_field(_("学习日期"))
    hours = forms.DecimalField(
        label=_("学时"), min_value=0.5, max_value=100, decimal_places=1, initial=2
    )

    def __init__(self, *args, units=None, documents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()
        if documents is not None:
            self.fields["document"].queryset = documents


class UploadForm(forms.Form):
    file = forms.FileField(label=_("文件"))


class TrainingForm(forms.Form):
    topic = forms.CharField(label=_("培训主题"), max_length=200)
    kind = forms.ChoiceField(label=_("培训类型"), choices=TrainingKind.choices)
    date = date_field(_("培训日期"))
    place = forms.CharField(label=_("地点"), max_length=128, required=False)
    description = forms.CharField(
        label=_("内容安排"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    units = forms.ModelMultipleChoiceField(
        label=_("邀请单位"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units if units is not None else Unit.objects.none()


class InviteForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("单位"), queryset=Unit.objects.none())
    person_name = forms.CharField(label=_("参训人员"), max_length=64, required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()


class PilotMeasureForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("试点单位"), queryset=Unit.objects.none(), empty_label=None
    )
    title = forms.CharField(label=_("改革举措"), max_length=200)
    started = date_field(_("开始日期"))
    description = forms.CharField(
        label=_("具体做法"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()
