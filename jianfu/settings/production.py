"""Production settings: `JIANFU_ENV=production`. Secrets and hosts come from the environment."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403


def _required(name: str, hint: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        # Refuse to start: a production server must never fall back to a known value.
        raise ImproperlyConfigured(
            f"{name} must be set in production (JIANFU_ENV=production): {hint}"
        )
    return value


def _secret_key() -> str:
    hint = (
        "50 or more random characters, e.g. "
        "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )
    value = _required("JIANFU_SECRET_KEY", hint)
    if len(value) < 50 or len(set(value)) < 5 or value.startswith("django-insecure"):
        raise ImproperlyConfigured(f"JIANFU_SECRET_KEY is too weak for production: {hint}")
    return value


DEBUG = False
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [
    h.strip()
    for h in _required("JIANFU_ALLOWED_HOSTS", "the host names served, comma separated").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("JIANFU_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

SECURE_SSL_REDIRECT = os.environ.get("JIANFU_SSL_REDIRECT", "true").lower() != "false"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True

# Several gunicorn workers share rate-limit counts and the dashboard's figures through the
# database (the table `migrate` creates).
CACHES = {"default": cache_backend("database")}  # noqa: F405

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

LOGGING = logging_settings("INFO")  # noqa: F405
