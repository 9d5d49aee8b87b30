"""Setting quotas (数额), recording 统筹调配 and filing 只减不增 explanations (L-D-3).

The balance itself is a read: `jianfu.filings.selectors.quotas.quota_balance` (re-exported here),
whose docstring says what uses a quota.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jianfu.core.actor import Actor
from jianfu.core.audit import audit_record, model_snapshot
from jianfu.org.access import has_perm, visible_units
from jianfu.org.models import Unit

from ..models import GrowthExplanation, ItemKind, Quota, QuotaAdjustment
from ..selectors.quotas import QuotaBalance, quota_balance, quota_balances, quota_used

__all__ = [
    "QuotaBalance",
    "growth_explanation_file",
    "quota_adjust",
    "quota_balance",
    "quota_balances",
    "quota_set",
    "quota_used",
]


def _manager(actor: Actor) -> None:
    if actor.user is not None and not has_perm(actor.user, "quota.manage"):
        raise PermissionDenied


@transaction.atomic
def quota_set(*, actor: Actor, unit: Unit, year: int, kind: str, amount: int) -> Quota:
    """Set (or change) a unit's base quota for a kind and year."""
    _manager(actor)
    if kind not in ItemKind.values:
        raise ValidationError({"kind": _("类别无效。")})
    if not isinstance(amount, int) or amount < 0 or amount > 100_000:
        raise ValidationError({"amount": _("数额应为0到100000之间的整数。")})
    quota = Quota.objects.select_for_update().filter(unit=unit, year=year, kind=kind).first()
    if quota is None:
        quota = Quota.objects.create(
            county_id=unit.county_id, unit=unit, year=year, kind=kind, amount=amount
        )
        audit_record(
            actor,
            "create",
            quota,
            after=model_snapshot(quota, ("unit_id", "year", "kind", "amount")),
        )
        return quota
    before = {"amount": quota.amount}
    quota.amount = amount
    quota.save(update_fields=["amount", "updated_at"])
    audit_record(actor, "update", quota, before=before, after={"amount": amount})
    return quota


@transaction.atomic
def quota_adjust(
    *, actor: Actor, quota: Quota, delta: int, reason: str, approver: str
) -> QuotaAdjustment:
    """统筹调配: an extra allocation (or a cut) with its reason and approver, seen by the unit."""
    _manager(actor)
    errors = {}
    if not isinstance(delta, int) or delta == 0 or abs(delta) > 10_000:
        errors["delta"] = _("调整数应为非零整数。")
    if not (reason or "").strip():
        errors["reason"] = _("请填写调配理由。")
    if not (approver or "").strip():
        errors["approver"] = _("请填写批准人。")
    if errors:
        raise ValidationError(errors)
    adjustment = QuotaAdjustment.objects.create(
        county_id=quota.county_id,
        quota=quota,
        delta=delta,
        reason=reason.strip()[:500],
        approver=approver.strip()[:150],
        created_by=actor.username[:150],
    )
    audit_record(
        actor,
        "create",
        adjustment,
        after={
            "quota": quota.pk,
            "delta": delta,
            "reason": adjustment.reason,
            "approver": adjustment.approver,
        },
    )
    return adjustment


@transaction.atomic
def growth_explanation_file(
    *, actor: Actor, unit: Unit, year: int, text: str, kind: str = ItemKind.DOCUMENT
) -> GrowthExplanation:
    """只减不增: the unit's written explanation of a count above last year's (one per year)."""
    user = actor.user
    if user is not None and (
        not has_perm(user, "filing.submit") or not visible_units(user).filter(pk=unit.pk).exists()
    ):
        raise PermissionDenied
    if not (text or "").strip():
        raise ValidationError({"text": _("请填写书面说明。")})
    found = GrowthExplanation.objects.filter(unit=unit, year=year, kind=kind).first()
    if found is None:
        found = GrowthExplanation.objects.create(
            county_id=unit.county_id,
            unit=unit,
            year=year,
            kind=kind,
            text=text.strip(),
            filed_by=actor.username[:150],
        )
        audit_record(actor, "create", found, after={"year": year, "kind": kind, "text": found.text})
        return found
    before = {"text": found.text}
    found.text = text.strip()
    found.filed_by = actor.username[:150]
    found.save(update_fields=["text", "filed_by"])
    audit_record(actor, "update", found, before=before, after={"text": found.text})
    return found
