"""The line key: THE identity of a line in a unit's ledger (DESIGN.md 5.3). Pure.

A line already in the ledger — same unit, kind, date, normalised 文号 and normalised title — is a
duplicate, not a second entry. Those five facts are hashed into one short key (32 hex digits of
a 16-byte BLAKE2b digest), and the unique constraint is (unit, date, line_key): a few dozen
bytes per index entry instead of the long normalised title, and the same index answers "the
unit's lines between two dates" (ADR 0004).

Every way a line is stored computes its key here and nowhere else: the web form and the API
through `entry_fields` (services/entries.py), the model field's `pre_save` (fields.py) for any
`save()` or `bulk_create`, the bulk import (services/import_insert.py), the demo, and the
migration that filled the key for existing lines. The key is computed over the values as the
columns store them (文号 cut to 128 characters, title to 500, NUL shown as U+FFFD), so that a
line read back from the database gets the key it was stored with.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from hashlib import blake2b

DOC_NO_MAX = 128  # LedgerEntry.doc_no_norm max_length
TITLE_MAX = 500  # LedgerEntry.title_norm max_length
KEY_LENGTH = 32  # hex digits


def line_key(unit_id: int, kind: str, day: dt.date, doc_no_norm: str, title_norm: str) -> str:
    """The key of one line of unit `unit_id`'s ledger."""
    return unit_line_key(unit_id)(kind, day, doc_no_norm, title_norm)


def unit_line_key(unit_id: int) -> Callable[[str, dt.date, str, str], str]:
    """`line_key` for the lines of one unit (what a bulk import calls once per row)."""
    if unit_id is None:
        raise ValueError("a ledger line's key needs its unit")
    prefix = f"{int(unit_id)}\x1f"

    def key(kind: str, day: dt.date, doc_no_norm: str, title_norm: str) -> str:
        if day.__class__ is not dt.date:
            day = _as_date(day)
        if len(doc_no_norm) > DOC_NO_MAX:
            doc_no_norm = doc_no_norm[:DOC_NO_MAX]
        if len(title_norm) > TITLE_MAX:
            title_norm = title_norm[:TITLE_MAX]
        text = f"{prefix}{kind}\x1f{day.isoformat()}\x1f{doc_no_norm}\x1f{title_norm}"
        if "\x00" in text:  # stored as U+FFFD (PostgreSQL refuses NUL in text)
            text = text.replace("\x00", "\ufffd")
        try:
            data = text.encode()
        except UnicodeEncodeError:  # a lone surrogate (JSON "\ud800"): stored as U+FFFD
            data = storable(text).encode()
        return blake2b(data, digest_size=16).hexdigest()

    return key


_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def storable(text: str) -> str:
    """Text as a column stores it: NUL (PostgreSQL refuses it) and lone surrogates (no encoding
    holds them; JSON can carry "\\ud800") become U+FFFD, visible rather than silently dropped."""
    return _UNSTORABLE.sub("\ufffd", text)


def _as_date(day: object) -> dt.date:
    if isinstance(day, dt.datetime):
        return day.date()
    if isinstance(day, dt.date):
        return dt.date(day.year, day.month, day.day)
    if isinstance(day, str):
        return dt.date.fromisoformat(day.strip()[:10])
    raise TypeError(f"a ledger line's date must be a date, not {day!r}")
