import pytest

from jianfu.core.actor import Actor
from jianfu.filings.services.stages import approval_stages_ensure_default


@pytest.fixture
def stages(county):
    approval_stages_ensure_default(county)
    return county


@pytest.fixture
def actor_of(users):
    def make(name: str) -> Actor:
        user = users[name]
        return Actor(channel="web", user=user, username=user.username)

    return make


@pytest.fixture(autouse=True)
def _fresh_verify_budget():
    """The verification page's per-address budget lives in the cache: start and end clean."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
