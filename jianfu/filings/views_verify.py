"""一事一码 pages: the printable notice of an approved item (with its QR code) and the public
verification page anyone may open without logging in.

The verification page tells only whether a code belongs to a valid approved item and that item's
basic facts. Every code that does not — malformed, unknown, withdrawn, pending again after an
edit, deleted — gets exactly the same answer, so the page helps nobody enumerate codes. A small
per-address budget (VERIFY_BUDGET per VERIFY_WINDOW seconds) answers 429 with Retry-After.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from jianfu.core.actor import client_ip
from jianfu.org.access import has_perm
from jianfu.org.guards import public, require

from .models import Status
from .services.codes import (
    filing_verify,
    qr_svg,
    verify_code_display,
    verify_url,
)
from .views_workflow import _filing

VERIFY_BUDGET = 60
VERIFY_WINDOW = 60


def _over_budget(request) -> bool:
    key = f"filings:verify:{client_ip(request) or 'unknown'}"
    if cache.add(key, 1, VERIFY_WINDOW):
        return False
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, VERIFY_WINDOW)
        return False
    return count > VERIFY_BUDGET


@public
@require_GET
def verify(request):
    code = (request.GET.get("code") or "").strip()[:64]
    result = None
    if code:
        if _over_budget(request):
            response = HttpResponse(
                _("查询过于频繁，请稍后再试。"),
                status=429,
                content_type="text/plain; charset=utf-8",
            )
            response["Retry-After"] = str(VERIFY_WINDOW)
            return response
        result = filing_verify(code)
    user = request.user
    record_url = ""
    invalid = result is not None and not result.valid
    if invalid and user.is_authenticated and has_perm(user, "ledger.edit"):
        # "this item has no valid code → I record it as unfiled": the received line, with the
        # code the township was shown in its remarks
        query = {"kind": "收文", "remarks": _("无有效报备码：%(code)s") % {"code": code}}
        record_url = f"{reverse('ledgers:create')}?{urlencode(query)}"
    context = {
        "code": code,
        "result": result,
        "invalid": invalid,
        "record_url": record_url,
        "base_template": "web/base.html" if user.is_authenticated else "web/plain.html",
    }
    response = render(request, "filings/verify.html", context)
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@require("filing.view")
@require_GET
def notice_print(request, pk: int):
    filing = _filing(request, pk)
    if not filing.reg_no or filing.status not in (Status.APPROVED, Status.ARCHIVED):
        raise Http404
    url = request.build_absolute_uri(verify_url(filing.verify_code))
    return render(
        request,
        "filings/notice_print.html",
        {
            "filing": filing,
            "code": verify_code_display(filing.verify_code),
            "verify_link": url,
            "qr": qr_svg(url),
            "approved_by": filing.decisions.filter(action__in=("pass", "tighten"))
            .order_by("-at", "-id")
            .first(),
        },
    )
