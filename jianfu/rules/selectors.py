"""Reads for rule sets: the version in force on a date, and its compiled engine data."""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from datetime import date

import yaml
from django.db.models import Q, QuerySet
from django.utils import timezone

from jianfu.org.models import County

from .data import RuleSetData, default_ruleset_data, ruleset_data_from_dict
from .models import RuleSet
from .services import ruleset_document

_CACHE: OrderedDict[tuple[int, int], RuleSetData] = OrderedDict()
_CACHE_LOCK = threading.Lock()
_CACHE_SIZE = 64


def ruleset_list(county: County | int) -> QuerySet[RuleSet]:
    county_id = county if isinstance(county, int) else county.pk
    return RuleSet.objects.filter(county_id=county_id).order_by("-version")


def ruleset_effective(county: County | int, on_date: date | None = None) -> RuleSet | None:
    """The county's rule set in force on the date (today when None): the highest version that
    started on or before it and had not ended; None when the county has none."""
    day = on_date or timezone.localdate()
    return (
        ruleset_list(county)
        .filter(effective_from__lte=day)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=day))
        .first()
    )


def ruleset_data(ruleset: RuleSet) -> RuleSetData:
    """The engine's view of a stored version, compiled once per process (versions never change)."""
    # created_at too: a version is never edited, but a rolled-back database (tests, a restore)
    # can hand the same id and version to a different rule set.
    key = (ruleset.pk, ruleset.version, ruleset.created_at)
    with _CACHE_LOCK:
        cached = _CACHE.get(key)
        if cached is not None:
            _CACHE.move_to_end(key)
            return cached
    compiled = ruleset_data_from_dict(ruleset_document(ruleset))
    with _CACHE_LOCK:
        _CACHE[key] = compiled
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return compiled


def ruleset_effective_data(county: County | int, on_date: date | None = None) -> RuleSetData:
    """The compiled rule set in force for the county on the date; the packaged default
    (默认规则集) when the county has no stored rule set in force on that date."""
    ruleset = ruleset_effective(county, on_date)
    return ruleset_data(ruleset) if ruleset is not None else default_ruleset_data()


def ruleset_export_yaml(ruleset: RuleSet) -> str:
    """The version as YAML: the imported text (comments kept) with this version's metadata."""
    if not ruleset.source.strip():
        return yaml.safe_dump(
            ruleset_document(ruleset), allow_unicode=True, sort_keys=False, width=100
        )
    text = ruleset.source
    for key, value in (
        ("version", str(ruleset.version)),
        ("effective_from", ruleset.effective_from.isoformat()),
    ):
        line = f"{key}: {value}"
        pattern = re.compile(rf"^{key}:.*$", re.MULTILINE)
        text = (
            pattern.sub(lambda _m, line=line: line, text, count=1)
            if pattern.search(text)
            else f"{line}\n{text}"
        )
    return text
