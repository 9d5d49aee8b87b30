"""Creating, changing, deleting and restoring items (报备事项) before they are submitted.

An item is created as a draft with its checks run and stored; it can be edited while it is a
draft, returned or withdrawn (`EDITABLE_STATUSES`; an edit after approval is the workflow's
`edit_approved.filing_edit_approved`). Deletion is soft (R17): `deleted_at` is set, the item can
be restored for 30 days, and an archived item can never be deleted.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from jianfu.core.actor import Actor
from jianfu.core.audit import audit_record, model_snapshot
from jianfu.org.access import has_perm, visible_units
from jianfu.org.models import Unit

from ..models import EDITABLE_STATUSES, Filing, Status
from ..selectors.items import RESTORE_DAYS
from .checks import filing_checks_run
from .item_input import (
    DOCUMENT_FIELDS,
    INSPECTION_FIELDS,
    MEETING_FIELDS,
    ItemInvalid,
    item_fields,
)
from .plans import plan_for_item

AUDITED_FIELDS = (
    "unit_id",
    "kind",
    "title",
    "date",
    "status",
    "version",
    "one_off",
    *DOCUMENT_FIELDS,
    *MEETING_FIELDS,
    *INSPECTION_FIELDS,  # "comprehensive" again: a snapshot is a dict, it is kept once
    "plan_item_id",
    "declarations",
    "deleted_at",
)
KIND_FIELDS = {
    "document": DOCUMENT_FIELDS,
    "meeting": MEETING_FIELDS,
    "inspection": INSPECTION_FIELDS,
}


def check_unit(actor: Actor, unit: Unit, action: str = "filing.submit") -> None:
    """The actor may file for the unit: the role allows it and the unit is in its scope."""
    user = actor.user
    if user is None:
        return  # an operator on the command line, or a unit's API token (checked by the API)
    if not has_perm(user, action) or not visible_units(user).filter(pk=unit.pk).exists():
        raise PermissionDenied


def _apply(filing: Filing, fields: dict, unit: Unit) -> None:
    plan = plan_for_item(unit, fields)
    for name in ("title", "title_norm", "date", "one_off", "declarations"):
        setattr(filing, name, fields[name])
    for name in KIND_FIELDS[fields["kind"]]:
        setattr(filing, name, fields[name])
    if fields["kind"] != "document":
        filing.plan_item = plan


def _plan_error(unit: Unit, fields: dict) -> None:
    code = fields.get("plan_item_code")
    if code and plan_for_item(unit, fields) is None:
        raise ItemInvalid([("plan_item", f"本单位没有编号为“{code}”的计划事项")])


@transaction.atomic
def filing_create(*, actor: Actor, unit: Unit, data: dict) -> Filing:
    """A new draft item of the unit, its checks run and stored. Raises `ItemInvalid`."""
    check_unit(actor, unit)
    fields = item_fields(data)
    _plan_error(unit, fields)
    filing = Filing(
        county_id=unit.county_id,
        unit=unit,
        kind=fields["kind"],
        status=Status.DRAFT,
        created_by=actor.user,
    )
    _apply(filing, fields, unit)
    filing.save()
    filing_checks_run(filing)
    audit_record(actor, "create", filing, after=model_snapshot(filing, AUDITED_FIELDS))
    return filing


@transaction.atomic
def filing_update(*, actor: Actor, filing: Filing, data: dict) -> Filing:
    """Change an item that is still a draft, returned or withdrawn; its checks run again."""
    check_unit(actor, filing.unit)
    filing = Filing.objects.select_for_update().select_related("unit").get(pk=filing.pk)
    if filing.deleted_at is not None or filing.status not in EDITABLE_STATUSES:
        raise ValidationError(_("该事项当前状态不能直接修改。"), code="status")
    fields = item_fields({**data, "kind": filing.kind})
    _plan_error(filing.unit, fields)
    before = model_snapshot(filing, AUDITED_FIELDS)
    _apply(filing, fields, filing.unit)
    filing.version = F("version") + 1
    filing.save()
    filing.refresh_from_db()
    filing_checks_run(filing)
    audit_record(
        actor, "update", filing, before=before, after=model_snapshot(filing, AUDITED_FIELDS)
    )
    return filing


@transaction.atomic
def filing_delete(*, actor: Actor, filing: Filing) -> Filing:
    """Soft-delete (restorable for 30 days); an archived item can never be deleted."""
    check_unit(actor, filing.unit)
    filing = Filing.objects.select_for_update().get(pk=filing.pk)
    if filing.status == Status.ARCHIVED or filing.archived_at is not None:
        raise ValidationError(_("已备案的事项不能删除。"), code="archived")
    if filing.deleted_at is not None:
        return filing
    before = model_snapshot(filing, AUDITED_FIELDS)
    filing.deleted_at = timezone.now()
    filing.save(update_fields=["deleted_at", "updated_at"])
    audit_record(actor, "delete", filing, before=before, after={"deleted_at": filing.deleted_at})
    return filing


@transaction.atomic
def filing_restore(*, actor: Actor, filing: Filing) -> Filing:
    """Undo a deletion within 30 days."""
    check_unit(actor, filing.unit)
    filing = Filing.objects.select_for_update().get(pk=filing.pk)
    if filing.deleted_at is None:
        return filing
    if filing.deleted_at < timezone.now() - timedelta(days=RESTORE_DAYS):
        raise ValidationError(_("删除已超过30天，不能恢复。"), code="expired")
    before = {"deleted_at": filing.deleted_at}
    filing.deleted_at = None
    filing.save(update_fields=["deleted_at", "updated_at"])
    audit_record(actor, "restore", filing, before=before, after={"deleted_at": None})
    return filing


__all__ = [
    "check_unit",
    "filing_create",
    "filing_delete",
    "filing_restore",
    "filing_update",
]
