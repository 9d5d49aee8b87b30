"""Alerts (list, filter, export, flag for the bulletin), sending a reminder, the reminders list
and the principal's acknowledgement."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from jianfu.core.audit import audit_record
from jianfu.core.excel import xlsx_bytes, xlsx_response
from jianfu.org.access import get_visible_or_404, has_perm, restrict, visible_units
from jianfu.org.guards import require
from jianfu.org.models import Unit
from jianfu.org.views.common import paginate

from .forms import ReminderForm
from .labels import RULE_LABELS
from .models import Alert, Reminder
from .selectors.reminders import reminder_list
from .services.reminders import alert_flag_bulletin, reminder_acknowledge, reminder_send
from .views import unit_detail_context


def filtered_alerts(request):
    alerts = restrict(Alert.objects.all(), request.user).select_related("unit")
    status = request.GET.get("status", "open")
    if status in Alert.State.values:
        alerts = alerts.filter(status=status)
    rule = (request.GET.get("rule") or "").strip().upper()[:16]
    if rule:
        alerts = alerts.filter(rule=rule) if rule != "N-" else alerts.filter(rule__startswith="N-")
    unit = request.GET.get("unit") or ""
    if unit.isdigit():
        alerts = alerts.filter(unit_id=int(unit))
    if request.GET.get("bulletin") == "1":
        alerts = alerts.filter(bulletin=True)
    return alerts.order_by("-last_seen", "unit__code", "rule", "id"), status, rule


@require("alert.view")
@require_GET
def alert_list(request):
    alerts, status, rule = filtered_alerts(request)
    return render(
        request,
        "monitoring/alerts.html",
        {
            **paginate(request, alerts),
            "status": status,
            "rule": rule,
            "rules": RULE_LABELS,
            "units": visible_units(request.user).order_by("kind", "code"),
            "query": request.GET,
            "can_remind": has_perm(request.user, "reminder.send"),
            "perms_burden": has_perm(request.user, "burden.manage"),
        },
    )


@require("alert.view")
@require_GET
def alert_export(request):
    alerts, _status, _rule = filtered_alerts(request)
    rows = [
        [
            a.unit.name,
            a.rule,
            a.message,
            a.get_status_display(),
            "是" if a.bulletin else "",
            a.first_seen,
            a.last_seen,
        ]
        for a in alerts[:20000]
    ]
    content = xlsx_bytes(
        [_("单位"), _("规则"), _("预警内容"), _("状态"), _("拟通报"), _("首次发现"), _("最近发现")],
        rows,
        sheet_title=_("预警"),
    )
    audit_record(
        request.actor,
        "export",
        None,
        object_type="monitoring.alert",
        object_repr="预警列表",
        after={"rows": len(rows)},
        county_id=request.user.county_id,
    )
    return xlsx_response(content, "预警.xlsx")


@require("reminder.send")
@require_POST
def alert_bulletin(request, pk: int):
    alert = get_visible_or_404(Alert.objects.all(), request.user, pk=pk)
    flag = request.POST.get("bulletin") == "1"
    alert_flag_bulletin(actor=request.actor, alert=alert, bulletin=flag)
    messages.success(request, _("已标记拟通报。") if flag else _("已取消拟通报标记。"))
    return redirect(request.POST.get("next") or reverse("monitoring:alerts"))


@require("reminder.send")
@require_POST
def remind(request, pk: int):
    unit = get_visible_or_404(Unit.objects.all(), request.user, "pk", pk=pk)
    form = ReminderForm(request.POST)
    alert = None
    if form.is_valid():
        alert_id = form.cleaned_data.get("alert")
        if alert_id:
            alert = get_visible_or_404(Alert.objects.filter(unit=unit), request.user, pk=alert_id)
        try:
            reminder_send(
                actor=request.actor,
                unit=unit,
                alert=alert,
                message=form.cleaned_data["message"],
                bulletin=form.cleaned_data["bulletin"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("已向%(unit)s主要负责同志发送提醒。") % {"unit": unit.name})
            return redirect(reverse("monitoring:unit", args=[unit.pk]))
    context = unit_detail_context(request, unit)
    context["form"] = form
    return render(request, "monitoring/unit.html", context, status=400)


@require("monitoring.view")
@require_GET
def reminders(request):
    rows = reminder_list(request.user)
    state = request.GET.get("state", "")
    if state == "pending":
        rows = rows.filter(acknowledged_at__isnull=True)
    elif state == "done":
        rows = rows.filter(acknowledged_at__isnull=False)
    return render(
        request,
        "monitoring/reminders.html",
        {
            **paginate(request, rows),
            "state": state,
            "can_ack": has_perm(request.user, "reminder.ack"),
            "perms_burden": has_perm(request.user, "burden.manage"),
        },
    )


@require("reminder.ack")
@require_POST
def reminder_ack(request, pk: int):
    reminder = get_visible_or_404(Reminder.objects.all(), request.user, pk=pk)
    try:
        reminder_acknowledge(actor=request.actor, reminder=reminder)
    except PermissionDenied:
        messages.error(request, _("只有被提醒单位的负责同志可以确认。"))
    else:
        messages.success(request, _("已确认收到提醒。"))
    return redirect(reverse("monitoring:reminders"))
