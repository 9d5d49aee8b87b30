"""Models of the learning part."""

from django.db import models  # noqa: F401
