"""Test settings: development plus a fast password hasher.

On SQLite the test database is a file (one per test process), not Django's shared-cache
in-memory database: concurrent tests (R15, R16) need real transactions that wait for each other
(IMMEDIATE mode and a busy timeout), which the in-memory database's table locks do not do.
"""

import os
import tempfile
from pathlib import Path

from .development import *  # noqa: F403
from .development import DATABASES

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
JIANFU_IMPORT_IN_THREAD = False
# Huey tasks run in the caller, in memory (no queue file, no worker).
HUEY = {"name": "jianfu-test", "immediate": True, "huey_class": "huey.SqliteHuey"}
# A connection per request, closed after it (production keeps them, JIANFU_DB_CONN_MAX_AGE): a
# test thread's connection must not outlive the test and hold the test database open.
DATABASES["default"]["CONN_MAX_AGE"] = 0

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"jianfu-test-{os.getpid()}.sqlite3")
    }
