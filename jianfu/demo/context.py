"""What the demo's build steps share: `DemoStep` and `DemoContext` (see builder.py for how
steps are written and run)."""

from __future__ import annotations

import os
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone

from jianfu.core.actor import Actor
from jianfu.core.audit import AuditEntry, model_snapshot
from jianfu.org.models import County, Unit, User

from .data import DEMO_SEED

TODAY_ENV = "JIANFU_DEMO_TODAY"


def demo_today() -> date:
    """The day the demo lives in: `JIANFU_DEMO_TODAY` (YYYY-MM-DD, tests set it) or today."""
    given = os.environ.get(TODAY_ENV, "").strip()
    if given:
        return date.fromisoformat(given)
    return timezone.localdate()


@dataclass(frozen=True)
class DemoStep:
    name: str
    run: Callable[[DemoContext], None]


@dataclass
class DemoContext:
    """What the steps share while the demo is built."""

    actor: Actor
    # the demo's "today": this year's data runs up to it (planned items after it), last year's
    # county lines are there in full to compare with; `year` is today's year
    today: date = field(default_factory=demo_today)
    year: int = 0
    county: County | None = None
    # demo unit code -> the unit in the database (also when it was there before the demo)
    units: dict[str, Unit] = field(default_factory=dict)
    # demo username -> the account in the database
    users: dict[str, User] = field(default_factory=dict)
    created: dict[str, int] = field(default_factory=dict)
    audit_entries: list[AuditEntry] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.year:
            self.year = self.today.year

    @property
    def previous_year(self) -> int:
        return self.year - 1

    def units_by_pk(self) -> dict[int, Unit]:
        return {unit.pk: unit for unit in self.units.values()}

    def require_county(self) -> County:
        if self.county is None:
            raise RuntimeError("the county step must run first")
        return self.county

    def rng(self, step: str) -> random.Random:
        """Randomness that is the same on every run, per step (steps do not disturb each other)."""
        return random.Random(f"{DEMO_SEED}:{step}")

    def count(self, label: str, n: int) -> None:
        """Count `n` created rows under `label` (the key in `--json`'s `created`)."""
        self.created[label] = self.created.get(label, 0) + n

    def add_audit(self, *entries: AuditEntry) -> None:
        self.audit_entries.extend(entries)

    def record_created(
        self, label: str, objects: Sequence[Any], fields: Iterable[str] | None = None
    ) -> None:
        """Count created model instances and queue one `create` audit record for each.

        For large data steps (thousands of rows) prefer `count` plus one summary `import`
        record via `add_audit`.
        """
        names = list(fields) if fields is not None else None
        self.count(label, len(objects))
        for obj in objects:
            self.audit_entries.append(
                AuditEntry(
                    action="create",
                    object_type=obj._meta.label_lower,
                    object_id=str(obj.pk),
                    object_repr=str(obj),
                    after=model_snapshot(obj, names),
                    county_id=getattr(obj, "county_id", None),
                )
            )
