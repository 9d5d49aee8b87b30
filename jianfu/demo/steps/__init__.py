"""The demo's build steps, in the order they run. Each is idempotent: it inserts only what is
missing. A later part of the demo adds its module here and its `DemoStep` at the right place
(after the steps whose rows it needs)."""

from __future__ import annotations

from ..context import DemoStep
from .filings import filings_ensure
from .hand_ledgers import hand_ledgers_ensure
from .learning import learning_ensure
from .ledgers import ledgers_ensure
from .monitoring import monitoring_ensure
from .org import aliases_ensure, assignments_ensure, county_ensure, units_ensure, users_ensure
from .reports import reports_ensure
from .rules import rules_ensure
from .supervision import supervision_ensure

STEPS: tuple[DemoStep, ...] = (
    DemoStep("county", county_ensure),
    DemoStep("units", units_ensure),
    DemoStep("aliases", aliases_ensure),
    DemoStep("users", users_ensure),
    DemoStep("assignments", assignments_ensure),
    DemoStep("rules", rules_ensure),
    DemoStep("ledgers", ledgers_ensure),
    DemoStep("hand_ledgers", hand_ledgers_ensure),
    DemoStep("supervision", supervision_ensure),
    DemoStep("learning", learning_ensure),
    DemoStep("filings", filings_ensure),
    DemoStep("monitoring", monitoring_ensure),
    DemoStep("reports", reports_ensure),
)
