from __future__ import annotations

import os

import pytest

from jianfu.demo.context import TODAY_ENV

from .today import DEMO_TODAY


@pytest.fixture(scope="session", autouse=True)
def demo_today():
    """Every demo built by these tests lives in DEMO_TODAY (before any module's build)."""
    before = os.environ.get(TODAY_ENV)
    os.environ[TODAY_ENV] = DEMO_TODAY.isoformat()
    yield DEMO_TODAY
    if before is None:
        os.environ.pop(TODAY_ENV, None)
    else:
        os.environ[TODAY_ENV] = before
