"""Reads for the policy library and the FAQ."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from jianfu.org.models import County
from jianfu.rules.selectors import ruleset_effective_data

from ..faq import FaqAnswered, FaqItem, default_faq, faq_answers, sample_from_dict
from ..models import FaqEntry, PolicyDocument


def policy_documents(
    county_id: int, *, level: str = "", year: int | None = None, q: str = "", core: bool = False
) -> QuerySet[PolicyDocument]:
    queryset = PolicyDocument.objects.filter(county_id=county_id)
    if level:
        queryset = queryset.filter(level=level)
    if year:
        queryset = queryset.filter(date__gte=date(year, 1, 1), date__lte=date(year, 12, 31))
    if q:
        queryset = queryset.filter(
            Q(title__icontains=q)
            | Q(summary__icontains=q)
            | Q(tags__icontains=q)
            | Q(doc_no__icontains=q)
            | Q(issuer__icontains=q)
        )
    if core:
        queryset = queryset.filter(is_core=True)
    return queryset.order_by("-date", "-id")


def policy_years(county_id: int) -> list[int]:
    dates = PolicyDocument.objects.filter(county_id=county_id).dates("date", "year", order="DESC")
    return [d.year for d in dates]


def faq_items(county: County | int) -> list[FaqItem]:
    """The packaged questions, then the county's own (entries whose samples no longer read are
    left out rather than failing the page)."""
    county_id = county if isinstance(county, int) else county.pk
    items = list(default_faq())
    for entry in FaqEntry.objects.filter(county_id=county_id).order_by("id"):
        try:
            samples = tuple(sample_from_dict(s) for s in entry.samples)
        except ValueError:
            continue
        items.append(FaqItem(f"county-{entry.pk}", entry.question, samples, entry.note, entry.pk))
    return items


def faq_answered(county: County | int, on_date: date | None = None) -> list[FaqAnswered]:
    """Every question answered by the county's rule set in force (the packaged default when the
    county has none)."""
    return faq_answers(ruleset_effective_data(county, on_date), faq_items(county))
