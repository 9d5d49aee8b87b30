"""Trainings: creating one with the units invited, adding people, recording attendance,
attaching materials; pilot measures."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction

from jianfu.core.actor import Actor
from jianfu.core.audit import audit_record, model_snapshot
from jianfu.org.models import County, Unit

from ..files import clean_filename, sniff_file, store_file
from ..models import Invitation, PilotMeasure, Training, TrainingMaterial
from .common import check_perm

TRAINING_FIELDS = ("topic", "kind", "date", "place", "description")


def training_create(
    *,
    actor: Actor,
    county: County,
    topic: str,
    kind: str,
    date: date,
    place: str = "",
    description: str = "",
    units: Iterable[Unit] = (),
    proposed_accuracy: dict[int, float | None] | None = None,
) -> Training:
    """A training with one invitation per unit given (the proposal's rate kept with it)."""
    check_perm(actor, "learning.manage", county)
    unit_list = list({u.pk: u for u in units}.values())
    if any(u.county_id != county.pk for u in unit_list):
        raise ValueError("a unit of another county")
    rates = proposed_accuracy or {}
    with transaction.atomic():
        training = Training.objects.create(
            county=county,
            topic=topic.strip(),
            kind=kind,
            date=date,
            place=place.strip(),
            description=description.strip(),
            created_by=actor.username[:150],
        )
        Invitation.objects.bulk_create(
            [
                Invitation(
                    county=county,
                    training=training,
                    unit=unit,
                    proposed_accuracy=rates.get(unit.pk),
                )
                for unit in unit_list
            ]
        )
        audit_record(
            actor,
            "create",
            training,
            after={
                **model_snapshot(training, TRAINING_FIELDS),
                "units": sorted(u.code for u in unit_list),
            },
        )
    return training


def invitation_add(
    *, actor: Actor, training: Training, unit: Unit, person_name: str = ""
) -> Invitation:
    check_perm(actor, "learning.manage", training.county)
    if unit.county_id != training.county_id:
        raise ValueError("a unit of another county")
    with transaction.atomic():
        invitation, _created = Invitation.objects.get_or_create(
            training=training,
            unit=unit,
            person_name=person_name.strip(),
            defaults={"county_id": training.county_id},
        )
        audit_record(
            actor,
            "update",
            training,
            after={"invited": unit.code, "person_name": invitation.person_name},
        )
    return invitation


def attendance_record(*, actor: Actor, training: Training, attended_ids: Iterable[int]) -> int:
    """Mark exactly the given invitations as attended (the others as absent); changed count."""
    check_perm(actor, "learning.manage", training.county)
    wanted = set(attended_ids)
    with transaction.atomic():
        invitations = list(training.invitations.select_for_update().select_related("unit"))
        changed = [i for i in invitations if i.attended != (i.pk in wanted)]
        for invitation in changed:
            invitation.attended = invitation.pk in wanted
        Invitation.objects.bulk_update(changed, ["attended"])
        if changed:
            audit_record(
                actor,
                "update",
                training,
                after={
                    "attendance": {
                        f"{i.unit.code} {i.person_name}".strip(): i.attended for i in changed
                    }
                },
            )
    return len(changed)


def training_material_add(
    *, actor: Actor, training: Training, data: bytes, filename: str
) -> TrainingMaterial:
    """A material file (PDF, .docx or .txt by content; raises FileRefused)."""
    check_perm(actor, "learning.manage", training.county)
    sniffed = sniff_file(data, filename)
    with transaction.atomic():
        material = TrainingMaterial.objects.create(
            training=training,
            filename=clean_filename(filename),
            stored_file=store_file(data, sniffed.kind),
            file_type=sniffed.kind,
            sha256=sniffed.sha256,
            size=sniffed.size,
            uploaded_by=actor.username[:150],
        )
        audit_record(
            actor,
            "create",
            material,
            county_id=training.county_id,
            after={
                "training": training.pk,
                "filename": material.filename,
                "sha256": sniffed.sha256,
            },
        )
    return material


def pilot_measure_create(
    *, actor: Actor, unit: Unit, title: str, started: date, description: str = ""
) -> PilotMeasure:
    check_perm(actor, "learning.manage", unit.county)
    if not unit.is_pilot:
        raise ValueError("the unit is not a pilot unit")
    with transaction.atomic():
        measure = PilotMeasure.objects.create(
            county_id=unit.county_id,
            unit=unit,
            title=title.strip(),
            started=started,
            description=description.strip(),
            created_by=actor.username[:150],
        )
        audit_record(
            actor,
            "create",
            measure,
            after={"unit": unit.code, "title": measure.title, "started": started},
        )
    return measure
