"""Forms of the rule pages: the try-out (试算) form and the upload of a new version."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jianfu.core.uploads import UploadRefused, check_upload

from .schema import KINDS

LEVEL_CHOICES = [
    ("unknown", _("自动（按对方单位名称判断）")),
    ("county", _("县级机关")),
    ("department", _("县直部门")),
    ("township", _("乡镇（街道）")),
    ("higher", _("上级机关")),
]
MATERIALS_CHOICES = [("", _("未填写")), ("yes", _("是")), ("no", _("否"))]
MAX_UPLOAD_BYTES = 1024 * 1024


class TryForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=300)
    kind = forms.ChoiceField(label=_("台账类别"), choices=[(k, k) for k in KINDS])
    genre = forms.CharField(label=_("文种"), max_length=32, required=False)
    level = forms.ChoiceField(label=_("发起单位级别"), choices=LEVEL_CHOICES, required=False)
    counterpart = forms.CharField(label=_("对方单位"), max_length=128, required=False)
    inspection_type = forms.CharField(label=_("检查类型"), max_length=16, required=False)
    materials = forms.ChoiceField(
        label=_("是否要求提供材料"), choices=MATERIALS_CHOICES, required=False
    )

    def materials_requested(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data.get("materials") or "")


class UploadForm(forms.Form):
    file = forms.FileField(label=_("YAML 文件"), required=False)
    text = forms.CharField(
        label=_("或粘贴 YAML"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    effective_from = forms.DateField(
        label=_("生效日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("留空则取文件中的 effective_from"),
    )
    note = forms.CharField(label=_("版本说明"), max_length=255, required=False)

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is not None:
            if upload.size > MAX_UPLOAD_BYTES:
                raise forms.ValidationError(_("文件过大（不得超过 1 MB）"))
            data = upload.read()
            try:  # the one upload guard (R11): text by content, no program, markup or archive
                check_upload(data, upload.name, allowed=("yaml",), max_bytes=MAX_UPLOAD_BYTES)
            except UploadRefused as refused:
                raise forms.ValidationError(refused.message) from None
            try:
                cleaned["yaml_text"] = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise forms.ValidationError(_("文件应为 UTF-8 编码的 YAML 文本")) from None
        elif (cleaned.get("text") or "").strip():
            cleaned["yaml_text"] = cleaned["text"]
        else:
            raise forms.ValidationError(_("请选择 YAML 文件或粘贴 YAML 内容"))
        return cleaned
