"""Editing the county's burden-in-hours model (burden.manage; audited as configuration)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from jianfu.core.actor import Actor
from jianfu.core.audit import audit_record, model_snapshot
from jianfu.org.access import has_perm
from jianfu.org.models import County

from ..models import BurdenModel
from ..selectors.burden import burden_model_for

EDITABLE_FIELDS = (
    "minutes_per_kchar",
    "minutes_per_document",
    "handling_minutes_per_document",
    "default_meeting_minutes",
    "attendees_per_meeting",
    "level_weight_principal",
    "level_weight_deputy",
    "level_weight_staff",
    "travel_minutes_onsite",
    "inspection_days",
    "inspection_hours_per_day",
    "inspection_staff",
    "materials_hours_per_item",
)


def burden_model_update(*, actor: Actor, county: County, values: dict) -> BurdenModel:
    if actor.user is not None and (
        not has_perm(actor.user, "burden.manage") or actor.user.county_id != county.pk
    ):
        raise PermissionDenied
    with transaction.atomic():
        model = burden_model_for(county)
        before = model_snapshot(model, EDITABLE_FIELDS) if model.pk else None
        for name in EDITABLE_FIELDS:
            if name in values:
                setattr(model, name, values[name])
        model.updated_by = actor.username[:150]
        model.save()
        audit_record(
            actor, "config", model, before=before, after=model_snapshot(model, EDITABLE_FIELDS)
        )
    return model
