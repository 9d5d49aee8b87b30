"""Settings shared by every environment."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from jianfu.core.logs import logging_settings

BASE_DIR = Path(__file__).resolve().parent.parent
# Where the running instance keeps its data (database file, uploads, backups, job queue).
DATA_DIR = Path(os.environ.get("JIANFU_DATA_DIR", Path.cwd())).resolve()
try:  # a new instance's directory is made here: the job queue opens its file at start-up
    DATA_DIR.mkdir(parents=True, exist_ok=True)
except OSError as exc:
    raise ImproperlyConfigured(
        f"数据目录 JIANFU_DATA_DIR={DATA_DIR} 无法创建：{exc.strerror or exc}"
    ) from exc

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "huey.contrib.djhuey",
    "jianfu.core",
    "jianfu.org",
    "jianfu.notices",
    "jianfu.rules",
    "jianfu.ledgers",
    "jianfu.filings",
    "jianfu.supervision",
    "jianfu.learning",
    "jianfu.monitoring",
    "jianfu.reports",
    "jianfu.web",
    "jianfu.api",
    "jianfu.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # A session that passed the password but not the second factor reaches only the OTP pages.
    "jianfu.web.otp.SecondFactorMiddleware",
    # After the message middleware: a timed-out session leaves a message on the login page.
    "django.contrib.messages.middleware.MessageMiddleware",
    "jianfu.core.middleware.SessionTimeoutMiddleware",
    "jianfu.core.middleware.ActorMiddleware",
    # Rate limits on login, API writes and exports (R13), after the actor for the audit record.
    "jianfu.core.ratelimit.RateLimitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "jianfu.urls"
WSGI_APPLICATION = "jianfu.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jianfu.web.context.navigation",
                "jianfu.notices.context_processors.unread_notices",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("JIANFU_DATABASE_URL", f"sqlite:///{DATA_DIR / 'jianfu.sqlite3'}"),
        # a worker keeps its connection between requests (opening one per request costs a
        # PostgreSQL backend start each time); checked before reuse, so a restarted database
        # server costs one failed check, not an error page
        conn_max_age=int(os.environ.get("JIANFU_DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while an import writes; IMMEDIATE avoids lock upgrades mid-transaction.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "org.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Passwords (RELIABILITY R2): 8+ characters, 3 of 4 classes (2 for 20+ character passphrases),
# not common, no context word. A county adds its own words (its name in pinyin, e.g. "qinghe")
# through JIANFU_PASSWORD_WORDS, comma separated.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 8}},
    {"NAME": "jianfu.org.passwords.CharacterClassValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "jianfu.org.passwords.ContextWordValidator",
     "OPTIONS": {"extra_words": [
         w.strip() for w in os.environ.get("JIANFU_PASSWORD_WORDS", "").split(",") if w.strip()
     ]}},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
     "OPTIONS": {"user_attributes": ("username", "display_name", "email", "phone")}},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "staticfiles"
MEDIA_ROOT = DATA_DIR / "media"

LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"

# Sessions (RELIABILITY R4): 30 minutes idle, 12 hours absolute.
SESSION_IDLE_SECONDS = 30 * 60
SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# The last-seen stamp is written at most this often, so that reads do not all write the session.
SESSION_TOUCH_SECONDS = 60

# Lockout (RELIABILITY R3): 5 failures lock the account for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
# The lock runs 15 minutes from the failure that caused it. Tries during the lock are refused and
# audited, but do not restart it: otherwise anyone could keep a colleague's account shut forever.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "web/locked.html"
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["password", "code"]

# Second factor (RELIABILITY R5): TOTP, 30-second steps, one step of clock drift either way.
# A code is accepted once (django-otp keeps the last step used); failures back off and count
# towards the lockout above.
OTP_TOTP_ISSUER = "减负监测平台"
OTP_TOTP_THROTTLE_FACTOR = 1

# Content security policy: every asset is served from this server.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"

# Rate limits (RELIABILITY R13): {limit: (requests, seconds)}, counted in the cache below.
# Login is counted per client address (an office behind one NAT address shares it), API
# writes per token and, all of them together, per client address (made-up tokens do not
# multiply the allowance), exports per user. A normal OA system pushes far below 300 a minute.
JIANFU_RATE_LIMITS = {
    "login": (30, 60),
    "api_write": (300, 60),
    "api_write_address": (1200, 60),
    "export": (30, 60),
}
# One process (development, tests): memory. Production runs several workers, which must share
# the rate-limit counts and the dashboard's figures (computed once per write, not once per
# worker): there the cache is a database table (created by `migrate`).
# JIANFU_CACHE=memory|database chooses either anywhere.
CACHE_BACKENDS = {
    "memory": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "jianfu"},
    "database": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "jianfu_cache",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}


def cache_backend(default: str) -> dict:
    """The cache named by JIANFU_CACHE (or `default`); an unknown name stops the start."""
    name = os.environ.get("JIANFU_CACHE", default).strip() or default
    if name not in CACHE_BACKENDS:
        choices = " or ".join(CACHE_BACKENDS)
        raise ImproperlyConfigured(f"JIANFU_CACHE={name!r}: use {choices}")
    return CACHE_BACKENDS[name]


CACHES = {"default": cache_backend("memory")}

DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGGING = logging_settings("WARNING")
LOGIN_URL_PATH = "/login/"

# Reverse proxies in front of Jianfu (their addresses, comma separated). Only for requests from
# these is X-Forwarded-For read, to record the real client address in the audit trail.
TRUSTED_PROXIES = [
    p.strip() for p in os.environ.get("JIANFU_TRUSTED_PROXIES", "").split(",") if p.strip()
]

# Lockout is by account (R3). Locking by IP address as well would lock a whole office that
# reaches the server through one NAT address; request rates per address are limited separately.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Web imports commit in a background thread so that the page can show progress; tests run them
# in the request (a thread would outlive the test's database connection).
JIANFU_IMPORT_IN_THREAD = True

# Notifications also go out by e-mail when the county has a mail server (EMAIL_HOST & co.).
JIANFU_EMAIL_NOTICES = os.environ.get("JIANFU_EMAIL_NOTICES", "") == "1"

# Background and periodic jobs (Huey): the weekly analysis, monthly assessment and quarterly
# bulletin on schedule, the daily alert scan. SQLite storage under DATA_DIR by default; set
# JIANFU_REDIS_URL when several machines share the work. `jianfu run_huey` starts the worker.
HUEY = {
    "name": "jianfu",
    "immediate": False,
    "utc": False,  # crontab in the project's time zone (Django sets TZ from TIME_ZONE)
    "consumer": {"workers": 1, "worker_type": "thread"},
}
if os.environ.get("JIANFU_REDIS_URL"):
    HUEY.update(huey_class="huey.RedisHuey", url=os.environ["JIANFU_REDIS_URL"])
else:
    HUEY.update(huey_class="huey.SqliteHuey", filename=str(DATA_DIR / "huey.sqlite3"))
