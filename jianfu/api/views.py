"""The API token page for the system administrator: list by unit, issue, revoke."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from jianfu.org.guards import require
from jianfu.org.models import Unit
from jianfu.org.views.common import paginate

from .forms import TokenCreateForm
from .models import ApiToken
from .tokens import api_token_create, api_token_revoke

STATES = ("active", "revoked", "expired")


def _county_tokens(request):
    if not request.user.county_id:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(county_id=request.user.county_id)


@require("apitoken.manage")
@require_GET
def token_list(request):
    tokens = _county_tokens(request).select_related("unit", "created_by")
    unit = request.GET.get("unit", "")
    if unit.isdigit():
        tokens = tokens.filter(unit_id=int(unit))
    state = request.GET.get("state", "")
    now = timezone.now()
    live = Q(revoked_at__isnull=True) & (Q(expires_at__isnull=True) | Q(expires_at__gt=now))
    if state == "active":
        tokens = tokens.filter(live)
    elif state == "revoked":
        tokens = tokens.filter(revoked_at__isnull=False)
    elif state == "expired":
        tokens = tokens.filter(revoked_at__isnull=True, expires_at__lte=now)
    context = paginate(request, tokens.order_by("unit__code", "-created_at"))
    context.update(
        {
            "tokens": context["page_obj"].object_list,
            "units": Unit.objects.filter(county_id=request.user.county_id).order_by("code"),
            "filters": {"unit": unit, "state": state},
            "now": now,
        }
    )
    return render(request, "api/token_list.html", context)


@require("apitoken.manage")
def token_create(request):
    form = TokenCreateForm(request.POST or None, county=request.user.county)
    if request.method == "POST" and form.is_valid():
        issued = api_token_create(
            actor=request.actor,
            unit=form.cleaned_data["unit"],
            name=form.cleaned_data["name"],
            expires_at=form.expires_at(),
        )
        # Rendered, not redirected: the secret exists only in this response (never in a session).
        context = {"token": issued.token, "plaintext": issued.plaintext}
        return render(request, "api/token_created.html", context)
    return render(request, "api/token_form.html", {"form": form})


@require("apitoken.manage")
@require_POST
def token_revoke(request, pk: int):
    token = get_object_or_404(_county_tokens(request), pk=pk)
    if token.revoked_at is None:
        api_token_revoke(actor=request.actor, token=token)
        message = _("已吊销令牌“%(name)s”，使用它的系统将无法再访问接口。")
        messages.success(request, message % {"name": token.name})
    return redirect("apitokens:index")
