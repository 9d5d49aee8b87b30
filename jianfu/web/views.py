"""Pages every user has (login, logout, home) and the audit administrator's audit trail."""

from __future__ import annotations

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from jianfu.core.audit import ACTIONS, audit_record
from jianfu.core.audit_query import (
    CHANNEL_LABELS,
    EXPORT_LIMIT,
    RESULTS,
    AuditFilter,
    action_label,
    audit_changes,
    audit_filter,
    audit_visible,
    export_headers,
    export_rows,
    object_type_choices,
    object_type_label,
    result_label,
)
from jianfu.core.excel import xlsx_bytes, xlsx_response
from jianfu.org.guards import public, require
from jianfu.org.models import Unit

from .otp import next_step_url, otp_pending

PAGE_SIZES = (20, 50, 100)


class LoginForm(AuthenticationForm):
    """Django's login form with one Chinese message for every refusal, so that a wrong password,
    an unknown user and a deactivated account cannot be told apart (R3)."""

    error_messages = {
        "invalid_login": gettext_lazy("用户名或密码不正确。请注意区分大小写。"),
        "inactive": gettext_lazy("用户名或密码不正确。请注意区分大小写。"),
    }


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_success_url(self):
        url = super().get_success_url()
        # Administrators (and anyone who enabled it) go on to the second factor (R5).
        if otp_pending(self.request):
            return next_step_url(self.request, url)
        return url


login_view = public(LoginView.as_view())


@public
@require_POST
def logout_view(request):
    return auth_views.LogoutView.as_view()(request)


@require("home.view")
def home(request):
    scope_label = dict(request.user._meta.get_field("data_scope").choices).get(request.user.scope)
    return render(request, "web/home.html", {"scope_label": scope_label})


# --- the audit trail (R8, R9): read and export, for the audit administrator only -------------


class AuditFilterForm(forms.Form):
    date_from = forms.DateField(
        label=gettext_lazy("开始日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label=gettext_lazy("结束日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    user = forms.CharField(label=gettext_lazy("用户"), required=False, max_length=150)
    action = forms.ChoiceField(label=gettext_lazy("事件"), required=False)
    object_type = forms.ChoiceField(label=gettext_lazy("对象类型"), required=False)
    result = forms.ChoiceField(label=gettext_lazy("结果"), required=False)

    def __init__(self, *args, object_types=(), **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("全部"))]
        self.fields["action"].choices = everything + [(k, str(v)) for k, v in ACTIONS.items()]
        self.fields["object_type"].choices = everything + list(object_types)
        self.fields["result"].choices = everything + [(k, str(v)) for k, v in RESULTS.items()]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("开始日期不能晚于结束日期。"))
        return data

    def to_filter(self) -> AuditFilter:
        if not self.is_bound:
            return AuditFilter()
        self.is_valid()  # fields that did not validate are left out (their errors are shown)
        data = self.cleaned_data
        return AuditFilter(
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            user=data.get("user", ""),
            action=data.get("action", ""),
            object_type=data.get("object_type", ""),
            result=data.get("result", ""),
        )


def _unit_names(user) -> dict[int, str]:
    """Unit names for the unit ids the trail keeps (a county has a few hundred units)."""
    units = Unit.objects.all()
    if user.county_id:
        units = units.filter(county_id=user.county_id)
    return dict(units.values_list("id", "name"))


def _audit_form(request):
    visible = audit_visible(request.user)
    form = AuditFilterForm(request.GET or None, object_types=object_type_choices(visible))
    return visible, form


@require("audit.view")
@require_GET
def audit_list(request):
    visible, form = _audit_form(request)
    queryset = audit_filter(visible, form.to_filter())
    try:
        per_page = int(request.GET.get("per_page", PAGE_SIZES[0]))
    except ValueError:
        per_page = PAGE_SIZES[0]
    if per_page not in PAGE_SIZES:
        per_page = PAGE_SIZES[0]
    page = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    unit_names = _unit_names(request.user)
    rows = [
        {
            "event": event,
            "unit": unit_names.get(event.unit_id, event.unit_id or ""),
            "action": action_label(event.action),
            "object_type": object_type_label(event.object_type),
            "result": result_label(event.result),
        }
        for event in page.object_list
    ]
    return render(
        request,
        "web/audit_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "per_page": per_page,
            "page_sizes": PAGE_SIZES,
            "export_limit": EXPORT_LIMIT,
        },
    )


@require("audit.view")
@require_GET
def audit_detail(request, pk: int):
    event = get_object_or_404(audit_visible(request.user), pk=pk)
    return render(
        request,
        "web/audit_detail.html",
        {
            "event": event,
            "action": action_label(event.action),
            "channel": CHANNEL_LABELS.get(event.channel, event.channel),
            "unit": Unit.objects.filter(pk=event.unit_id).values_list("name", flat=True).first()
            if event.unit_id
            else "",
            "object_type": object_type_label(event.object_type),
            "result": result_label(event.result),
            "changes": audit_changes(event),
        },
    )


@require("audit.view")
@require_GET
def audit_export(request):
    visible, form = _audit_form(request)
    if form.is_bound and not form.is_valid():
        # Never export more than the person asked for: back to the list, which shows the errors.
        return redirect(f"{reverse('web:audit')}?{request.GET.urlencode()}")
    flt = form.to_filter()
    queryset = audit_filter(visible, flt)
    unit_names = _unit_names(request.user)
    rows = list(export_rows(queryset, unit_names))
    content = xlsx_bytes(
        export_headers(),
        rows,
        sheet_title=_("审计日志"),
        widths=[8, 20, 14, 18, 16, 8, 10, 12, 10, 24, 6, 40, 40, 34, 66],
    )
    # Exporting the trail is itself an audited event, with the filter and the row count.
    audit_record(
        request.actor,
        "export",
        object_type="core.auditevent",
        object_repr=_("审计日志"),
        after={"filter": flt.as_dict(), "rows": len(rows), "limit": EXPORT_LIMIT},
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return xlsx_response(content, f"审计日志-{stamp}.xlsx")
