"""Quota balances (数额) and the year-on-year counts behind 只减不增 (L-D-3).

What uses a unit's quota of a kind in a year (`used`), without counting anything twice:

1. the unit's own produced ledger lines of that kind (发文 / 办会 / 督查) dated in the year that
   the statistics criteria mark quota-charged (占用数额) — what actually happened; plus
2. the unit's approved or archived filings of that kind dated in the year that are **not yet
   recorded** in its ledger — approved means the quota is spoken for even before the event. A
   filing counts as recorded once the unit's ledger holds a produced line of the same kind in
   the same year with the same normalised title (or, where both have one, the same 文号); from
   then on the ledger line is what counts. Such a filing is charged only if the criteria would
   charge it (an emergency meeting is counted but uses no quota).

Pending, draft, returned, rejected, withdrawn and deleted filings use nothing.
`remaining = amount + adjustments - used` (may go below zero: an overrun shows as such).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, Sum

from jianfu.core.text import normalize_doc_no
from jianfu.ledgers.models import LedgerEntry
from jianfu.ledgers.selectors.rollup import grouped
from jianfu.org.models import County, Unit
from jianfu.rules.engine import LineFacts, criteria_classify
from jianfu.rules.selectors import ruleset_effective_data

from ..models import APPROVED_STATUSES, Filing, GrowthExplanation, ItemKind, Quota

LEDGER_KIND = {ItemKind.DOCUMENT: "发文", ItemKind.MEETING: "办会", ItemKind.INSPECTION: "督查"}
ITEM_KIND = {v: k for k, v in LEDGER_KIND.items()}


@dataclass(frozen=True)
class QuotaBalance:
    amount: int  # the base quota (0 when none is set)
    adjustments: int  # the sum of 统筹调配
    used: int  # ledger lines charged + approved filings not yet in the ledger
    remaining: int
    is_set: bool = True
    ledger_used: int = 0
    filed_unrecorded: int = 0
    quota_id: int | None = None

    @property
    def total(self) -> int:
        return self.amount + self.adjustments

    @property
    def percent(self) -> int | None:
        return round(self.used * 100 / self.total) if self.total > 0 else None


def _unrecorded_charged(
    county: County, year: int, unit_ids: list[int] | None, end: date | None = None
) -> dict:
    """(unit_id, kind) → approved filings of the year (to `end`) not yet in the ledger that use
    quota."""
    filings = Filing.objects.filter(
        county=county, date__year=year, status__in=APPROVED_STATUSES, deleted_at__isnull=True
    ).select_related("unit")
    if end is not None:
        filings = filings.filter(date__lte=end)
    if unit_ids is not None:
        filings = filings.filter(unit_id__in=unit_ids)
    filings = list(filings)
    if not filings:
        return {}
    lines = LedgerEntry.objects.filter(
        county=county,
        date__year=year,
        kind__in=list(ITEM_KIND),
        unit_id__in={f.unit_id for f in filings},
    ).values_list("unit_id", "kind", "title_norm", "doc_no_norm")
    titles, numbers = set(), set()
    for unit_id, kind, title_norm, doc_no_norm in lines.iterator(chunk_size=5000):
        titles.add((unit_id, ITEM_KIND[kind], title_norm))
        if doc_no_norm:
            numbers.add((unit_id, ITEM_KIND[kind], doc_no_norm))
    rs = ruleset_effective_data(county)
    out: dict = defaultdict(int)
    for f in filings:
        if (f.unit_id, f.kind, f.title_norm) in titles:
            continue
        if f.doc_no and (f.unit_id, f.kind, normalize_doc_no(f.doc_no)) in numbers:
            continue
        decision = criteria_classify(rs, filing_line(f))
        if decision.quota_charged:
            out[(f.unit_id, f.kind)] += 1
    return out


def filing_line(f: Filing) -> LineFacts:
    """A filing as the statistics criteria see it (as the ledger line it will become)."""
    audience = {
        ItemKind.DOCUMENT: f.recipients,
        ItemKind.MEETING: "、".join(str(a.get("unit", "")) for a in f.attendees or []),
        ItemKind.INSPECTION: "、".join(f.targets or []),
    }.get(f.kind, "")
    return LineFacts(
        kind=LEDGER_KIND[f.kind],
        title=f.title,
        genre=f.genre,
        date=f.date,
        originator_level=f.unit.kind,
        counterpart=audience,
        unit_name=f.unit.name,
        meeting_form=f.meeting_form,
        inspection_type=f.inspection_type,
        materials_requested=bool(f.materials) if f.kind == ItemKind.INSPECTION else None,
    )


def _used_parts(
    county: County | int, year: int, end: date | None, unit_ids: list[int] | None
) -> tuple[dict, dict]:
    """((unit_id, kind) → quota-charged ledger lines, (unit_id, kind) → approved filings not yet
    in the ledger that use quota), both from 1 January of `year` to `end` (default 31 December).
    The ledger part is read from the monthly rollup (ADR 0006)."""
    county = county if isinstance(county, County) else County.objects.get(pk=county)
    end = end or date(year, 12, 31)
    where = Q(kind__in=list(ITEM_KIND), counted=True, quota_charged=True)
    if unit_ids is not None:
        where &= Q(unit_id__in=list(unit_ids))
    used_ledger = {
        (unit_id, ITEM_KIND[kind]): n
        for (unit_id, kind), (n,) in grouped(
            county.pk, date(year, 1, 1), end, ("unit_id", "kind"), where
        ).items()
    }
    return used_ledger, _unrecorded_charged(county, year, unit_ids, end)


def quota_used(
    county: County | int, year: int, end: date | None = None, unit_ids: list[int] | None = None
) -> dict[int, dict[str, int]]:
    """THE quota use: unit id → {kind (document / meeting / inspection): used}, from 1 January
    of `year` to `end` (default the whole year) — see the module docstring. The quota page, the
    filing check, the dashboard, the reports and the API all read this."""
    used_ledger, unrecorded = _used_parts(county, year, end, unit_ids)
    out: dict[int, dict[str, int]] = {}
    for part in (used_ledger, unrecorded):
        for (unit_id, kind), n in part.items():
            figures = out.setdefault(unit_id, dict.fromkeys(ItemKind.values, 0))
            figures[kind] += n
    return out


def quota_balances(
    county: County, year: int, unit_ids: list[int] | None = None
) -> dict[tuple[int, str], QuotaBalance]:
    """Every (unit, kind) that has a quota or used one in the year, with its balance."""
    quotas = Quota.objects.filter(county=county, year=year).annotate(adj=Sum("adjustments__delta"))
    if unit_ids is not None:
        quotas = quotas.filter(unit_id__in=unit_ids)
    used_ledger, unrecorded = _used_parts(county, year, None, unit_ids)
    base = {(q.unit_id, q.kind): q for q in quotas}
    out = {}
    for key in set(base) | set(used_ledger) | set(unrecorded):
        q = base.get(key)
        amount = q.amount if q else 0
        adjustments = (q.adj or 0) if q else 0
        used = used_ledger.get(key, 0) + unrecorded.get(key, 0)
        out[key] = QuotaBalance(
            amount=amount,
            adjustments=adjustments,
            used=used,
            remaining=amount + adjustments - used,
            is_set=q is not None,
            ledger_used=used_ledger.get(key, 0),
            filed_unrecorded=unrecorded.get(key, 0),
            quota_id=q.pk if q else None,
        )
    return out


def quota_balance(unit: Unit, year: int, kind: str) -> QuotaBalance:
    """One unit's balance for a kind and year (`is_set` False when no quota was set)."""
    found = quota_balances(unit.county, year, [unit.pk]).get((unit.pk, kind))
    return found or QuotaBalance(0, 0, 0, 0, is_set=False)


