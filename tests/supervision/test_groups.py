"""Groups assign units by system and area, and keep `User.assigned_units` (the inspectors' data
scope) in sync with membership."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jianfu.core.actor import Actor
from jianfu.core.models import AuditEvent
from jianfu.org.access import visible_units
from jianfu.supervision.services.groups import group_assign, group_create, group_update


def codes(user):
    return sorted(visible_units(user).values_list("code", flat=True))


def assigned(user):
    return sorted(user.assigned_units.values_list("code", flat=True))


def test_groups_assign_by_system_and_area_and_write_the_scope(groups, users):
    first, second = groups["first"], groups["second"]
    assert sorted(first.units.values_list("code", flat=True)) == ["QH-HK", "QH-NY"]
    assert sorted(second.units.values_list("code", flat=True)) == ["QH-CG", "QH-JY"]
    assert assigned(users["inspector"]) == ["QH-HK", "QH-NY"]
    # the data scope: assigned units plus the inspector's own unit
    assert codes(users["inspector"]) == ["QH-HK", "QH-NY", "QH-XWB"]
    assert assigned(groups["inspector2"]) == ["QH-CG", "QH-JY"]


def test_reassigning_moves_the_members_scope(groups, users):
    coordinator = Actor.command(users["coordinator"])
    group_assign(actor=coordinator, group=groups["first"], systems=["教育"], areas=[])
    assert assigned(users["inspector"]) == ["QH-JY"]
    events = AuditEvent.objects.filter(action="permission", object_id=str(users["inspector"].pk))
    assert events.count() == 2  # given at creation, changed now


def test_membership_change_keeps_units_of_other_groups_and_hand_links(groups, users, units):
    coordinator = Actor.command(users["coordinator"])
    inspector = users["inspector"]
    inspector.assigned_units.add(units["xwb"])  # a link given by hand, outside any group
    second = groups["second"]
    group_update(
        actor=coordinator,
        group=second,
        name=second.name,
        leader=second.leader,
        members=[inspector],
        systems=second.systems,
        areas=second.areas,
    )
    assert assigned(inspector) == ["QH-CG", "QH-HK", "QH-JY", "QH-NY", "QH-XWB"]
    group_update(
        actor=coordinator,
        group=second,
        name=second.name,
        leader=second.leader,
        members=[],
        systems=second.systems,
        areas=second.areas,
    )
    assert assigned(inspector) == ["QH-HK", "QH-NY", "QH-XWB"]
    assert assigned(groups["inspector2"]) == ["QH-CG", "QH-JY"]  # still the leader


def test_only_the_coordinator_manages_groups_and_members_are_inspectors(groups, users, county):
    with pytest.raises(PermissionDenied):
        group_create(actor=Actor.command(users["inspector"]), county=county, name="第三督导组")
    with pytest.raises(ValidationError):
        group_create(
            actor=Actor.command(users["coordinator"]),
            county=county,
            name="第三督导组",
            members=[users["clerk_ny"]],
        )
    with pytest.raises(ValidationError):
        group_create(actor=Actor.command(users["coordinator"]), county=county, name="第一督导组")
    group = group_create(
        actor=Actor.command(users["coordinator"]), county=county, name="第三督导组", areas=["西片"]
    )
    assert AuditEvent.objects.filter(action="create", object_id=str(group.pk)).count() == 1
