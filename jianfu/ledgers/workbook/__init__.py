"""Reading a unit's daily-ledger workbook the way clerks actually keep it (DESIGN.md 5.4).

Pure: no Django, no database. `read_workbook(path_or_bytes, filename)` returns a
`WorkbookRead` (sheets, `LedgerRow`s, every `RowError`) or raises `WorkbookRefused`.
User-facing messages are plain Simplified Chinese strings (no translation machinery here).
"""

from .dates import parse_date
from .reader import bench_read, read_sheet, read_workbook
from .types import (
    DEFAULT_LIMITS,
    KINDS,
    PRODUCING_KINDS,
    RECEIVING_KINDS,
    Column,
    LedgerRow,
    ReadLimits,
    RowError,
    SheetRead,
    Skipped,
    WorkbookRead,
    WorkbookRefused,
    dedup_key,
)
from .values import parse_duration, parse_yes_no

__all__ = [
    "DEFAULT_LIMITS",
    "KINDS",
    "PRODUCING_KINDS",
    "RECEIVING_KINDS",
    "Column",
    "LedgerRow",
    "ReadLimits",
    "RowError",
    "SheetRead",
    "Skipped",
    "WorkbookRead",
    "WorkbookRefused",
    "bench_read",
    "dedup_key",
    "parse_date",
    "parse_duration",
    "parse_yes_no",
    "read_sheet",
    "read_workbook",
]
