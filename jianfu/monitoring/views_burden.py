"""The burden-in-hours model: the coordinator edits the county's figures (burden.manage)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jianfu.org.guards import require

from .forms import BurdenModelForm
from .selectors.burden import burden_model_for
from .services.burden import burden_model_update


@require("burden.manage")
@require_http_methods(["GET", "POST"])
def burden_edit(request):
    county = request.user.county
    model = burden_model_for(county)
    form = BurdenModelForm(request.POST or None, instance=model)
    if request.method == "POST" and form.is_valid():
        burden_model_update(actor=request.actor, county=county, values=form.cleaned_data)
        messages.success(request, _("负担工时模型已保存。"))
        return redirect(reverse("monitoring:burden"))
    return render(
        request,
        "monitoring/burden.html",
        {"form": form, "saved": model.pk is not None, "perms_burden": True},
    )
