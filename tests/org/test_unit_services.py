import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jianfu.core.actor import Actor
from jianfu.core.models import AuditEvent
from jianfu.org.models import County, Unit, UnitAlias, UnitKind
from jianfu.org.units import (
    split_aliases,
    unit_create,
    unit_resolve,
    unit_resolve_index,
    unit_set_aliases,
    unit_update,
)


def web(user):
    return Actor(channel="web", user=user, username=user.username)


def test_split_aliases_accepts_every_separator():
    assert split_aliases("县委办、两办;中办；县委 ， 县委办\n党办") == [
        "县委办",
        "两办",
        "中办",
        "县委",
        "党办",
    ]
    assert split_aliases("") == []


@pytest.mark.django_db
def test_create_records_audit_with_after_snapshot(users, county):
    unit = unit_create(
        actor=web(users["sysadmin"]),
        county=county,
        code=" QH-WJ ",
        name="县卫生健康局",
        kind=UnitKind.DEPARTMENT,
        system="卫生",
        aliases=["卫健局", "县卫健局"],
    )
    assert unit.code == "QH-WJ"
    event = AuditEvent.objects.get(action="create", object_type="org.unit")
    assert event.after["name"] == "县卫生健康局"
    assert event.after["aliases"] == sorted(["县卫健局", "卫健局"])
    assert event.before is None
    assert event.username == "sysadmin"


@pytest.mark.django_db
def test_update_records_before_and_after_and_nothing_when_unchanged(users, units):
    actor = web(users["sysadmin"])
    unit_update(actor=actor, unit=units["ny"], system="农业农村", is_pilot=True)
    event = AuditEvent.objects.get(action="update", object_type="org.unit")
    assert event.before["system"] == "农业" and event.after["system"] == "农业农村"
    assert event.before["is_pilot"] is False and event.after["is_pilot"] is True
    count = AuditEvent.objects.count()
    unit_update(actor=actor, unit=units["ny"], system="农业农村", is_pilot=True)
    assert AuditEvent.objects.count() == count


@pytest.mark.django_db
def test_duplicate_code_or_name_is_refused_in_chinese(users, units, county):
    with pytest.raises(ValidationError) as exc:
        unit_create(
            actor=web(users["sysadmin"]),
            county=county,
            code="QH-NY",
            name="县教育局",
            kind=UnitKind.DEPARTMENT,
        )
    assert "已被其他单位使用" in exc.value.message_dict["code"][0]
    assert "已有名为" in exc.value.message_dict["name"][0]


@pytest.mark.django_db
def test_alias_of_another_unit_is_refused(users, units):
    actor = web(users["sysadmin"])
    unit_set_aliases(actor=actor, unit=units["xwb"], aliases=["两办"])
    with pytest.raises(ValidationError) as exc:
        unit_set_aliases(actor=actor, unit=units["ny"], aliases=["两办"])
    assert "已属于其他单位" in exc.value.message_dict["aliases"][0]
    with pytest.raises(ValidationError):  # another unit's full name, county-prefixed
        unit_set_aliases(actor=actor, unit=units["ny"], aliases=["青河县教育局"])


@pytest.mark.django_db
def test_parent_cannot_be_itself_or_below_itself(users, units):
    actor = web(users["sysadmin"])
    unit_update(actor=actor, unit=units["hk"], parent=units["xwb"])
    with pytest.raises(ValidationError):
        unit_update(actor=actor, unit=units["xwb"], parent=units["hk"])


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["clerk_ny", "coordinator", "secadmin", "auditadmin"])
def test_only_sysadmin_manages_units(users, units, county, role):
    with pytest.raises(PermissionDenied):
        unit_update(actor=web(users[role]), unit=units["ny"], system="x")
    with pytest.raises(PermissionDenied):
        unit_create(
            actor=web(users[role]), county=county, code="X", name="X", kind=UnitKind.DEPARTMENT
        )


@pytest.mark.django_db
def test_sysadmin_cannot_touch_another_county(users):
    other = County.objects.create(code="LS", name="柳山县")
    foreign = Unit.objects.create(
        county=other, code="LS-1", name="柳山县教育局", kind=UnitKind.DEPARTMENT
    )
    with pytest.raises(PermissionDenied):
        unit_update(actor=web(users["sysadmin"]), unit=foreign, system="x")


@pytest.mark.django_db
def test_resolve_index_meets_full_short_alias_and_prefixed_names(users, units, county):
    UnitAlias.objects.create(county=county, unit=units["ny"], name="农业局")
    index = unit_resolve_index(county)
    xwb = units["xwb"].pk
    for name in ("县委办", "县委办公室", "中共青河县委办公室", "青河县委办公室", " 县委办公室 "):
        assert unit_resolve(county, name, index) == xwb, name
    assert unit_resolve(county, "青河县农业局", index) == units["ny"].pk
    assert unit_resolve(county, "农业农村局", index) == units["ny"].pk
    assert unit_resolve(county, "不存在的局", index) is None


@pytest.mark.django_db
def test_resolve_index_is_two_queries_and_leaves_out_ambiguous_short_names(county, units):
    Unit.objects.create(
        county=county, code="QH-X", name="某某中心", short_name="教育局", kind=UnitKind.DEPARTMENT
    )
    for n in range(30):
        Unit.objects.create(county=county, code=f"T{n}", name=f"单位{n}", kind="department")
    with CaptureQueriesContext(connection) as queries:
        index = unit_resolve_index(county)
    assert len(queries) == 2
    assert "教育局" not in index  # two units have that short name: not guessed
    assert index["县教育局"] == units["jy"].pk