def counted_documents(county: County, year: int, unit_ids: list[int] | None = None) -> dict:
    """unit_id → the counted 发文 lines of its ledger in the year (L-D-3's count)."""
    lines = LedgerEntry.objects.filter(county=county, date__year=year, kind="发文", counted=True)
    if unit_ids is not None:
        lines = lines.filter(unit_id__in=unit_ids)
    return {r["unit_id"]: r["n"] for r in lines.values("unit_id").annotate(n=Count("id"))}


def has_ledger_year(unit: Unit, year: int) -> bool:
    """Whether the unit kept any produced ledger line that year (else last year is unknown)."""
    return LedgerEntry.objects.filter(
        county_id=unit.county_id, unit=unit, date__year=year, kind__in=list(ITEM_KIND)
    ).exists()


@dataclass(frozen=True)
class Growth:
    last_year: int
    this_year: int
    explained: bool

    @property
    def over(self) -> bool:
        return self.this_year > self.last_year


def document_growth(county: County, year: int, unit_ids: list[int] | None = None) -> dict:
    """unit_id → Growth: counted documents last year vs this year, and whether explained (L-D-3)."""
    last = counted_documents(county, year - 1, unit_ids)
    now = counted_documents(county, year, unit_ids)
    explained = set(
        GrowthExplanation.objects.filter(
            Q(county=county, year=year, kind=ItemKind.DOCUMENT)
        ).values_list("unit_id", flat=True)
    )
    ids = set(last) | set(now)
    return {u: Growth(last.get(u, 0), now.get(u, 0), u in explained) for u in ids}
