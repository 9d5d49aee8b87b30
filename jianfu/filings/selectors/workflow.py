"""Reads for the workflow pages: the inbox (items waiting for the user's decision) and an item's
history."""

from __future__ import annotations

from typing import Any

from jianfu.org.access import restrict
from jianfu.org.models import Role

from ..models import ApprovalStage, Filing, Status

DECIDING_ROLES = (Role.LEADER, Role.COORDINATOR, Role.APPROVER)


def filings_waiting_for(user: Any) -> list[Filing]:
    """Items pending at a stage whose role is the user's, inside the user's data scope."""
    if not user.is_authenticated or user.role not in DECIDING_ROLES:
        return []
    keys = set(
        ApprovalStage.objects.filter(county_id=user.county_id, role=user.role).values_list(
            "item_kind", "originator_kind", "order"
        )
    )
    candidates = (
        restrict(Filing.objects.filter(status=Status.PENDING, deleted_at__isnull=True), user)
        .select_related("unit")
        .order_by("date", "id")
    )
    return [f for f in candidates if (f.kind, f.unit.kind, f.stage_order) in keys]
