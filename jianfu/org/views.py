"""Units and users pages (placeholder until the org pages land)."""

from django.shortcuts import render

from jianfu.org.access import visible_units
from jianfu.web.permissions import require


@require("unit.view")
def unit_list(request):
    return render(request, "org/unit_list.html", {"units": visible_units(request.user)})


@require("user.view")
def user_list(request):
    return render(request, "org/user_list.html", {"users": []})
