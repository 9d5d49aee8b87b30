"""The user's own notifications: the list (newest first, paged) and marking them read."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from jianfu.org.guards import require
from jianfu.org.views.common import paginate

from .models import Notification
from .services import notice_mark_read


@require("notice.view")
@require_GET
def notice_list(request):
    notes = Notification.objects.filter(recipient=request.user)
    if request.GET.get("unread") == "1":
        notes = notes.filter(read_at__isnull=True)
    context = paginate(request, notes)
    context["unread_only"] = request.GET.get("unread") == "1"
    return render(request, "notices/index.html", context)


@require("notice.view")
@require_POST
def notice_read(request):
    """Mark one (`id`) or all of the user's notifications read; then follow `next` if local."""
    ident = request.POST.get("id", "")
    ids = [int(ident)] if ident.isdigit() else None
    notice_mark_read(request.user, ids)
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    return redirect("notices:index")
