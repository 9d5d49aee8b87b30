"""R1: the production settings pass `check --deploy` and refuse to start without secrets;
CSRF is enforced; the content security policy is sent and our templates need nothing inline."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_ROOT = ROOT / "jianfu"


def run_jianfu(tmp_path, *args, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("JIANFU_", "DJANGO_"))
    }
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "jianfu.settings",
            "JIANFU_DATA_DIR": str(tmp_path),
            **env,
        }
    )
    return subprocess.run(
        [sys.executable, "-m", "jianfu.manage", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


PRODUCTION = {
    "JIANFU_ENV": "production",
    "JIANFU_ALLOWED_HOSTS": "jianfu.example.gov.cn",
}


def test_check_deploy_passes_with_production_settings(tmp_path):
    result = run_jianfu(
        tmp_path,
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        JIANFU_SECRET_KEY=secrets.token_urlsafe(60),
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = run_jianfu(tmp_path, "check", **PRODUCTION)
    assert result.returncode != 0
    assert "JIANFU_SECRET_KEY must be set in production" in result.stderr


@pytest.mark.parametrize("weak", ["short-key", "django-insecure-" + "x" * 60, "a" * 60])
def test_production_refuses_a_weak_secret_key(tmp_path, weak):
    result = run_jianfu(tmp_path, "check", JIANFU_SECRET_KEY=weak, **PRODUCTION)
    assert result.returncode != 0
    assert "JIANFU_SECRET_KEY is too weak" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts(tmp_path):
    result = run_jianfu(
        tmp_path, "check", JIANFU_ENV="production", JIANFU_SECRET_KEY=secrets.token_urlsafe(60)
    )
    assert result.returncode != 0
    assert "JIANFU_ALLOWED_HOSTS must be set in production" in result.stderr


def test_production_workers_share_the_database_cache_and_a_wrong_cache_stops_the_start(tmp_path):
    """Several workers must share rate-limit counts and the dashboard's figures (ADR 0007)."""
    show = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    key = secrets.token_urlsafe(60)
    result = run_jianfu(tmp_path, "shell", "-c", show, JIANFU_SECRET_KEY=key, **PRODUCTION)
    backend = result.stdout.strip().splitlines()[-1:]
    assert backend == ["django.core.cache.backends.db.DatabaseCache"], result.stderr
    wrong = {"JIANFU_SECRET_KEY": key, "JIANFU_CACHE": "redis", **PRODUCTION}
    result = run_jianfu(tmp_path, "check", **wrong)
    assert result.returncode != 0
    assert "JIANFU_CACHE='redis': use memory or database" in result.stderr


@pytest.mark.django_db
def test_login_post_without_csrf_token_is_refused(users):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post("/login/", {"username": "clerk_ny", "password": PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in browser.session


@pytest.mark.django_db
def test_logout_post_without_csrf_token_is_refused(users):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(users["clerk_ny"])
    assert browser.post("/logout/").status_code == 403
    assert browser.get("/").status_code == 200  # still logged in


@pytest.mark.django_db
def test_login_with_the_token_works(users):
    browser = Client(enforce_csrf_checks=True)
    page = browser.get("/login/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = browser.post(
        "/login/",
        {
            "username": "clerk_ny",
            "password": PASSWORD,
            "csrfmiddlewaretoken": token,
        },
    )
    assert response.status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/login/", "/"])
def test_pages_send_security_headers(client, users, path):
    client.force_login(users["clerk_ny"])
    if path == "/login/":
        client.logout()
    response = client.get(path)
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc\s*=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE | re.DOTALL)
STYLE_ATTRIBUTE = re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE | re.DOTALL)
STYLE_BLOCK = re.compile(r"<style\b", re.IGNORECASE)
JS_URL = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)
HTMX_EVAL = re.compile(r"\shx-on(:|-)|\shx-vars\s*=", re.IGNORECASE)


def templates() -> list[Path]:
    return sorted(p for p in TEMPLATE_ROOT.rglob("*.html") if "static" not in p.parts)


def test_there_are_templates_to_scan():
    assert len(templates()) >= 5


@pytest.mark.parametrize("template", templates(), ids=lambda p: str(p.relative_to(ROOT)))
def test_template_needs_nothing_inline(template):
    """The policy allows scripts and styles from our own files only; anything inline would be
    silently blocked in the browser, so it must not be written at all."""
    text = template.read_text(encoding="utf-8")
    problems = []
    for name, pattern in [
        ("inline <script>", INLINE_SCRIPT),
        ("on...= event handler", EVENT_HANDLER),
        ("style= attribute", STYLE_ATTRIBUTE),
        ("<style> block", STYLE_BLOCK),
        ("javascript: URL", JS_URL),
        ("htmx hx-on/hx-vars (eval)", HTMX_EVAL),
    ]:
        problems += [f"{name}: {m.group(0)[:80]!r}" for m in pattern.finditer(text)]
    assert not problems, problems
