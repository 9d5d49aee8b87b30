"""Merged items (合并办理, jianfu/filings/services/workflow.py): which items one may be merged
into, and the links both ways (a merge decision's `changes["merged_into"]`)."""

from __future__ import annotations

from django.db.models import QuerySet

from .. import workflow_rules as rules
from ..models import Filing, FilingDecision, Status

MERGEABLE_KINDS = ("meeting", "inspection")
MERGE_TARGET_STATUSES = (Status.PENDING, Status.APPROVED)


def merge_candidates(filing: Filing) -> list[Filing]:
    """The items `filing` may be merged into: the unit's other pending or approved items of the
    same kind (meetings or inspections), nearest date first."""
    if filing.kind not in MERGEABLE_KINDS:
        return []
    others = Filing.objects.filter(
        county_id=filing.county_id,
        unit_id=filing.unit_id,
        kind=filing.kind,
        status__in=MERGE_TARGET_STATUSES,
        deleted_at__isnull=True,
    ).exclude(pk=filing.pk)
    return sorted(others, key=lambda f: (abs((f.date - filing.date).days), f.pk))


def merged_from(filing: Filing) -> QuerySet[FilingDecision]:
    """The decisions that merged other items into this one (with their items)."""
    return (
        FilingDecision.objects.filter(
            county_id=filing.county_id, changes__merged_into__pk=filing.pk
        )
        .select_related("filing")
        .order_by("at", "id")
    )


def merged_into(filing: Filing) -> Filing | None:
    """The item this one was merged into, if it was."""
    if filing.status != Status.REJECTED:
        return None
    decision = (
        filing.decisions.filter(action=rules.REJECT, changes__has_key="merged_into")
        .order_by("-id")
        .first()
    )
    if decision is None:
        return None
    return Filing.objects.filter(pk=decision.changes["merged_into"].get("pk")).first()
