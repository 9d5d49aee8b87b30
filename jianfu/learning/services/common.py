"""What the learning services share: who may act on which unit."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from jianfu.core.actor import Actor
from jianfu.org.access import has_perm, visible_units
from jianfu.org.models import County, Unit


def check_perm(actor: Actor, action: str, county: County | None = None) -> None:
    """A web or API user needs the permission (and the county); commands and jobs may act."""
    user = actor.user
    if user is None:
        return
    if not has_perm(user, action):
        raise PermissionDenied
    if county is not None and user.county_id != county.pk:
        raise PermissionDenied


def check_unit(actor: Actor, action: str, unit: Unit) -> None:
    check_perm(actor, action, unit.county)
    user = actor.user
    if user is not None and not visible_units(user).filter(pk=unit.pk).exists():
        raise PermissionDenied
