"""Fixtures for the filings-items tests: a unit's API token."""

from __future__ import annotations

import pytest

from jianfu.core.actor import Actor


@pytest.fixture
def token_of(units, users):
    """token_of("ny") -> the plaintext of a new API token for that unit."""
    from jianfu.api.tokens import api_token_create

    def issue(unit_key: str) -> str:
        actor = Actor.command(users["sysadmin"])
        return api_token_create(actor=actor, unit=units[unit_key], name="OA").plaintext

    return issue
