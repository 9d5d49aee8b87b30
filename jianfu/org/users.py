"""User services: accounts with business roles only, managed by the system administrator.

三员分立 (R7): a person acting through the web or API may never create, change or hand out an
administrator role (系统/安全/审计管理员). Those accounts are made by an operator on the command
line (`jianfu createsuperuser`, `jianfu demo`), where `actor.user` is None.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jianfu.core.actor import Actor
from jianfu.core.audit import AuditEntry, audit_record_many, model_snapshot

from .access import has_perm
from .models import ADMIN_ROLES, DataScope, Role, Unit, User

USER_FIELDS = (
    "username",
    "display_name",
    "title",
    "phone",
    "email",
    "role",
    "data_scope",
    "county_id",
    "unit_id",
    "is_active",
)
UPDATABLE = frozenset({"display_name", "title", "phone", "email", "role", "data_scope", "unit"})


def user_snapshot(user: User) -> dict[str, Any]:
    data = model_snapshot(user, USER_FIELDS)
    data["assigned_units"] = (
        sorted(user.assigned_units.values_list("pk", flat=True)) if user.pk else []
    )
    return data


def _audit(actor: Actor, action: str, user: User, before=None, after=None) -> None:
    audit_record_many(
        actor,
        [
            AuditEntry(
                action=action,
                object_type="org.user",
                object_id=str(user.pk),
                object_repr=user.username,
                before=before,
                after=after,
                county_id=user.county_id,
            )
        ],
    )


def _check_manager(actor: Actor, target: User | None, permission: str = "user.manage") -> None:
    """The acting person may manage accounts, in the target's county, and never an admin account."""
    person = actor.user
    if person is None:
        return
    if not has_perm(person, permission):
        raise PermissionDenied
    if target is not None:
        if target.county_id != person.county_id:
            raise PermissionDenied
        if permission == "user.manage" and target.role in ADMIN_ROLES:
            raise PermissionDenied(_("管理员账号不能在此修改（三员分立）。"))


def _check_role(actor: Actor, role: str) -> None:
    if role not in Role.values:
        raise ValidationError({"role": [_("请选择角色。")]})
    if actor.user is not None and role in ADMIN_ROLES:
        raise ValidationError({"role": [_("不能授予管理员角色（三员分立）。")]})


def _check_unit(actor: Actor, role: str, unit: Unit | None) -> None:
    if unit is None:
        if role not in ADMIN_ROLES:
            raise ValidationError({"unit": [_("请选择所在单位。")]})
        return
    person = actor.user
    if person is not None and unit.county_id != person.county_id:
        raise ValidationError({"unit": [_("所选单位不在本县。")]})


def _check_assigned(unit: Unit | None, assigned: list[Unit]) -> None:
    county_id = unit.county_id if unit is not None else None
    if any(u.county_id != county_id for u in assigned):
        raise ValidationError({"assigned_units": [_("分管单位须与所在单位同属一县。")]})


@transaction.atomic
def user_create(
    *,
    actor: Actor,
    username: str,
    role: str,
    unit: Unit | None,
    password: str,
    display_name: str = "",
    title: str = "",
    phone: str = "",
    email: str = "",
    data_scope: str = "",
    assigned_units: Iterable[Unit] = (),
) -> User:
    """A new account; its county is its unit's county. The password must pass the validators."""
    _check_manager(actor, None)
    _check_role(actor, role)
    _check_unit(actor, role, unit)
    assigned = list(assigned_units)
    _check_assigned(unit, assigned)
    username = (username or "").strip()
    county_id = unit.county_id if unit is not None else getattr(actor.user, "county_id", None)
    user = User(
        username=username,
        role=role,
        unit=unit,
        county_id=county_id,
        display_name=display_name.strip(),
        title=title.strip(),
        phone=phone.strip(),
        email=email.strip(),
        data_scope=data_scope,
    )
    errors: dict[str, list[str]] = {}
    if not username:
        errors["username"] = [_("请填写用户名。")]
    elif User.objects.filter(username__iexact=username).exists():
        errors["username"] = [_("用户名“%(name)s”已被使用。") % {"name": username}]
    if data_scope and data_scope not in DataScope.values:
        errors["data_scope"] = [_("请选择数据范围。")]
    try:
        validate_password(password, user)
    except ValidationError as exc:
        errors["password"] = list(exc.messages)
    if errors:
        raise ValidationError(errors)
    user.set_password(password)
    user.full_clean(exclude=["password"], validate_unique=False)
    user.save()
    if assigned:
        user.assigned_units.set(assigned)
    _audit(actor, "create", user, after=user_snapshot(user))
    return user


