"""The form the system administrator issues a unit's API token with."""

from __future__ import annotations

from datetime import datetime, time

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jianfu.org.models import Unit


class TokenCreateForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("单位"), queryset=Unit.objects.none())
    name = forms.CharField(
        label=_("名称"),
        max_length=100,
        help_text=_("写明用途，如“农业农村局 OA 推送”，便于日后识别和吊销。"),
    )
    expires_on = forms.DateField(
        label=_("有效期至"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("到这一天结束后失效；不填则长期有效，直到吊销。"),
    )

    def __init__(self, *args, county=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(county=county, is_active=True)
        units = units if county else Unit.objects.none()
        self.fields["unit"].queryset = units.order_by("code")
        self.fields["unit"].label_from_instance = lambda u: f"{u.name}（{u.code}）"

    def clean_expires_on(self):
        day = self.cleaned_data.get("expires_on")
        if day is not None and day < timezone.localdate():
            raise ValidationError(_("有效期不能早于今天。"))
        return day

    def expires_at(self) -> datetime | None:
        day = self.cleaned_data.get("expires_on")
        if day is None:
            return None
        end = datetime.combine(day, time.max)
        return timezone.make_aware(end, timezone.get_current_timezone())
