import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():
    """The figures cache and the verification budget live in the cache: start and end clean."""
    cache.clear()
    yield
    cache.clear()
