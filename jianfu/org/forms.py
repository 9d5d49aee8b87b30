"""Forms for the unit and user pages. They only collect input; services decide and validate."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import BUSINESS_ROLES, DataScope, Role, Unit, UnitKind

TEXT = {"class": "text"}


def apply_errors(form: forms.Form, renames: dict[str, str], exc: ValidationError) -> None:
    """Put a service's field-keyed errors next to the form's fields (others at the top).

    `renames` maps a service's field name to the form's (`password` → `password1`).
    """
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            name = renames.get(field, field)
            for message in errors:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


class UnitForm(forms.Form):
    code = forms.CharField(
        label=_("编码"), max_length=32, help_text=_("本县内唯一，如 QH-NY；导入时按编码更新单位")
    )
    name = forms.CharField(label=_("单位名称"), max_length=128, help_text=_("单位全称"))
    short_name = forms.CharField(label=_("简称"), max_length=64, required=False)
    kind = forms.ChoiceField(label=_("类型"), choices=[("", "——"), *UnitKind.choices])
    system = forms.CharField(label=_("系统"), max_length=64, required=False)
    area = forms.CharField(label=_("片区"), max_length=64, required=False)
    is_observation_point = forms.BooleanField(
        label=_("观测点"), required=False, help_text=_("乡镇（街道）作为数据观测点")
    )
    is_pilot = forms.BooleanField(label=_("试点"), required=False)
    is_active = forms.BooleanField(
        label=_("启用"),
        required=False,
        initial=True,
        help_text=_("停用的单位不再出现在新建用户的单位列表中，历史数据保留"),
    )
    parent = forms.ModelChoiceField(
        label=_("上级单位"), queryset=Unit.objects.none(), required=False, empty_label=_("（无）")
    )
    aliases = forms.CharField(
        label=_("别名"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("台账中出现的其他叫法，多个用、或逗号分隔，如：县委办、中共青河县委办公室"),
    )

    def __init__(self, *args, county=None, unit: Unit | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = Unit.objects.filter(county=county).order_by("kind", "code")
        if unit is not None:
            queryset = queryset.exclude(pk=unit.pk)
        self.fields["parent"].queryset = queryset
        self.fields["kind"].error_messages["required"] = _("请选择单位类型。")
        self.fields["code"].error_messages["required"] = _("请填写单位编码。")
        self.fields["name"].error_messages["required"] = _("请填写单位名称。")


def business_role_choices() -> list[tuple[str, str]]:
    return [("", "——")] + [(r.value, r.label) for r in Role if r in BUSINESS_ROLES]


class UserForm(forms.Form):
    display_name = forms.CharField(label=_("姓名"), max_length=64)
    role = forms.ChoiceField(
        label=_("角色"),
        choices=business_role_choices,
        help_text=_("管理员角色只能由运维人员在命令行设置（三员分立）"),
    )
    unit = forms.ModelChoiceField(label=_("所在单位"), queryset=Unit.objects.none())
    data_scope = forms.ChoiceField(
        label=_("数据范围"),
        required=False,
        choices=[("", _("按角色默认"))] + [c for c in DataScope.choices if c[0] != "none"],
    )
    assigned_units = forms.ModelMultipleChoiceField(
        label=_("分管单位"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("督导组成员或分管领导负责的单位；按住 Ctrl 多选"),
    )
    title = forms.CharField(label=_("职务"), max_length=64, required=False)
    phone = forms.CharField(label=_("电话"), max_length=32, required=False)
    email = forms.EmailField(label=_("电子邮箱"), required=False)

    def __init__(self, *args, county=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(county=county, is_active=True).order_by("kind", "code")
        self.fields["unit"].queryset = units
        self.fields["assigned_units"].queryset = units
        self.fields["assigned_units"].widget.attrs["size"] = 6
        self.fields["display_name"].error_messages["required"] = _("请填写姓名。")
        self.fields["role"].error_messages["required"] = _("请选择角色。")
        self.fields["unit"].error_messages["required"] = _("请选择所在单位。")


class PasswordFields(forms.Form):
    password1 = forms.CharField(
        label=_("新密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("至少 8 位，包含大小写字母、数字、符号中的三类"),
    )
    password2 = forms.CharField(
        label=_("确认密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("password1")
            and data.get("password2")
            and data["password1"] != data["password2"]
        ):
            self.add_error("password2", _("两次输入的密码不一致。"))
        return data


class UserCreateForm(UserForm, PasswordFields):
    username = forms.CharField(
        label=_("用户名"), max_length=150, help_text=_("登录用，字母、数字或 @.+-_")
    )
    field_order = [
        "username",
        "display_name",
        "role",
        "unit",
        "data_scope",
        "assigned_units",
        "title",
        "phone",
        "email",
        "password1",
        "password2",
    ]


class UnitImportForm(forms.Form):
    file = forms.FileField(
        label=_("单位名录文件"), help_text=_("Excel（.xlsx）或 CSV（UTF-8 或 GBK），不超过 5 MB")
    )
