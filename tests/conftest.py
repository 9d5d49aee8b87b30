"""Shared fixtures: a small county with units of every kind and a user for every role."""

from __future__ import annotations

import os

import pytest

# Playwright's sync API runs an event loop in the test thread; Django must allow ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "Jianfu-Test-2025!"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Stored files (import originals, hand-made ledgers) go to a per-test folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counts (R13) start from zero in every test."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def client():
    """Django's test client whose force_login also passes an administrator's second factor (R5);
    see tests/security/otp_helpers.py."""
    from tests.security.otp_helpers import VerifiedClient

    return VerifiedClient()


@pytest.fixture
def county(db):
    from jianfu.org.models import County

    return County.objects.create(code="QH", name="青河县")


@pytest.fixture
def units(county):
    """Two departments, two townships, one county-leadership office, one higher-level body."""
    from jianfu.org.models import Unit, UnitKind

    def make(code, name, kind, short="", **extra):
        return Unit.objects.create(
            county=county, code=code, name=name, short_name=short, kind=kind, **extra
        )

    return {
        "xwb": make("QH-XWB", "县委办公室", UnitKind.COUNTY, "县委办"),
        "ny": make("QH-NY", "县农业农村局", UnitKind.DEPARTMENT, "农业农村局", system="农业"),
        "jy": make("QH-JY", "县教育局", UnitKind.DEPARTMENT, "教育局", system="教育"),
        "hk": make("QH-HK", "河口乡", UnitKind.TOWNSHIP, area="东片", is_observation_point=True),
        "cg": make("QH-CG", "城关镇", UnitKind.TOWNSHIP, area="西片", is_observation_point=True),
        "sw": make("SW", "市委办公室", UnitKind.HIGHER),
    }


@pytest.fixture
def make_user(county, units):
    from jianfu.org.models import User

    def make(username, role, unit_key=None, **extra):
        user = User(
            username=username,
            role=role,
            county=county,
            unit=units[unit_key] if unit_key else None,
            display_name=extra.pop("display_name", username),
            **extra,
        )
        user.set_password(PASSWORD)
        user.save()
        return user

    return make


@pytest.fixture
def users(make_user):
    """One account per role; the clerks sit in two different units."""
    return {
        "clerk_ny": make_user("clerk_ny", "clerk", "ny"),
        "clerk_jy": make_user("clerk_jy", "clerk", "jy"),
        "clerk_hk": make_user("clerk_hk", "clerk", "hk"),
        "leader_ny": make_user("leader_ny", "leader", "ny"),
        "coordinator": make_user("coordinator", "coordinator", "xwb"),
        "approver": make_user("approver", "approver", "xwb"),
        "inspector": make_user("inspector", "inspector", "xwb"),
        "sysadmin": make_user("sysadmin", "sysadmin", "xwb"),
        "secadmin": make_user("secadmin", "secadmin", "xwb"),
        "auditadmin": make_user("auditadmin", "auditadmin", "xwb"),
    }


# The Playwright fixtures (one Chromium per test process), shared by every folder's browser tests.
from tests.browser_fixtures import browser, login, page, problems  # noqa: E402, F401
