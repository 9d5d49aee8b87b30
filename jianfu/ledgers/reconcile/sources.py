"""Other senders for reconciliation, registered by higher layers (this package imports none).

The filings app registers its approved filings here (in `FilingsConfig.ready()`), so that
`reconcile_run` matches observation points' received lines against approved filings as well as
against the county units' 发文 / 办会 / 督查 lines, and reads 一事一码 written in received lines:

- a *lines* function `(county, date_from, date_to, sender_ids) -> list[SentLine]` gives the extra
  sent lines (`source` other than "ledger", `codes` set);
- a *codes* function `(text) -> set[str]` finds codes in a received line's remarks and 文号.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from jianfu.org.models import County

from .matcher import SentLine

LinesSource = Callable[[County, date | None, date | None, set[int] | None], list[SentLine]]
CodeReader = Callable[[str], set[str]]

_LINES: list[LinesSource] = []
_CODES: list[CodeReader] = []


def register_sender_source(lines: LinesSource, codes: CodeReader | None = None) -> None:
    """Register once (re-registering the same functions is a no-op)."""
    if lines not in _LINES:
        _LINES.append(lines)
    if codes is not None and codes not in _CODES:
        _CODES.append(codes)


def extra_sent_lines(
    county: County, date_from: date | None, date_to: date | None, sender_ids: set[int] | None
) -> list[SentLine]:
    out: list[SentLine] = []
    for source in _LINES:
        out.extend(source(county, date_from, date_to, sender_ids))
    return out


def codes_in(text: str) -> frozenset[str]:
    if not text or not _CODES:
        return frozenset()
    found: set[str] = set()
    for reader in _CODES:
        found |= reader(text)
    return frozenset(found)
