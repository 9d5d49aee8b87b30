"""R5: the security administrator resets a lost second factor; nobody else can, and the user
binds a new device at the next login."""

from __future__ import annotations

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from jianfu.core.models import AuditEvent
from tests.conftest import PASSWORD
from tests.security.otp_helpers import VerifiedClient, otp_login, totp_device

pytestmark = pytest.mark.django_db


def _as(user) -> Client:
    client = VerifiedClient()
    client.force_login(user)
    return client


def test_security_admin_resets_a_lost_device_and_the_user_binds_a_new_one(users):
    auditadmin = users["auditadmin"]
    old = totp_device(auditadmin)
    victim = Client()
    assert otp_login(victim, "auditadmin", PASSWORD).status_code == 302
    assert victim.get("/audit/").status_code == 200

    secadmin = _as(users["secadmin"])
    listing = secadmin.get("/org/users/").content.decode()
    assert f"/org/users/{auditadmin.pk}/otp-reset/" in listing
    response = secadmin.post(f"/org/users/{auditadmin.pk}/otp-reset/")
    assert response.status_code == 302

    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    # the session verified with the lost device is over
    assert victim.get("/audit/").status_code == 302
    # at the next login the password leads to binding a new device, not to the audit trail
    fresh = Client()
    response = fresh.post("/login/", {"username": "auditadmin", "password": PASSWORD})
    assert "/account/otp/" in response["Location"]
    assert fresh.get("/audit/").status_code == 302
    event = AuditEvent.objects.filter(object_id=str(auditadmin.pk), action="update").last()
    assert event.after["otp_devices_removed"] == 1
    assert event.username == "secadmin"


@pytest.mark.parametrize("role_user", ["sysadmin", "auditadmin", "coordinator", "clerk_ny"])
def test_only_the_security_admin_may_reset(users, role_user):
    target = users["clerk_jy"]
    device = totp_device(target)
    response = _as(users[role_user]).post(f"/org/users/{target.pk}/otp-reset/")
    assert response.status_code in (403, 404)
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


def test_the_security_admin_cannot_reset_their_own_device(users):
    secadmin = users["secadmin"]
    client = _as(secadmin)
    device = totp_device(secadmin)
    response = client.post(f"/org/users/{secadmin.pk}/otp-reset/")
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    assert f"/org/users/{secadmin.pk}/otp-reset/" not in client.get("/org/users/").content.decode()


def test_another_countys_user_is_not_found(users, make_user):
    from jianfu.org.models import County, User

    other = County.objects.create(code="XX", name="外县")
    stranger = User.objects.create(username="stranger", role="clerk", county=other)
    device = totp_device(stranger)
    response = _as(users["secadmin"]).post(f"/org/users/{stranger.pk}/otp-reset/")
    assert response.status_code == 404
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
