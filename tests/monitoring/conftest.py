"""The figures cache (jianfu/monitoring/selectors/cache.py) starts empty in every test: the
in-memory cache outlives a test's database, whose ids may repeat in the next test."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_figures_cache():
    cache.clear()
    yield
    cache.clear()
