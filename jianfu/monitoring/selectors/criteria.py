"""Rule-set changes inside a compared span: a year-on-year change in the figures may then be a
change of the counting criteria (口径变动), not a real reduction, and the dashboard says so."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count

from jianfu.ledgers.models import DecisionChange
from jianfu.org.models import County
from jianfu.rules.selectors import ruleset_list


@dataclass(frozen=True)
class CriteriaChange:
    version: int
    name: str
    effective_from: date
    moved: int  # ledger lines whose counted flag or rule this version changed (re-derivation)


def criteria_changes(county: County, first: date, last: date) -> list[CriteriaChange]:
    """The county's rule-set versions that took effect after `first` and on or before `last`,
    each replacing an earlier one (the first version changes nothing): the figures on either
    side of each were decided by different criteria."""
    versions = list(
        ruleset_list(county)
        .filter(effective_from__gt=first, effective_from__lte=last, version__gt=1)
        .order_by("effective_from", "version")
        .values_list("version", "name", "effective_from")
    )
    if not versions:
        return []
    moved = dict(
        DecisionChange.objects.filter(county=county, to_version__in=[v[0] for v in versions])
        .values("to_version")
        .annotate(n=Count("id"))
        .values_list("to_version", "n")
    )
    return [CriteriaChange(v, name, day, moved.get(v, 0)) for v, name, day in versions]
