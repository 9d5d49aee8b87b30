"""Models of the monitoring part."""

from django.db import models  # noqa: F401
