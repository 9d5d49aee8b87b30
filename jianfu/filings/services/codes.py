"""一事一码: the registration number and the verification code an item gets at final approval,
the QR code printed on its notice, and the public verification.

- `reg_no`: county code, year, kind letters, sequence per county/year/kind —
  `QH-2025-HY-0042` (FW 发文, HY 会议, DJ 督检考). The sequence is the highest number in use plus
  one; the unique constraint on (county, reg_no) settles a race: the loser retries with the next
  number inside a savepoint, so two approvals at once never share a number.
- `verify_code`: 8 characters from an alphabet without look-alikes (no 0 O 1 I L), drawn with
  `secrets`; unique across the installation. Shown as `ABCD-EFGH`.
- The public page answers only valid / not valid and the basic facts (kind, title, unit, date,
  reg_no); every code that is not a valid approved item gets the same answer shape.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.urls import reverse

from ..models import APPROVED_STATUSES, Filing, ItemKind

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8
KIND_LETTERS = {ItemKind.DOCUMENT: "FW", ItemKind.MEETING: "HY", ItemKind.INSPECTION: "DJ"}
REG_NO_RE = re.compile(r"[A-Z0-9]+-\d{4}-(?:FW|HY|DJ)-\d{4,}")
CODE_RE = re.compile(rf"(?<![A-Z0-9])[{ALPHABET}]{{4}}-?[{ALPHABET}]{{4}}(?![A-Z0-9])")
ATTEMPTS = 20


def verify_code_new() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def verify_code_display(code: str) -> str:
    return f"{code[:4]}-{code[4:]}" if len(code) == CODE_LENGTH else code


def verify_code_normalise(text: str) -> str:
    """What a person typed or a scanner read → the stored form (upper case, no separators);
    "" when it cannot be a code at all."""
    cleaned = re.sub(r"[\s\-_－—·.]", "", (text or "").strip().upper())
    if len(cleaned) != CODE_LENGTH or any(ch not in ALPHABET for ch in cleaned):
        return ""
    return cleaned


def codes_in_text(text: str) -> set[str]:
    """Verification codes and registration numbers written in a ledger line's remarks or 文号
    (what a township clerk copies from a notice), in their stored forms."""
    upper = (text or "").upper()
    found = {m.replace("-", "") for m in CODE_RE.findall(upper)}
    found |= set(REG_NO_RE.findall(upper))
    return found


def reg_no_prefix(county_code: str, year: int, kind: str) -> str:
    return f"{county_code}-{year}-{KIND_LETTERS[ItemKind(kind)]}-"


def _next_reg_no(filing: Filing) -> str:
    prefix = reg_no_prefix(filing.county.code, filing.date.year, filing.kind)
    used = Filing.objects.filter(county_id=filing.county_id, reg_no__startswith=prefix)
    highest = 0
    for reg_no in used.values_list("reg_no", flat=True):
        tail = reg_no[len(prefix) :]
        if tail.isdigit():
            highest = max(highest, int(tail))
    return f"{prefix}{highest + 1:04d}"


def filing_codes_assign(filing: Filing) -> tuple[str, str]:
    """Give the item its reg_no and verify_code (kept when it already has them: an item approved
    again after an edit keeps its code). Must run inside the approving transaction."""
    if filing.reg_no and filing.verify_code:
        return filing.reg_no, filing.verify_code
    for _attempt in range(ATTEMPTS):
        reg_no = filing.reg_no or _next_reg_no(filing)
        code = filing.verify_code or verify_code_new()
        try:
            with transaction.atomic():
                Filing.objects.filter(pk=filing.pk).update(reg_no=reg_no, verify_code=code)
        except IntegrityError:
            continue  # another approval took the number (or, rarely, the code): try the next
        filing.reg_no, filing.verify_code = reg_no, code
        return reg_no, code
    raise RuntimeError("could not assign a registration number")


def verify_url(code: str) -> str:
    return f"{reverse('filings:verify')}?code={verify_code_display(code)}"


def qr_svg(data: str) -> str:
    """An inline SVG QR code (segno; no image stack), without XML declaration."""
    import segno

    qr = segno.make(data, error="m")
    return qr.svg_inline(scale=4, border=2, dark="#000", light="#fff")


@dataclass(frozen=True)
class Verification:
    """The public answer. `valid` False carries no facts at all, whatever the code was."""

    valid: bool
    kind: str = ""
    title: str = ""
    unit: str = ""
    date: date | None = None
    reg_no: str = ""
    code: str = ""


INVALID = Verification(valid=False)


def filing_verify(text: str) -> Verification:
    """Look a code up: valid only for an approved or archived item that is not deleted."""
    code = verify_code_normalise(text)
    if not code:
        return INVALID
    filing = (
        Filing.objects.filter(
            verify_code=code, status__in=APPROVED_STATUSES, deleted_at__isnull=True
        )
        .select_related("unit")
        .first()
    )
    if filing is None:
        return INVALID
    return Verification(
        valid=True,
        kind=filing.get_kind_display(),
        title=filing.title,
        unit=filing.unit.name,
        date=filing.date,
        reg_no=filing.reg_no,
        code=verify_code_display(code),
    )
