"""The generate form: a report kind and its period (2025-W32 / 2025-08 / 2025-Q3)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ReportKind
from .periods import PeriodError, period_for_kind


class GenerateForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=ReportKind.choices)
    period = forms.CharField(
        label=_("期间"),
        max_length=16,
        help_text=_("周写作 2025-W32，月写作 2025-08，季度写作 2025-Q3"),
    )

    def clean(self):
        cleaned = super().clean()
        kind, text = cleaned.get("kind"), cleaned.get("period")
        if kind and text:
            try:
                cleaned["period_obj"] = period_for_kind(kind, text)
            except PeriodError as exc:
                self.add_error("period", str(exc))
        return cleaned
