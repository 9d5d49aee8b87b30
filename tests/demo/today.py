"""The day the demo lives in during these tests (`JIANFU_DEMO_TODAY`, set in conftest.py), so
that expectations are stable whatever the real date: this year's data runs up to it."""

from __future__ import annotations

from datetime import date

DEMO_TODAY = date(2025, 11, 20)
DEMO_YEAR = DEMO_TODAY.year
