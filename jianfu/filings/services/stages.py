"""Approval routes as data (`ApprovalStage` rows): the default routes, the coordinator's edits,
and who may act at a stage.

Default routes, by the originating unit's kind (UnitKind) and the item's kind:

- 县直部门 (department) — documents: 单位主要负责人签批 (leader) → 县委办/政府办审核
  (coordinator); meetings and inspections, which pull townships' people away from their work:
  单位主要负责人签批 → 县委办/政府办审核 → 县领导审批 (approver).
- 县级 (county leadership and its offices, e.g. 县委办) — every kind: 单位主要负责人签批 →
  县领导审批. The county office is itself the reviewer, so it does not review its own items.
- 乡镇 (township) — every kind: 单位主要负责人签批 → 县委办/政府办审核 (a township's items to its
  villages are recorded, not counted; the county office still sees them).

A leader acts only on items of units in their own data scope (own unit and the units below it);
the coordinator and the approver act county-wide. Both are asked of jianfu/org/access.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jianfu.core.actor import Actor
from jianfu.core.audit import audit_record
from jianfu.org.access import has_perm, restrict
from jianfu.org.models import County, Role, UnitKind, User

from ..models import ApprovalStage, Filing, ItemKind, StageRole

L, C, A = StageRole.PRINCIPAL, StageRole.COORDINATOR, StageRole.APPROVER
STAGE_NAMES = {
    L: "单位主要负责人签批",
    C: "县委办/政府办审核",
    A: "县领导审批",
}
DEFAULT_ROUTES: dict[tuple[str, str], tuple[str, ...]] = {
    (UnitKind.DEPARTMENT, ItemKind.DOCUMENT): (L, C),
    (UnitKind.DEPARTMENT, ItemKind.MEETING): (L, C, A),
    (UnitKind.DEPARTMENT, ItemKind.INSPECTION): (L, C, A),
    (UnitKind.COUNTY, ItemKind.DOCUMENT): (L, A),
    (UnitKind.COUNTY, ItemKind.MEETING): (L, A),
    (UnitKind.COUNTY, ItemKind.INSPECTION): (L, A),
    (UnitKind.TOWNSHIP, ItemKind.DOCUMENT): (L, C),
    (UnitKind.TOWNSHIP, ItemKind.MEETING): (L, C),
    (UnitKind.TOWNSHIP, ItemKind.INSPECTION): (L, C),
}
# The permission a stage's role needs (PERMISSIONS in jianfu/org/access.py).
STAGE_PERMISSION = {L: "filing.sign", C: "filing.review", A: "filing.approve"}


def route_rows(county: County, unit_kind: str, item_kind: str, roles) -> list[ApprovalStage]:
    """One route's stages, in the order of `roles` (unsaved)."""
    return [
        ApprovalStage(
            county=county,
            item_kind=item_kind,
            originator_kind=unit_kind,
            order=order,
            name=STAGE_NAMES[role],
            role=role,
        )
        for order, role in enumerate(roles, start=1)
    ]


def default_stage_rows(county: County) -> list[ApprovalStage]:
    return [
        stage
        for (unit_kind, item_kind), roles in DEFAULT_ROUTES.items()
        for stage in route_rows(county, unit_kind, item_kind, roles)
    ]


def approval_stages_ensure_default(county: County) -> int:
    """Create the default route of every (unit kind, item kind) that has no stage yet; a route
    the county already edited is left alone. Returns how many stages were created."""
    have = set(
        ApprovalStage.objects.filter(county=county).values_list("originator_kind", "item_kind")
    )
    rows = [
        row
        for row in default_stage_rows(county)
        if (row.originator_kind, row.item_kind) not in have
    ]
    ApprovalStage.objects.bulk_create(rows)
    return len(rows)


def route_for(filing: Filing) -> list[ApprovalStage]:
    """The stages of the item's route, in order (read at every decision: an edited route applies
    from the next decision on)."""
    return list(
        ApprovalStage.objects.filter(
            county_id=filing.county_id, item_kind=filing.kind, originator_kind=filing.unit.kind
        ).order_by("order")
    )


def stage_at(stages: Sequence[ApprovalStage], order: int) -> ApprovalStage | None:
    return next((s for s in stages if s.order == order), None)


def may_act_at(user: Any, filing: Filing, stage: ApprovalStage | None) -> bool:
    """The stage's role AND the right unit: `has_perm` for the role's permission, and the item
    inside the user's data scope (a leader: own unit and below; coordinator, approver: county)."""
    if stage is None or user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.role != stage.role or not has_perm(user, STAGE_PERMISSION[stage.role]):
        return False
    return restrict(Filing.objects.filter(pk=filing.pk), user).exists()


def stage_actors(filing: Filing, stage: ApprovalStage | None) -> list[User]:
    """The active users who may act at the stage (they are notified when the item arrives)."""
    if stage is None:
        return []
    users = User.objects.filter(county_id=filing.county_id, role=stage.role, is_active=True)
    if stage.role == Role.LEADER:
        unit = filing.unit
        users = users.filter(unit_id__in=[unit.pk, unit.parent_id or 0])
    return [u for u in users.select_related("unit") if may_act_at(u, filing, stage)]


def approval_route_save(
    *, actor: Actor, county: County, unit_kind: str, item_kind: str, roles: Iterable[str]
) -> list[ApprovalStage]:
    """Replace one route with the given roles in order (the coordinator's page). Audited."""
    roles = [r for r in roles if r]
    if unit_kind not in UnitKind.values or item_kind not in ItemKind.values:
        raise ValidationError(_("审批路线不存在。"))
    if not roles:
        raise ValidationError(_("审批路线至少要有一个环节。"))
    if any(r not in StageRole.values for r in roles):
        raise ValidationError(_("审批环节的办理角色无效。"))
    if len(set(roles)) != len(roles):
        raise ValidationError(_("同一角色在一条审批路线中只能出现一次。"))
    with transaction.atomic():
        current = ApprovalStage.objects.filter(
            county=county, originator_kind=unit_kind, item_kind=item_kind
        )
        before = list(current.order_by("order").values_list("role", flat=True))
        current.delete()
        rows = ApprovalStage.objects.bulk_create(
            route_rows(county, unit_kind, item_kind, roles)
        )
        audit_record(
            actor,
            "config",
            object_type="filings.approvalstage",
            object_id=f"{unit_kind}/{item_kind}",
            object_repr=_("审批路线 %(unit)s %(item)s")
            % {"unit": UnitKind(unit_kind).label, "item": ItemKind(item_kind).label},
            county_id=county.pk,
            before={"roles": before},
            after={"roles": roles},
        )
    return rows


def routes_table(county: County) -> list[dict[str, Any]]:
    """Every (unit kind, item kind) route with its stages, for the coordinator's page."""
    stages: dict[tuple[str, str], list[ApprovalStage]] = {}
    for stage in ApprovalStage.objects.filter(county=county).order_by("order"):
        stages.setdefault((stage.originator_kind, stage.item_kind), []).append(stage)
    return [
        {
            "unit_kind": unit_kind,
            "unit_kind_label": unit_label,
            "item_kind": item_kind,
            "item_kind_label": item_label,
            "stages": stages.get((unit_kind, item_kind), []),
        }
        for unit_kind, unit_label in UnitKind.choices
        if unit_kind != UnitKind.HIGHER
        for item_kind, item_label in ItemKind.choices
    ]
