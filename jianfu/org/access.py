"""The one place that decides what a user may see and do (R6).

The web UI, the API, exports and dashboard counts all ask these functions: `has_perm` for an
action, `visible_units` / `restrict` for the rows a user's data scope reaches.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from .models import DataScope, Role, Unit

R = Role
ALL_BUSINESS = frozenset({R.CLERK, R.LEADER, R.COORDINATOR, R.APPROVER, R.INSPECTOR})

# Action -> the roles that may perform it. Every view and API operation names one of these.
PERMISSIONS: dict[str, frozenset[str]] = {
    # the home page and one's own account
    "home.view": frozenset(set(Role)),
    # organisation
    "unit.view": ALL_BUSINESS | {R.SYSADMIN},
    "unit.manage": frozenset({R.SYSADMIN}),
    "user.view": frozenset({R.SYSADMIN, R.SECADMIN}),
    "user.manage": frozenset({R.SYSADMIN}),
    "user.unlock": frozenset({R.SECADMIN}),
    "user.otp_reset": frozenset({R.SECADMIN}),
    # security administration
    "security.manage": frozenset({R.SECADMIN}),
    # audit trail
    "audit.view": frozenset({R.AUDITADMIN}),
    # rule sets
    "rules.view": ALL_BUSINESS,
    "rules.manage": frozenset({R.COORDINATOR}),
    # ledgers (日常工作台账 and the derived 统计台账)
    "ledger.view": ALL_BUSINESS,
    "ledger.edit": frozenset({R.CLERK, R.COORDINATOR}),
    "ledger.import": frozenset({R.CLERK, R.COORDINATOR}),
    "ledger.compare": frozenset({R.CLERK, R.LEADER, R.COORDINATOR}),
    "ledger.accuracy": frozenset({R.COORDINATOR, R.APPROVER}),
    "ledger.rederive": frozenset({R.COORDINATOR}),
    "reconcile.view": ALL_BUSINESS,
    # API tokens for OA systems (one per unit)
    "apitoken.manage": frozenset({R.SYSADMIN}),
    # notifications: everyone reads their own
    "notice.view": frozenset(set(Role)),
    # --- filings: the three gates (报备 / 审批 / 备案), 一事一码, quotas and plans ---
    "filing.view": ALL_BUSINESS,
    "filing.submit": frozenset({R.CLERK, R.COORDINATOR}),
    "filing.sign": frozenset({R.LEADER}),  # the unit principal signs before the county reviews
    "filing.review": frozenset({R.COORDINATOR}),
    "filing.approve": frozenset({R.APPROVER}),
    "filing.archive": frozenset({R.CLERK, R.COORDINATOR}),
    "quota.view": ALL_BUSINESS,
    "quota.manage": frozenset({R.COORDINATOR}),
    "plan.view": ALL_BUSINESS,
    "plan.manage": frozenset({R.CLERK, R.COORDINATOR}),
    # --- monitoring: dashboard, alerts, reminders ---
    "monitoring.view": ALL_BUSINESS,
    "alert.view": ALL_BUSINESS,
    "reminder.send": frozenset({R.COORDINATOR}),
    "reminder.ack": frozenset({R.LEADER}),
    "burden.manage": frozenset({R.COORDINATOR}),
    # --- reports: weekly analysis, monthly assessment, quarterly bulletin ---
    "report.view": frozenset({R.LEADER, R.COORDINATOR, R.APPROVER, R.INSPECTOR}),
    "report.generate": frozenset({R.COORDINATOR}),
    # --- supervision groups: visits, findings, rectification tasks ---
    "supervision.view": ALL_BUSINESS,
    "visit.record": frozenset({R.INSPECTOR}),
    "task.respond": frozenset({R.CLERK, R.LEADER}),
    "task.verify": frozenset({R.INSPECTOR}),
    "group.manage": frozenset({R.COORDINATOR}),
    # --- learning: policy library, study records, training, pilots ---
    "learning.view": ALL_BUSINESS,
    "learning.manage": frozenset({R.COORDINATOR}),
    "study.record": frozenset({R.COORDINATOR, R.CLERK}),
}
# A permission with no entry here cannot be granted: `has_perm` raises for unknown actions, so a
# typo in a view's guard fails loudly instead of opening or closing a page by accident.


def has_perm(user: Any, action: str) -> bool:
    """Whether the user's role allows the action. Unknown actions are refused."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    roles = PERMISSIONS.get(action)
    if roles is None:
        raise KeyError(f"unknown permission {action!r}")
    return user.role in roles


def visible_units(user: Any) -> QuerySet[Unit]:
    """The units whose data the user may see, by data scope, always within the user's county."""
    base = Unit.objects.filter(county_id=user.county_id) if user.county_id else Unit.objects.none()
    scope = user.scope
    if user.role == R.SYSADMIN:
        return base  # manages the county's organisation, sees no business rows
    if scope == DataScope.COUNTY:
        return base
    if scope == DataScope.UNIT_TREE and user.unit_id:
        return base.filter(Q(pk=user.unit_id) | Q(parent_id=user.unit_id))
    if scope == DataScope.OWN_UNIT and user.unit_id:
        return base.filter(pk=user.unit_id)
    if scope == DataScope.ASSIGNED:
        return base.filter(Q(assigned_users=user) | Q(pk=user.unit_id or 0)).distinct()
    return base.none()


def restrict(queryset: QuerySet, user: Any, unit_field: str = "unit") -> QuerySet:
    """Restrict rows of a county-scoped model to the user's county and data scope."""
    if not user.is_authenticated or not user.county_id:
        return queryset.none()
    queryset = queryset.filter(county_id=user.county_id)
    if user.scope == DataScope.COUNTY or user.role == R.SYSADMIN:
        return queryset
    return queryset.filter(**{f"{unit_field}__in": visible_units(user).values("pk")})


def get_visible_or_404(queryset: QuerySet, user: Any, unit_field: str = "unit", **lookup: Any):
    """One row the user may see, else 404 (never 403, which would reveal that it exists)."""
    try:
        return restrict(queryset, user, unit_field).get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc
