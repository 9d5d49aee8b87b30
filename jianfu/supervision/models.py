"""Models of the supervision part."""

from django.db import models  # noqa: F401
