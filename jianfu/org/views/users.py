"""User pages: the county's accounts for the system administrator (manage, business roles only)
and the security administrator (read-only, unlock locked accounts)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_GET, require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from jianfu.core.audit import audit_record
from jianfu.core.excel import xlsx_bytes, xlsx_response
from jianfu.org.access import has_perm
from jianfu.org.forms import PasswordFields, UserCreateForm, UserForm, apply_errors
from jianfu.org.guards import require
from jianfu.org.models import ADMIN_ROLES, Role, Unit, User
from jianfu.org.users import (
    locked_usernames,
    user_activate,
    user_create,
    user_deactivate,
    user_otp_reset,
    user_set_password,
    user_unlock,
    user_update,
)

from .common import flag, paginate

EXPORT_HEADERS = (
    _l("用户名"),
    _l("姓名"),
    _l("单位"),
    _l("角色"),
    _l("数据范围"),
    _l("职务"),
    _l("电话"),
    _l("状态"),
    _l("最近登录"),
)


def _county_users(request):
    if not request.user.county_id:
        return User.objects.none()
    return User.objects.filter(county_id=request.user.county_id)


def _user_or_404(request, pk: int) -> User:
    return get_object_or_404(_county_users(request), pk=pk)


def _filtered_users(request):
    users = _county_users(request).select_related("unit")
    q = request.GET.get("q", "").strip()
    if q:
        users = users.filter(
            Q(username__icontains=q) | Q(display_name__icontains=q) | Q(phone__icontains=q)
        )
    if request.GET.get("role") in Role.values:
        users = users.filter(role=request.GET["role"])
    if request.GET.get("unit", "").isdigit():
        users = users.filter(unit_id=int(request.GET["unit"]))
    active = flag(request.GET.get("active"))
    if active is not None:
        users = users.filter(is_active=active)
    return users.order_by("unit__code", "username")


@require("user.view")
@require_GET
def user_list(request):
    context = paginate(request, _filtered_users(request))
    page_users = list(context["page_obj"].object_list)
    locked = locked_usernames(u.username for u in page_users)
    can_manage = has_perm(request.user, "user.manage")
    with_otp = set(
        TOTPDevice.objects.filter(user__in=[u.pk for u in page_users]).values_list(
            "user_id", flat=True
        )
    )
    for user in page_users:
        user.has_otp = user.pk in with_otp
        user.is_locked = user.username in locked
        user.manageable = can_manage and user.role not in ADMIN_ROLES and user.pk != request.user.pk
    context.update(
        {
            "users": page_users,
            "roles": Role.choices,
            "units": Unit.objects.filter(county_id=request.user.county_id).order_by("kind", "code"),
            "filters": request.GET,
            "can_manage": can_manage,
            "can_unlock": has_perm(request.user, "user.unlock"),
            "can_otp_reset": has_perm(request.user, "user.otp_reset"),
        }
    )
    return render(request, "org/user_list.html", context)


@require("user.view")
@require_GET
def user_export(request):
    users = list(_filtered_users(request))
    rows = [
        (
            u.username,
            u.display_name,
            u.unit.name if u.unit_id else "",
            u.get_role_display(),
            u.get_data_scope_display() or _("按角色默认"),
            u.title,
            u.phone,
            _("启用") if u.is_active else _("停用"),
            timezone.localtime(u.last_login).strftime("%Y-%m-%d %H:%M") if u.last_login else "",
        )
        for u in users
    ]
    content = xlsx_bytes(
        EXPORT_HEADERS, rows, sheet_title=_("用户"), widths=(14, 10, 24, 14, 12, 12, 14, 8, 18)
    )
    audit_record(
        request.actor,
        "export",
        object_type="org.user",
        object_repr=_("用户列表"),
        county_id=request.user.county_id,
        after={"rows": len(rows), "filters": request.GET.dict()},
    )
    stamp = timezone.localdate().strftime("%Y%m%d")
    return xlsx_response(content, f"用户列表-{stamp}.xlsx")


def _profile(data: dict) -> dict:
    return {
        k: data[k]
        for k in ("display_name", "role", "unit", "data_scope", "title", "phone", "email")
    }


@require("user.manage")
def user_create_view(request):
    if not request.user.county_id:
        raise Http404
    form = UserCreateForm(request.POST or None, county=request.user.county)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = user_create(
                actor=request.actor,
                username=data["username"],
                password=data["password1"],
                assigned_units=data["assigned_units"],
                **_profile(data),
            )
        except ValidationError as exc:
            apply_errors(form, {"password": "password1"}, exc)
        else:
            messages.success(request, _("已新增用户“%(name)s”。") % {"name": user.username})
            return redirect("org:users")
    return render(request, "org/user_form.html", {"form": form, "target": None})


def _manageable_or_404(request, pk: int) -> User:
    """A business-role account of the county; administrator accounts are not editable here."""
    user = _user_or_404(request, pk)
    if user.role in ADMIN_ROLES:
        raise Http404
    return user


@require("user.manage")
def user_edit(request, pk: int):
    target = _manageable_or_404(request, pk)
    initial = {
        "display_name": target.display_name,
        "role": target.role,
        "unit": target.unit_id,
        "data_scope": target.data_scope,
        "title": target.title,
        "phone": target.phone,
        "email": target.email,
        "assigned_units": list(target.assigned_units.all()),
    }
    form = UserForm(request.POST or None, initial=initial, county=request.user.county)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user_update(
                actor=request.actor,
                user=target,
                assigned_units=data["assigned_units"],
                **_profile(data),
            )
        except ValidationError as exc:
            apply_errors(form, {}, exc)
        else:
            messages.success(request, _("已保存用户“%(name)s”。") % {"name": target.username})
            return redirect("org:users")
    return render(request, "org/user_form.html", {"form": form, "target": target})


@require("user.manage")
def user_password(request, pk: int):
    target = _manageable_or_404(request, pk)
    form = PasswordFields(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user_set_password(
                actor=request.actor, user=target, password=form.cleaned_data["password1"]
            )
        except ValidationError as exc:
            apply_errors(form, {"password": "password1"}, exc)
        else:
            messages.success(request, _("已重置用户“%(name)s”的密码。") % {"name": target.username})
            return redirect("org:users")
    return render(request, "org/user_password.html", {"form": form, "target": target})


@require("user.manage")
@require_POST
def user_active(request, pk: int):
    target = _manageable_or_404(request, pk)
    if request.POST.get("active") == "1":
        user_activate(actor=request.actor, user=target)
        messages.success(request, _("已启用用户“%(name)s”。") % {"name": target.username})
    else:
        user_deactivate(actor=request.actor, user=target)
        messages.success(request, _("已停用用户“%(name)s”。") % {"name": target.username})
    return redirect("org:users")


@require("user.unlock")
@require_POST
def user_unlock_view(request, pk: int):
    target = _user_or_404(request, pk)
    user_unlock(actor=request.actor, user=target)
    messages.success(request, _("已解除用户“%(name)s”的登录锁定。") % {"name": target.username})
    return redirect("org:users")


@require("user.otp_reset")
@require_POST
def user_otp_reset_view(request, pk: int):
    target = _user_or_404(request, pk)
    user_otp_reset(actor=request.actor, user=target)
    messages.success(
        request,
        _("已重置用户“%(name)s”的双因素验证，其下次登录时须重新绑定。") % {"name": target.username},
    )
    return redirect("org:users")

