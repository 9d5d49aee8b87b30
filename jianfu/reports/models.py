"""Models of the reports part."""

from django.db import models  # noqa: F401
