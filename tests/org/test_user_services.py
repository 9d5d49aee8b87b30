import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jianfu.core.actor import Actor
from jianfu.core.models import AuditEvent
from jianfu.org.models import ADMIN_ROLES, BUSINESS_ROLES, County, Role, Unit, User
from jianfu.org.users import (
    locked_usernames,
    user_activate,
    user_create,
    user_deactivate,
    user_set_password,
    user_unlock,
    user_update,
)

GOOD = "Qh-Strong#2025x"


def web(user):
    return Actor(channel="web", user=user, username=user.username)


def create(actor, units, **extra):
    values = {
        "username": "newclerk",
        "role": Role.CLERK,
        "unit": units["ny"],
        "password": GOOD,
        "display_name": "新经办人",
    } | extra
    return user_create(actor=actor, **values)


@pytest.mark.django_db
@pytest.mark.parametrize("role", sorted(BUSINESS_ROLES))
def test_sysadmin_creates_every_business_role(users, units, role):
    user = create(web(users["sysadmin"]), units, role=role)
    assert user.role == role
    assert user.county_id == units["ny"].county_id
    assert user.check_password(GOOD)
    event = AuditEvent.objects.get(action="create", object_type="org.user")
    assert event.after["role"] == role
    assert "password" not in event.after  # never in the trail


@pytest.mark.django_db
@pytest.mark.parametrize("role", sorted(ADMIN_ROLES))
def test_sysadmin_can_never_create_an_admin_account(users, units, role):
    with pytest.raises(ValidationError) as exc:
        create(web(users["sysadmin"]), units, role=role)
    assert "三员分立" in exc.value.message_dict["role"][0]
    assert not User.objects.filter(username="newclerk").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", sorted(ADMIN_ROLES))
def test_sysadmin_can_never_elevate_an_account(users, role):
    with pytest.raises(ValidationError):
        user_update(actor=web(users["sysadmin"]), user=users["clerk_ny"], role=role)
    users["clerk_ny"].refresh_from_db()
    assert users["clerk_ny"].role == Role.CLERK


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["sysadmin", "secadmin", "auditadmin"])
def test_sysadmin_can_never_change_an_admin_account(users, target):
    actor = web(users["sysadmin"])
    with pytest.raises(PermissionDenied):
        user_update(actor=actor, user=users[target], role=Role.CLERK)
    with pytest.raises(PermissionDenied):
        user_update(actor=actor, user=users[target], display_name="x")
    with pytest.raises(PermissionDenied):
        user_set_password(actor=actor, user=users[target], password=GOOD)
    with pytest.raises(PermissionDenied):
        user_deactivate(actor=actor, user=users[target])


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["secadmin", "auditadmin", "coordinator", "clerk_ny"])
def test_only_sysadmin_manages_accounts(users, units, who):
    with pytest.raises(PermissionDenied):
        create(web(users[who]), units)
    with pytest.raises(PermissionDenied):
        user_update(actor=web(users[who]), user=users["clerk_jy"], display_name="x")


@pytest.mark.django_db
def test_command_line_operator_may_create_admin_accounts(units):
    user = create(Actor.command(), units, username="sec2", role=Role.SECADMIN)
    assert user.role == Role.SECADMIN


@pytest.mark.django_db
def test_update_moves_county_with_unit_and_audits_permission_change(users, units):
    actor = web(users["sysadmin"])
    user = user_update(actor=actor, user=users["clerk_ny"], unit=units["jy"], role=Role.LEADER)
    assert user.unit == units["jy"] and user.county_id == units["jy"].county_id
    event = AuditEvent.objects.get(action="permission")
    assert event.before["role"] == "clerk" and event.after["role"] == "leader"
    assert event.before["unit_id"] == units["ny"].pk and event.after["unit_id"] == units["jy"].pk
    before = AuditEvent.objects.count()
    user_update(actor=actor, user=user, unit=units["jy"], role=Role.LEADER)
    assert AuditEvent.objects.count() == before  # nothing changed, nothing recorded
    user_update(actor=actor, user=user, phone="13800000000")
    assert AuditEvent.objects.filter(action="update", object_type="org.user").count() == 1


@pytest.mark.django_db
def test_unit_of_another_county_is_refused(users):
    other = County.objects.create(code="LS", name="柳山县")
    foreign = Unit.objects.create(county=other, code="LS-1", name="柳山县教育局", kind="department")
    with pytest.raises(ValidationError) as exc:
        user_update(actor=web(users["sysadmin"]), user=users["clerk_ny"], unit=foreign)
    assert "unit" in exc.value.message_dict


@pytest.mark.django_db
def test_account_of_another_county_is_refused(users, units):
    other = County.objects.create(code="LS", name="柳山县")
    foreign_unit = Unit.objects.create(
        county=other, code="LS-1", name="柳山县教育局", kind="department"
    )
    stranger = User.objects.create(
        username="ls_clerk", role="clerk", county=other, unit=foreign_unit
    )
    with pytest.raises(PermissionDenied):
        user_update(actor=web(users["sysadmin"]), user=stranger, display_name="x")


@pytest.mark.django_db
def test_username_taken_and_weak_password_are_listed_together(users, units):
    with pytest.raises(ValidationError) as exc:
        create(web(users["sysadmin"]), units, username="clerk_jy", password="abc")
    errors = exc.value.message_dict
    assert "已被使用" in errors["username"][0]
    assert errors["password"]


@pytest.mark.django_db
def test_set_password_validates_and_audits_without_secret(users):
    actor = web(users["sysadmin"])
    with pytest.raises(ValidationError):
        user_set_password(actor=actor, user=users["clerk_ny"], password="password")
    user_set_password(actor=actor, user=users["clerk_ny"], password=GOOD)
    users["clerk_ny"].refresh_from_db()
    assert users["clerk_ny"].check_password(GOOD)
    event = AuditEvent.objects.get(action="password")
    assert GOOD not in str(event.after) and GOOD not in str(event.before)


@pytest.mark.django_db
def test_deactivate_and_activate(users):
    actor = web(users["sysadmin"])
    user_deactivate(actor=actor, user=users["clerk_ny"])
    users["clerk_ny"].refresh_from_db()
    assert not users["clerk_ny"].is_active
    event = AuditEvent.objects.get(action="update", object_type="org.user")
    assert event.before["is_active"] is True and event.after["is_active"] is False
    user_activate(actor=actor, user=users["clerk_ny"])
    users["clerk_ny"].refresh_from_db()
    assert users["clerk_ny"].is_active


@pytest.mark.django_db
def test_secadmin_unlocks_and_it_is_audited(users, client):
    for _ in range(5):
        client.post("/login/", {"username": "clerk_ny", "password": "wrong"})
    assert locked_usernames(["clerk_ny", "clerk_jy"]) == {"clerk_ny"}
    with pytest.raises(PermissionDenied):
        user_unlock(actor=web(users["sysadmin"]), user=users["clerk_ny"])
    user_unlock(actor=web(users["secadmin"]), user=users["clerk_ny"])
    assert locked_usernames(["clerk_ny"]) == set()
    event = AuditEvent.objects.get(action="unlock")
    assert event.username == "secadmin" and event.object_repr == "clerk_ny"
