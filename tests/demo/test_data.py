"""The demo county's data is consistent before it ever reaches a database."""

from collections import Counter

from jianfu.demo.data import (
    AREAS,
    DEPARTMENTS,
    SUPERVISION_GROUPS,
    SYSTEMS,
    TOWNSHIPS,
    UNITS,
    USERS,
    group_unit_codes,
)
from jianfu.org.models import Role, UnitKind


def test_codes_names_and_aliases_are_unique():
    codes = Counter(u.code for u in UNITS)
    names = Counter(u.name for u in UNITS)
    aliases = Counter(a for u in UNITS for a in u.aliases)
    assert [c for c, n in codes.items() if n > 1] == []
    assert [c for c, n in names.items() if n > 1] == []
    assert [a for a, n in aliases.items() if n > 1] == []
    assert not set(aliases) & set(names), "an alias must not be another unit's name"
    for unit in UNITS:
        assert unit.short_name not in unit.aliases
        assert unit.name not in unit.aliases


def test_kinds_parents_systems_and_areas():
    codes = {u.code for u in UNITS}
    assert {u.kind for u in UNITS} == set(UnitKind.values)
    for unit in UNITS:
        assert not unit.parent or unit.parent in codes, unit
    for unit in DEPARTMENTS:
        assert unit.system in SYSTEMS, unit
    assert {u.system for u in DEPARTMENTS} == set(SYSTEMS)
    for unit in TOWNSHIPS:
        assert unit.area in AREAS and unit.observation_point, unit
    assert any(u.name.endswith("街道") for u in TOWNSHIPS)
    assert not any(u.observation_point for u in UNITS if u.kind != "township")
    assert sum(u.pilot for u in UNITS) == 2


def test_every_role_has_an_account_in_a_demo_unit():
    codes = {u.code for u in UNITS}
    assert {u.role for u in USERS} == set(Role.values)
    assert all(u.unit in codes for u in USERS)
    assert len({u.username for u in USERS}) == len(USERS)
    clerk_units = {u.unit for u in USERS if u.role == "clerk"}
    leader_units = {u.unit for u in USERS if u.role == "leader"}
    townships = {u.code for u in TOWNSHIPS}
    departments = {u.code for u in DEPARTMENTS}
    assert len(clerk_units & leader_units & townships) >= 2
    assert len(clerk_units & leader_units & departments) >= 1


def test_supervision_groups_partition_departments_and_townships():
    assigned = [code for g in SUPERVISION_GROUPS for code in group_unit_codes(g)]
    expected = {u.code for u in DEPARTMENTS + TOWNSHIPS}
    assert len(assigned) == len(set(assigned)), "a unit in two groups"
    assert set(assigned) == expected
    sizes = [len(group_unit_codes(g)) for g in SUPERVISION_GROUPS]
    assert len(sizes) == 3 and max(sizes) - min(sizes) <= 4, sizes
    inspectors = {u.username for u in USERS if u.role == "inspector"}
    assert {g.inspector for g in SUPERVISION_GROUPS} == inspectors
