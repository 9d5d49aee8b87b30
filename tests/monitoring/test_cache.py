"""The figures cache: one computation per write, shared by the workers, computed once when many
requests miss at the same moment (jianfu/monitoring/selectors/cache.py)."""

from __future__ import annotations

import threading
import time

import pytest
from django.core.cache import cache
from django.test import override_settings

from jianfu.monitoring.selectors import cache as figures_cache
from jianfu.monitoring.selectors.cache import cached_figures

DATABASE_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "jianfu_cache",
    }
}


class Counter:
    def __init__(self, seconds: float = 0.0):
        self.calls = 0
        self.seconds = seconds
        self.lock = threading.Lock()

    def __call__(self) -> dict:
        with self.lock:
            self.calls += 1
        time.sleep(self.seconds)
        return {"documents": 7, "rows": [{"unit": "QH-NY", "name": "县农业农村局"}]}


def test_an_entry_is_computed_once_per_data_version():
    compute = Counter()
    for _ in range(3):
        assert cached_figures("t", (1, "all"), compute, (10, 20))["documents"] == 7
    assert compute.calls == 1
    cached_figures("t", (1, "all"), compute, (11, 20))  # a write: the version moved
    cached_figures("t", (1, "all"), compute, (11, 21))  # a new ledger line
    assert compute.calls == 3
    cached_figures("t", (2, "all"), compute, (11, 21))  # another county or period or scope
    assert compute.calls == 4


def test_requests_missing_at_once_compute_once_and_all_get_the_figures():
    compute = Counter(seconds=0.4)
    results: list[dict] = []

    def read() -> None:
        results.append(cached_figures("rush", (1, "all"), compute, (5, 5)))

    threads = [threading.Thread(target=read) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert compute.calls == 1
    assert len(results) == 6 and all(r["documents"] == 7 for r in results)
    assert cache.get("jianfu:monitoring:rush:1:all:5:5:computing") is None  # lock released


def test_a_failed_computation_releases_the_lock_and_the_next_request_computes():
    def broken() -> dict:
        raise RuntimeError("database gone")

    with pytest.raises(RuntimeError):
        cached_figures("fail", (1,), broken, (1, 1))
    compute = Counter()
    assert cached_figures("fail", (1,), compute, (1, 1))["documents"] == 7
    assert compute.calls == 1


def test_a_waiter_computes_itself_when_the_other_request_never_delivers(monkeypatch):
    """A worker killed mid-computation leaves its lock: the others wait, then compute."""
    monkeypatch.setattr(figures_cache, "WAIT_SECONDS", 0.2)
    cache.add("jianfu:monitoring:stuck:1:1:1:computing", 1, 60)
    compute = Counter()
    assert cached_figures("stuck", (1,), compute, (1, 1))["documents"] == 7
    assert compute.calls == 1


@pytest.mark.django_db(transaction=True)
def test_the_database_cache_keeps_entries_where_every_worker_reads_them():
    """Production's cache is a table (created by `migrate`, core 0003): what one worker
    computed is a row any other reads."""
    from django.db import connection

    with override_settings(CACHES=DATABASE_CACHE):
        compute = Counter()
        parts = (1, "2025-01-01", "2025-12-31", "all")
        first = cached_figures("shared", parts, compute)
        with connection.cursor() as cursor:
            cursor.execute("SELECT cache_key FROM jianfu_cache")
            keys = [row[0] for row in cursor.fetchall()]
        entry = "jianfu:monitoring:shared:1:2025-01-01:2025-12-31:all:0:0"
        assert any(k.endswith(entry) for k in keys)
        assert not any(k.endswith(":computing") for k in keys)  # the lock is gone
        assert cached_figures("shared", parts, compute) == first and compute.calls == 1


@override_settings(JIANFU_FIGURES_CACHE_SECONDS=0)
def test_caching_can_be_turned_off():
    compute = Counter()
    cached_figures("off", (1,), compute, (1, 1))
    cached_figures("off", (1,), compute, (1, 1))
    assert compute.calls == 2