@transaction.atomic
def user_update(
    *,
    actor: Actor,
    user: User,
    assigned_units: Iterable[Unit] | None = None,
    **fields: Any,
) -> User:
    """Change profile, role, unit or data scope; moving the unit moves the county with it."""
    unknown = set(fields) - UPDATABLE
    if unknown:
        raise TypeError(f"unknown user fields: {sorted(unknown)}")
    user = User.objects.select_for_update().get(pk=user.pk)
    _check_manager(actor, user)
    before = user_snapshot(user)
    role = fields.get("role", user.role)
    if role != user.role:
        _check_role(actor, role)
    unit = fields.get("unit", user.unit)
    if "unit" in fields:
        _check_unit(actor, role, unit)
    if fields.get("data_scope") and fields["data_scope"] not in DataScope.values:
        raise ValidationError({"data_scope": [_("请选择数据范围。")]})
    for name, value in fields.items():
        setattr(user, name, value.strip() if isinstance(value, str) else value)
    if unit is not None:
        user.county_id = unit.county_id
    elif role not in ADMIN_ROLES:
        raise ValidationError({"unit": [_("请选择所在单位。")]})
    user.full_clean(exclude=["password"], validate_unique=False)
    user.save()
    if assigned_units is not None:
        assigned = list(assigned_units)
        _check_assigned(unit, assigned)
        user.assigned_units.set(assigned)
    after = user_snapshot(user)
    if after != before:
        action = (
            "permission"
            if (before["role"], before["data_scope"], before["unit_id"], before["assigned_units"])
            != (after["role"], after["data_scope"], after["unit_id"], after["assigned_units"])
            else "update"
        )
        _audit(actor, action, user, before=before, after=after)
    return user


def _set_active(actor: Actor, user: User, active: bool) -> User:
    user = User.objects.select_for_update().get(pk=user.pk)
    _check_manager(actor, user)
    if actor.user is not None and actor.user.pk == user.pk:
        raise PermissionDenied(_("不能停用自己的账号。"))
    if user.is_active == active:
        return user
    before = user_snapshot(user)
    user.is_active = active
    user.save(update_fields=["is_active"])
    _audit(actor, "update", user, before=before, after=user_snapshot(user))
    return user


@transaction.atomic
def user_deactivate(*, actor: Actor, user: User) -> User:
    """Stop the account; its sessions end at the next request (inactive users are logged out)."""
    return _set_active(actor, user, False)


@transaction.atomic
def user_activate(*, actor: Actor, user: User) -> User:
    return _set_active(actor, user, True)


@transaction.atomic
def user_set_password(*, actor: Actor, user: User, password: str) -> User:
    """Set a new password after Django's validators (R2); the trail never holds the password."""
    user = User.objects.select_for_update().get(pk=user.pk)
    _check_manager(actor, user)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": list(exc.messages)}) from exc
    user.set_password(password)
    user.save(update_fields=["password"])
    _audit(actor, "password", user, after={"username": user.username})
    return user


# ---- lockout (django-axes) ----


def locked_usernames(usernames: Iterable[str]) -> set[str]:
    """Which of these accounts are locked right now (5 failures within the cool-off time)."""
    from axes.helpers import get_cool_off
    from axes.models import AccessAttempt

    names = list(usernames)
    if not names:
        return set()
    cool_off = get_cool_off()
    since = timezone.now() - cool_off if cool_off is not None else None
    attempts = AccessAttempt.objects.filter(
        username__in=names, failures_since_start__gte=settings.AXES_FAILURE_LIMIT
    )
    if since is not None:
        attempts = attempts.filter(attempt_time__gte=since)
    return set(attempts.values_list("username", flat=True))


@transaction.atomic
def user_unlock(*, actor: Actor, user: User) -> int:
    """Clear the account's failed-login record (security administrator); returns records removed."""
    from axes.utils import reset

    _check_manager(actor, user, permission="user.unlock")
    removed = reset(username=user.username)
    _audit(actor, "unlock", user, after={"username": user.username, "attempts_removed": removed})
    return removed


@transaction.atomic
def user_otp_reset(*, actor: Actor, user: User) -> int:
    """Remove the account's second-factor devices (security administrator), e.g. after a lost
    phone; returns how many were removed. An administrator then binds a new device at the next
    login, since the second factor stays mandatory for them (R5). The user's own sessions end."""
    from django.contrib.sessions.models import Session
    from django_otp.plugins.otp_totp.models import TOTPDevice

    _check_manager(actor, user, permission="user.otp_reset")
    if actor.user is not None and actor.user.pk == user.pk:
        raise PermissionDenied(_("不能重置自己的双因素验证。"))
    removed, _detail = TOTPDevice.objects.filter(user=user).delete()
    # end every session of the user: a session verified with the lost device must not live on
    stale = [
        s.pk
        for s in Session.objects.filter(expire_date__gte=timezone.now()).iterator()
        if str(s.get_decoded().get("_auth_user_id")) == str(user.pk)
    ]
    Session.objects.filter(pk__in=stale).delete()
    _audit(actor, "update", user, after={"username": user.username, "otp_devices_removed": removed})
    return removed

