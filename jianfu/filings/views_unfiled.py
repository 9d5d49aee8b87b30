"""The unfiled items page (不予认可): received lines of observation points that match no approved
filing, per sender; exported to Excel on request."""

from __future__ import annotations

from datetime import date

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from jianfu.core.audit import audit_record
from jianfu.core.excel import xlsx_bytes, xlsx_response
from jianfu.org.access import has_perm
from jianfu.org.guards import require

from .services.unfiled import filings_unfiled


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text or "")
    except ValueError:
        return None


@require("filing.view")
@require_GET
def unfiled(request):
    today = timezone.localdate()
    date_from = _day(request.GET.get("from")) or date(today.year, 1, 1)
    date_to = _day(request.GET.get("to")) or date(today.year, 12, 31)
    report = filings_unfiled(request.user.county, date_from, date_to, user=request.user)
    sender = request.GET.get("sender", "")
    shown = [s for s in report.senders if not sender or str(s.unit_id) == sender]
    if request.GET.get("format") == "xlsx":
        rows = [
            (
                line.date,
                s.name,
                line.point,
                line.kind,
                line.counterpart,
                line.title,
                _("是") if line.counted else _("否"),
            )
            for s in shown
            for line in s.lines
        ]
        content = xlsx_bytes(
            (
                _("日期"),
                _("发出单位"),
                _("观测点"),
                _("类别"),
                _("台账所记单位"),
                _("标题"),
                _("计入统计"),
            ),
            rows,
            sheet_title=_("未报备事项"),
            title=_("未报备事项（%(a)s 至 %(b)s）") % {"a": date_from, "b": date_to},
        )
        audit_record(
            request.actor,
            "export",
            object_type="filings.unfiled",
            object_repr=_("未报备事项"),
            county_id=request.user.county_id,
            after={"rows": len(rows), "from": date_from, "to": date_to},
        )
        return xlsx_response(content, f"{_('未报备事项')}-{date_from}-{date_to}.xlsx")
    return render(
        request,
        "filings/unfiled.html",
        {
            "report": report,
            "senders": shown,
            "all_senders": report.senders,
            "sender": sender,
            "date_from": date_from,
            "date_to": date_to,
            "export_qs": request.GET.urlencode(),
            "can_routes": has_perm(request.user, "filing.review"),
        },
    )
