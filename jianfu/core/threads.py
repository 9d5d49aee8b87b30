"""Threads that share the GIL with the caller: how quickly it changes hands.

The ledger import runs two helper threads beside the caller: one decodes the workbook's next
sheet (workbook/source.py), one runs SQLite's INSERTs (ledgers/services/import_sqlite.py). Each
does its work with the GIL released and then needs it back, briefly — and waits, by Python's
default, up to 5 ms for the caller to let go. Measured at 100,000 lines, the SQLite writer spent
longer waiting than working (ADR 0004). `quick_handoffs` lowers the wait while they run.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

HANDOFF_S = 0.001  # the longest a thread waits for the GIL while a helper runs (Python: 5 ms)


class _Handoffs:
    """Python's switch interval lowered while at least one helper thread runs, then restored.

    The interval is the process's: imports running side by side share one lowering, and the
    last to finish restores what was there before the first began. An interval already lower
    is kept.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._active = 0
        self._before = 0.0

    @contextmanager
    def __call__(self) -> Iterator[None]:
        with self._lock:
            if not self._active:
                self._before = sys.getswitchinterval()
                sys.setswitchinterval(min(HANDOFF_S, self._before))
            self._active += 1
        try:
            yield
        finally:
            with self._lock:
                self._active -= 1
                if not self._active:
                    sys.setswitchinterval(self._before)


quick_handoffs = _Handoffs()
