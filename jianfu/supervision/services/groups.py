"""Supervision groups: create, change, assign units by system or area (分系统、分片区).

A group's units are written to `User.assigned_units` of its members (and leader), which is what
the inspectors' data scope reads. The sync touches only links that groups account for: a member
who leaves loses the units of that group unless another of their groups also covers them, and
links given by hand outside any group stay as they are.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from jianfu.core.actor import Actor
from jianfu.core.audit import AuditEntry, audit_record_many
from jianfu.org.access import has_perm
from jianfu.org.models import County, Role, Unit, UnitKind, User

from ..models import SupervisionGroup

Links = dict[int, set[int]]


def _check_manage(actor: Actor, county_id: int) -> None:
    user = actor.user
    if user is None:
        return  # an operator on the command line, or the demo builder
    if not has_perm(user, "group.manage") or user.county_id != county_id:
        raise PermissionDenied


def units_by_basis(county_id: int, systems: Iterable[str], areas: Iterable[str]) -> list[Unit]:
    """The county's active departments of the systems and townships of the areas."""
    systems = [s for s in systems if s]
    areas = [a for a in areas if a]
    if not systems and not areas:
        return []
    condition = Q(kind=UnitKind.DEPARTMENT, system__in=systems) | Q(
        kind=UnitKind.TOWNSHIP, area__in=areas
    )
    return list(Unit.objects.filter(condition, county_id=county_id, is_active=True))


def group_links(user_ids: Iterable[int]) -> Links:
    """For each user, the units the groups they belong to (or lead) account for."""
    ids = set(user_ids)
    links: Links = {uid: set() for uid in ids}
    rows = SupervisionGroup.units.through.objects.filter(
        Q(supervisiongroup__members__in=ids) | Q(supervisiongroup__leader_id__in=ids)
    ).values_list("supervisiongroup_id", "unit_id")
    by_group: dict[int, set[int]] = {}
    for group_id, unit_id in rows:
        by_group.setdefault(group_id, set()).add(unit_id)
    membership = SupervisionGroup.members.through.objects.filter(
        supervisiongroup_id__in=by_group, user_id__in=ids
    ).values_list("supervisiongroup_id", "user_id")
    for group_id, user_id in membership:
        links[user_id] |= by_group.get(group_id, set())
    for group_id, leader_id in SupervisionGroup.objects.filter(
        pk__in=by_group, leader_id__in=ids
    ).values_list("pk", "leader_id"):
        links[leader_id] |= by_group.get(group_id, set())
    return links


def _apply_links(before: Links, after: Links) -> list[AuditEntry]:
    """Add and remove `User.assigned_units` rows by the difference; one audit entry per user."""
    through = User.assigned_units.through
    entries = []
    new_rows = []
    for user_id in sorted(set(before) | set(after)):
        old, new = before.get(user_id, set()), after.get(user_id, set())
        added, removed = new - old, old - new
        if removed:
            through.objects.filter(user_id=user_id, unit_id__in=removed).delete()
        if added:
            have = set(
                through.objects.filter(user_id=user_id, unit_id__in=added).values_list(
                    "unit_id", flat=True
                )
            )
            new_rows += [through(user_id=user_id, unit_id=u) for u in sorted(added - have)]
        if added or removed:
            entries.append(
                AuditEntry(
                    action="permission",
                    object_type="org.user",
                    object_id=str(user_id),
                    object_repr=f"user {user_id}",
                    before={"assigned_units_removed": sorted(removed)},
                    after={"assigned_units_added": sorted(added)},
                )
            )
    through.objects.bulk_create(new_rows)
    return entries


def _snapshot(group: SupervisionGroup) -> dict:
    return {
        "name": group.name,
        "leader_id": group.leader_id,
        "members": sorted(group.members.values_list("pk", flat=True)),
        "units": sorted(group.units.values_list("pk", flat=True)),
        "systems": list(group.systems),
        "areas": list(group.areas),
        "note": group.note,
    }


