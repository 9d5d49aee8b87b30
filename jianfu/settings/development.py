"""Development settings: the default for `make run` and the `jianfu` command."""

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "django-insecure-jianfu-development-only-never-in-production"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
