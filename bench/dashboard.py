"""Dashboard and API reads on the 1,000,000-line county of `bench.stats`, 8 concurrent clients.

A real server in a second process, served the way production serves it (`gunicorn jianfu.wsgi`,
WORKERS processes on loopback, the cache the workers share in a database table, persistent
database connections), reads the same benchmark database; 8 client threads (http.client) sign
in with a coordinator's session and read, for the year 2025, the dashboard page
(`/monitoring/`) and the figures the API gives (`/api/v1/monitoring/figures`). Reported: p50 and
p95 latency per URL, warm (between writes, the figures cached) and cold (WORKERS people reading
at once right after a ledger write: one computes the figures afresh from the monthly rollup,
ADR 0006, the others wait for its result), and errors. Target (R19, issue 5): p95 under 100 ms
warm, no errors; cold well under 1 s.
"""

from __future__ import annotations

import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from .stats import SIZE, _setup

CLIENTS = 8
REQUESTS_PER_CLIENT = 12
WORKERS = 4
CACHE = "database"  # production's shared cache (settings.CACHE_BACKENDS)
COLD_SAMPLES = 8
QUERY = "start=2025-01-01&end=2025-12-31"
URLS = {
    "dashboard": f"/monitoring/?{QUERY}",
    "api": f"/api/v1/monitoring/figures?{QUERY}",
}


def _prepare(county):
    """Observation points, quotas and a coordinator to sign in as (idempotent)."""
    from django.test import Client

    from jianfu.filings.models import Quota
    from jianfu.org.models import Unit, UnitKind, User

    Unit.objects.filter(county=county, kind=UnitKind.TOWNSHIP).update(is_observation_point=True)
    if not Quota.objects.filter(county=county, year=2025).exists():
        Quota.objects.bulk_create(
            Quota(county=county, unit=unit, year=2025, kind=kind, amount=amount)
            for unit in Unit.objects.filter(county=county, kind__in=("county", "department"))
            for kind, amount in (("document", 4000), ("meeting", 1500), ("inspection", 800))
        )
    user = User.objects.filter(username="bench_coordinator").first()
    if user is None:
        user = User(
            username="bench_coordinator",
            role="coordinator",
            county=county,
            unit=Unit.objects.filter(county=county, kind="county").order_by("code").first(),
        )
        user.set_unusable_password()
        user.save()
    client = Client()
    client.force_login(user)
    from django.conf import settings

    return settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_server(port: int) -> subprocess.Popen:
    command = Path(sys.executable).parent / "gunicorn"
    server = subprocess.Popen(  # noqa: S603 - the project's server, fixed arguments
        [str(command), "jianfu.wsgi", "-w", str(WORKERS), "-b", f"127.0.0.1:{port}"],
        env={**os.environ, "JIANFU_ALLOWED_HOSTS": "127.0.0.1,localhost", "JIANFU_CACHE": CACHE},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("the benchmark server did not start")


def _get(port: int, path: str, cookie: str) -> tuple[int, float]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    started = time.perf_counter()
    connection.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
    response = connection.getresponse()
    response.read()
    elapsed = time.perf_counter() - started
    connection.close()
    return response.status, elapsed


def _load(port: int, path: str, cookie: str) -> tuple[list[float], int]:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()

    def client() -> None:
        nonlocal errors
        for _ in range(REQUESTS_PER_CLIENT):
            status, seconds = _get(port, path, cookie)
            with lock:
                latencies.append(seconds)
                errors += status != 200

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors


def _write_one_line(county, n: int) -> None:
    """A clerk's form entry: a ledger write, so the next read computes the figures afresh."""
    from datetime import date

    from jianfu.core.actor import Actor
    from jianfu.ledgers.classify import LineInput
    from jianfu.ledgers.services.entries import ledger_entry_create
    from jianfu.org.models import Unit

    unit = Unit.objects.filter(county=county, kind="department").order_by("code").first()
    line = LineInput(
        kind="发文", date=date(2025, 6, 1 + n % 28), title=f"测速冷读通知{time.time_ns()}"
    )
    ledger_entry_create(actor=Actor.command(), unit=unit, line=line)


def _burst(port: int, path: str, cookie: str, readers: int) -> list[float]:
    """`readers` people opening the page at the same moment."""
    latencies: list[float] = []
    failures: list[int] = []
    lock = threading.Lock()

    def read() -> None:
        status, seconds = _get(port, path, cookie)
        with lock:
            latencies.append(seconds)
            if status != 200:
                failures.append(status)

    threads = [threading.Thread(target=read) for _ in range(readers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise RuntimeError(f"{path} answered {failures}")
    return latencies


def _cold(port: int, path: str, cookie: str, county) -> list[float]:
    from django.db import connections

    latencies: list[float] = []
    for n in range(COLD_SAMPLES):
        _write_one_line(county, n)
        connections.close_all()
        latencies += _burst(port, path, cookie, WORKERS)
    return latencies


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def bench_dashboard(*, workdir: Path, rows: int) -> dict:
    from django.db import connections

    county = _setup(SIZE)
    name, value = _prepare(county)
    cookie = f"{name}={value}"
    connections.close_all()  # the server process reads the same database
    port = _free_port()
    server = _start_server(port)
    figures: dict[str, dict] = {}
    try:
        for label, path in URLS.items():
            status, _ = _get(port, path, cookie)  # check we are signed in
            if status != 200:
                raise RuntimeError(f"{path} answered {status}")
            # every worker's first request loads templates, URLs and translations: a server's
            # start, not a reader's wait
            _burst(port, path, cookie, 2 * WORKERS)
            cold = _cold(port, path, cookie, county)
            latencies, errors = _load(port, path, cookie)
            figures[label] = {
                "p50": statistics.median(latencies),
                "p95": _percentile(latencies, 0.95),
                "cold_p50": statistics.median(cold),
                "cold_p95": _percentile(cold, 0.95),
                "errors": errors,
                "requests": len(latencies),
            }
    finally:
        server.terminate()
        server.wait(timeout=10)
    ok = all(f["p95"] < 0.1 and f["cold_p95"] < 1 and f["errors"] == 0 for f in figures.values())
    return {
        "what": (
            f"dashboard and API figures, {CLIENTS} concurrent clients "
            f"(a year, gunicorn -w {WORKERS})"
        ),
        "size": f"{SIZE:,} lines, {sum(f['requests'] for f in figures.values())} requests",
        "figure": "; ".join(
            f"{label} warm p50 {f['p50'] * 1000:.0f} ms, p95 {f['p95'] * 1000:.0f} ms; "
            f"cold p50 {f['cold_p50'] * 1000:.0f} ms, p95 {f['cold_p95'] * 1000:.0f} ms; "
            f"{f['errors']} errors"
            for label, f in figures.items()
        ),
        "target": "warm p95 < 100 ms, cold p95 < 1 s, no errors",
        "ok": ok,
        "seconds": sum(f["p95"] for f in figures.values()),
    }
