"""Group management for the county office (group.manage): list, create, edit."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from jianfu.org.guards import require

from ..forms import GroupForm
from ..models import SupervisionGroup
from ..services.groups import group_create, group_update
from .common import form_errors


@require("group.manage")
@require_GET
def group_index(request):
    groups = (
        SupervisionGroup.objects.filter(county_id=request.user.county_id)
        .select_related("leader")
        .prefetch_related("members", "units")
    )
    return render(request, "supervision/group_list.html", {"groups": groups})


@require("group.manage")
@require_http_methods(["GET", "POST"])
def group_edit(request, pk: int | None = None):
    county_id = request.user.county_id
    group = get_object_or_404(SupervisionGroup, county_id=county_id, pk=pk) if pk else None
    initial = {}
    if group is not None:
        initial = {
            "name": group.name,
            "leader": group.leader_id,
            "members": list(group.members.values_list("pk", flat=True)),
            "systems": group.systems,
            "areas": group.areas,
            "note": group.note,
        }
    form = GroupForm(request.POST or None, county_id=county_id, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {
            "name": data["name"],
            "leader": data["leader"],
            "members": list(data["members"]),
            "systems": data["systems"],
            "areas": data["areas"],
            "note": data["note"],
        }
        try:
            if group is None:
                group = group_create(actor=request.actor, county=request.user.county, **fields)
            else:
                group = group_update(actor=request.actor, group=group, **fields)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(
                request,
                _("已保存“%(name)s”：联系单位 %(n)d 个，成员的数据范围已同步。")
                % {"name": group.name, "n": group.units.count()},
            )
            return redirect("supervision:groups")
    return render(request, "supervision/group_form.html", {"form": form, "group": group})
