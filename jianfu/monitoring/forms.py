"""Forms of the monitoring pages: the period picker, a reminder, the burden model."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import BurdenModel
from .selectors.dashboard import Period
from .services.burden import EDITABLE_FIELDS


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("日期从"), required=False)
    end = forms.DateField(label=_("至"), required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            raise forms.ValidationError(_("起始日期不能晚于截止日期。"))
        if start and end and (end - start).days > 366 * 2:
            raise forms.ValidationError(_("期间最长两年。"))
        return data

    def period(self, default: Callable[[], Period]) -> tuple[date, date]:
        """The chosen period; `default()` (a database read) only where a date is missing."""
        if not self.is_valid():
            fallback = default()
            return fallback.start, fallback.end
        start, end = self.cleaned_data.get("start"), self.cleaned_data.get("end")
        if start and end:
            return start, end
        fallback = default()
        start, end = start or fallback.start, end or fallback.end
        if start > end:
            return fallback.start, fallback.end
        return start, end


class ReminderForm(forms.Form):
    message = forms.CharField(
        label=_("提醒内容"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 48}),
        error_messages={"required": _("请填写提醒内容。")},
    )
    alert = forms.IntegerField(required=False, widget=forms.HiddenInput)
    bulletin = forms.BooleanField(label=_("拟在季度通报中点名（拟通报）"), required=False)


class BurdenModelForm(forms.ModelForm):
    class Meta:
        model = BurdenModel
        fields = list(EDITABLE_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["size"] = 8
            field.error_messages.setdefault("required", _("请填写此项。"))
            field.error_messages.setdefault("invalid", _("请输入数字。"))
