"""`jianfu demo`: builds 青河县 with every kind of unit and every role; a second run changes
nothing; `--logins` lists the accounts without touching the database."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth.password_validation import validate_password
from django.core.management import CommandError, call_command

from jianfu.core.audit import audit_verify
from jianfu.core.models import AuditEvent
from jianfu.demo.data import (
    COUNTY_UNITS,
    DEMO_PASSWORD,
    DEPARTMENTS,
    HIGHER_UNITS,
    SUPERVISION_GROUPS,
    TOWNSHIPS,
    UNITS,
    USERS,
)
from jianfu.org.models import County, Role, Unit, UnitAlias, User
from jianfu.rules.models import RuleSet

pytestmark = pytest.mark.django_db

# These tests are about the organisation the demo builds and the command's behaviour; the year
# of ledgers (a slower step) is built and checked once per module in test_ledgers*.py.
HEAVY_STEPS = {"ledgers", "hand_ledgers"}


@pytest.fixture(autouse=True)
def organisation_steps_only(monkeypatch):
    from jianfu.demo import builder

    monkeypatch.setattr(
        builder, "STEPS", tuple(s for s in builder.STEPS if s.name not in HEAVY_STEPS)
    )


def run_demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def row_counts() -> dict[str, int]:
    """Rows in every table the project has, auto-created M2M tables included."""
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy:
            counts[model._meta.label] = model._default_manager.count()
    return counts


@pytest.fixture
def built():
    summary = json.loads(run_demo("--json"))
    return summary


def test_builds_the_expected_units_by_kind(built):
    county = County.objects.get(code="QH")
    assert county.name == "青河县"
    by_kind = built["totals"]["units"]
    assert by_kind == {
        "county": len(COUNTY_UNITS),
        "department": len(DEPARTMENTS),
        "township": len(TOWNSHIPS),
        "higher": len(HIGHER_UNITS),
    }
    assert by_kind["county"] == 8
    assert 38 <= by_kind["department"] <= 45
    assert 12 <= by_kind["township"] <= 18
    assert built["created"]["units"] == len(UNITS)
    townships = Unit.objects.filter(county=county, kind="township")
    assert all(t.is_observation_point for t in townships)
    assert townships.filter(name__endswith="街道").exists()
    assert Unit.objects.filter(county=county, is_pilot=True).count() == 2
    assert set(Unit.objects.filter(county=county).values_list("county_id", flat=True)) == {
        county.pk
    }


def test_units_carry_short_names_aliases_and_parents(built):
    xwb = Unit.objects.get(code="QH-XWB")
    assert xwb.short_name == "县委办"
    assert xwb.parent.name == "中共青河县委员会"
    assert set(xwb.aliases.values_list("name", flat=True)) >= {"中共青河县委办公室"}
    assert UnitAlias.objects.get(name="县扶贫办").unit.code == "QH-XCZX"
    assert UnitAlias.objects.count() == sum(len(u.aliases) for u in UNITS)
    assert Unit.objects.get(code="SJ-SWB").kind == "higher"
    assert Unit.objects.filter(kind="department").exclude(system="").count() == len(DEPARTMENTS)


def test_the_county_gets_the_default_rule_set(built):
    assert built["created"]["rules"] == 1
    assert RuleSet.objects.filter(county__code="QH").count() == 1


def test_every_role_has_a_user_and_the_demo_password_validates(built):
    users = User.objects.filter(username__in=[u.username for u in USERS]).select_related("unit")
    assert {u.role for u in users} == set(Role.values)
    assert users.count() == len(USERS)
    for user in users:
        assert user.county.code == "QH" and user.unit is not None
        assert not user.is_superuser and not user.is_staff and user.is_active
        assert user.display_name
        validate_password(DEMO_PASSWORD, user)  # raises ValidationError when refused
        assert user.check_password(DEMO_PASSWORD)


def test_inspectors_partition_departments_and_townships(built):
    seen: dict[int, str] = {}
    for group in SUPERVISION_GROUPS:
        inspector = User.objects.get(username=group.inspector)
        assert inspector.role == "inspector"
        units = list(inspector.assigned_units.all())
        assert units, group.name
        for unit in units:
            assert unit.kind in ("department", "township")
            assert unit.pk not in seen, f"{unit} assigned to {seen.get(unit.pk)} and {group.name}"
            seen[unit.pk] = group.name
    expected = set(
        Unit.objects.filter(kind__in=["department", "township"]).values_list("pk", flat=True)
    )
    assert set(seen) == expected


def test_build_is_audited_in_one_verified_chain(built):
    events = AuditEvent.objects.all()
    assert built["audit_records"] == events.count()
    assert events.filter(action="create", object_type="org.unit").count() == len(UNITS)
    assert events.filter(action="create", object_type="org.user").count() == len(USERS)
    assert events.filter(action="permission").count() == len(SUPERVISION_GROUPS)
    assert events.filter(action="config", object_type="rules.ruleset").count() == 1
    assert set(events.values_list("channel", flat=True)) == {"cli"}
    assert audit_verify().ok
    assert not any("Demo@" in json.dumps(e.after, ensure_ascii=False) for e in events)


def test_second_run_creates_no_rows_and_no_audit_records(built):
    before = row_counts()
    audit_before = AuditEvent.objects.count()
    again = json.loads(run_demo("--json"))
    assert row_counts() == before
    assert AuditEvent.objects.count() == audit_before
    assert again["audit_records"] == 0
    assert set(again["created"].values()) == {0}
    assert "未作改动" in run_demo()


def test_a_unit_edited_after_the_build_is_left_alone(built):
    unit = Unit.objects.get(code="QH-HK")
    Unit.objects.filter(pk=unit.pk).update(short_name="河口", area="东南片")
    User.objects.filter(username="hk_clerk").delete()
    again = json.loads(run_demo("--json"))
    assert again["created"]["users"] == 1 and again["created"]["units"] == 0
    unit.refresh_from_db()
    assert (unit.short_name, unit.area) == ("河口", "东南片")
    assert User.objects.get(username="hk_clerk").unit == unit


def test_logins_lists_every_account_and_changes_nothing(built):
    before = row_counts()
    table = run_demo("--logins")
    assert row_counts() == before
    for spec in USERS:
        assert spec.username in table
    assert "经办人" in table and "审计管理员" in table and DEMO_PASSWORD in table
    listed = json.loads(run_demo("--logins", "--json"))
    assert [r["username"] for r in listed["logins"]] == [u.username for u in USERS]
    assert {r["unit"] for r in listed["logins"]} >= {"城关镇", "河口乡", "县农业农村局"}


def test_logins_before_the_build_says_what_to_do():
    with pytest.raises(CommandError, match="jianfu demo"):
        run_demo("--logins")


def test_refuses_to_run_with_production_settings(monkeypatch):
    monkeypatch.setenv("JIANFU_ENV", "production")
    with pytest.raises(CommandError, match="生产环境"):
        run_demo()
    assert not County.objects.exists()
