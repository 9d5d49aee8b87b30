"""Demo steps for the organisation: the county, its units and aliases, the accounts and the
supervision groups' assigned units. Each compares with the database and inserts what is missing.
"""

from __future__ import annotations

from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password

from jianfu.core.audit import AuditEntry
from jianfu.org.models import County, Unit, UnitAlias, User
from jianfu.org.units import UNIT_FIELDS

from ..context import DemoContext
from ..data import (
    COUNTY_CODE,
    COUNTY_NAME,
    DEMO_PASSWORD,
    SUPERVISION_GROUPS,
    UNITS,
    USERS,
    UnitSpec,
    group_unit_codes,
)

USER_FIELDS = ("username", "display_name", "role", "unit_id", "title", "phone", "county_id")


def county_ensure(ctx: DemoContext) -> None:
    county = County.objects.filter(code=COUNTY_CODE).first()
    if county is None:
        county = County.objects.create(code=COUNTY_CODE, name=COUNTY_NAME)
        ctx.record_created("county", [county], ("code", "name"))
    ctx.county = county


def _parent_depth(spec: UnitSpec, by_code: dict[str, UnitSpec]) -> int:
    depth = 0
    while spec.parent and spec.parent in by_code:
        spec = by_code[spec.parent]
        depth += 1
    return depth


def units_ensure(ctx: DemoContext) -> None:
    """Insert the demo units that are missing, parents before children (one bulk insert a
    level; SQLite and PostgreSQL both return the new keys). A unit already there under the demo
    code or the demo name is left as it is."""
    county = ctx.require_county()
    existing = list(Unit.objects.filter(county=county))
    by_code = {u.code: u for u in existing}
    by_name = {u.name: u for u in existing}
    for spec in UNITS:
        found = by_code.get(spec.code) or by_name.get(spec.name)
        if found is not None:
            ctx.units[spec.code] = found
    missing = [spec for spec in UNITS if spec.code not in ctx.units]
    specs_by_code = {spec.code: spec for spec in UNITS}
    created: list[Unit] = []
    for depth in sorted({_parent_depth(s, specs_by_code) for s in missing}):
        level = [s for s in missing if _parent_depth(s, specs_by_code) == depth]
        batch = [
            Unit(
                county=county,
                code=s.code,
                name=s.name,
                short_name=s.short_name,
                kind=s.kind,
                system=s.system,
                area=s.area,
                is_observation_point=s.observation_point,
                is_pilot=s.pilot,
                parent=ctx.units.get(s.parent) if s.parent else None,
            )
            for s in level
        ]
        Unit.objects.bulk_create(batch)
        for unit in batch:
            ctx.units[unit.code] = unit
        created.extend(batch)
    ctx.record_created("units", created, UNIT_FIELDS)


def aliases_ensure(ctx: DemoContext) -> None:
    """Insert the missing aliases. An alias that is already a unit's name or another unit's
    alias is skipped: it would make that name ambiguous."""
    county = ctx.require_county()
    taken = set(UnitAlias.objects.filter(county=county).values_list("name", flat=True))
    taken |= set(Unit.objects.filter(county=county).values_list("name", flat=True))
    batch = []
    for spec in UNITS:
        unit = ctx.units.get(spec.code)
        if unit is None:
            continue
        for name in spec.aliases:
            if name not in taken:
                taken.add(name)
                batch.append(UnitAlias(county=county, unit=unit, name=name))
    UnitAlias.objects.bulk_create(batch)
    ctx.record_created("aliases", batch, ("name", "unit_id"))


def users_ensure(ctx: DemoContext) -> None:
    """Insert the demo accounts that are missing, all with the documented demo password.

    The password is hashed once and the hash shared: the demo password is public anyway, and a
    PBKDF2 hash per account would make up most of the build time.
    """
    county = ctx.require_county()
    wanted = [spec.username for spec in USERS]
    existing = User.objects.in_bulk(wanted, field_name="username")
    ctx.users.update(existing)
    missing = [spec for spec in USERS if spec.username not in existing]
    if not missing:
        return
    password_hash = make_password(DEMO_PASSWORD)
    batch = []
    for spec in missing:
        user = User(
            username=spec.username,
            role=spec.role,
            county=county,
            unit=ctx.units.get(spec.unit),
            display_name=spec.display_name,
            title=spec.title,
            phone=spec.phone,
            is_staff=False,
            is_superuser=False,
            is_active=True,
        )
        validate_password(DEMO_PASSWORD, user)  # a demo password the project would refuse is a bug
        user.password = password_hash
        batch.append(user)
    User.objects.bulk_create(batch)
    for user in batch:
        ctx.users[user.username] = user
    ctx.record_created("users", batch, USER_FIELDS)


def assignments_ensure(ctx: DemoContext) -> None:
    """Give each supervision group's inspector the departments of its systems and the townships
    of its areas; insert only the missing links (one audit record per inspector changed)."""
    through = User.assigned_units.through
    inspectors = [ctx.users[g.inspector] for g in SUPERVISION_GROUPS if g.inspector in ctx.users]
    have = set(through.objects.filter(user__in=inspectors).values_list("user_id", "unit_id"))
    links = []
    for group in SUPERVISION_GROUPS:
        inspector = ctx.users.get(group.inspector)
        if inspector is None or inspector.role != "inspector":
            continue  # an account of that name that the demo did not make is left alone
        added = []
        for code in group_unit_codes(group):
            unit = ctx.units.get(code)
            if unit is None or (inspector.pk, unit.pk) in have:
                continue
            links.append(through(user_id=inspector.pk, unit_id=unit.pk))
            added.append(code)
        if added:
            ctx.add_audit(
                AuditEntry(
                    action="permission",
                    object_type="org.user",
                    object_id=str(inspector.pk),
                    object_repr=str(inspector),
                    after={"group": group.name, "assigned_units_added": added},
                    county_id=inspector.county_id,
                )
            )
    through.objects.bulk_create(links)
    ctx.count("assignments", len(links))