def _members(county_id: int, members: Iterable[User], leader: User | None) -> list[User]:
    people = {m.pk: m for m in members}
    if leader is not None:
        people[leader.pk] = leader
    for person in people.values():
        if person.county_id != county_id or person.role != Role.INSPECTOR:
            raise ValidationError(
                {"members": _("督导组成员必须是本县的督导组成员账号：%(name)s") % {"name": person}}
            )
    return list(people.values())


def _name_free(county_id: int, name: str, exclude: int | None = None) -> None:
    if not name.strip():
        raise ValidationError({"name": _("请填写督导组名称")})
    clash = SupervisionGroup.objects.filter(county_id=county_id, name=name.strip())
    if exclude:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise ValidationError({"name": _("本县已有同名督导组，请换一个名称")})


def _people_of(group: SupervisionGroup) -> set[int]:
    ids = set(group.members.values_list("pk", flat=True))
    if group.leader_id:
        ids.add(group.leader_id)
    return ids


@transaction.atomic
def group_create(
    *,
    actor: Actor,
    county: County,
    name: str,
    leader: User | None = None,
    members: Iterable[User] = (),
    systems: Iterable[str] = (),
    areas: Iterable[str] = (),
    note: str = "",
) -> SupervisionGroup:
    """A new group; its units are those of the systems and areas, written to its members."""
    _check_manage(actor, county.pk)
    _name_free(county.pk, name)
    people = _members(county.pk, members, leader)
    group = SupervisionGroup.objects.create(
        county=county,
        name=name.strip(),
        leader=leader,
        systems=[s for s in systems if s],
        areas=[a for a in areas if a],
        note=note,
    )
    before = group_links([p.pk for p in people])
    group.members.set(people)
    group.units.set(units_by_basis(county.pk, group.systems, group.areas))
    entries = [
        AuditEntry(
            action="create",
            object_type="supervision.supervisiongroup",
            object_id=str(group.pk),
            object_repr=group.name,
            after=_snapshot(group),
            county_id=county.pk,
        )
    ]
    entries += _apply_links(before, group_links(before))
    audit_record_many(actor, entries)
    return group


@transaction.atomic
def group_update(
    *,
    actor: Actor,
    group: SupervisionGroup,
    name: str,
    leader: User | None,
    members: Iterable[User],
    systems: Iterable[str],
    areas: Iterable[str],
    note: str = "",
) -> SupervisionGroup:
    """Change a group's name, people and assignment basis; the members' scope follows."""
    _check_manage(actor, group.county_id)
    _name_free(group.county_id, name, exclude=group.pk)
    people = _members(group.county_id, members, leader)
    group = SupervisionGroup.objects.select_for_update().get(pk=group.pk)
    snapshot = _snapshot(group)
    affected = _people_of(group) | {p.pk for p in people}
    before = group_links(affected)
    group.name = name.strip()
    group.leader = leader
    group.systems = [s for s in systems if s]
    group.areas = [a for a in areas if a]
    group.note = note
    group.save()
    group.members.set(people)
    group.units.set(units_by_basis(group.county_id, group.systems, group.areas))
    entries = [
        AuditEntry(
            action="update",
            object_type="supervision.supervisiongroup",
            object_id=str(group.pk),
            object_repr=group.name,
            before=snapshot,
            after=_snapshot(group),
            county_id=group.county_id,
        )
    ]
    entries += _apply_links(before, group_links(affected))
    audit_record_many(actor, entries)
    return group


@transaction.atomic
def group_assign(
    *, actor: Actor, group: SupervisionGroup, systems: Iterable[str], areas: Iterable[str]
) -> SupervisionGroup:
    """Assign the group the departments of `systems` and the townships of `areas`."""
    return group_update(
        actor=actor,
        group=group,
        name=group.name,
        leader=group.leader,
        members=list(group.members.all()),
        systems=systems,
        areas=areas,
        note=group.note,
    )
