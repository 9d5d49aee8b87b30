"""Creating, changing and deleting single ledger lines (the web form and the API)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from jianfu.core.actor import Actor
from jianfu.core.audit import audit_record, model_snapshot
from jianfu.core.text import normalize_doc_no, normalize_title
from jianfu.org.access import has_perm, visible_units
from jianfu.org.models import Unit

from ..classify import Classified, LineClassifier, LineInput
from ..linekey import line_key, storable
from ..models import LedgerEntry, Source
from .rollup import rollup_refresh_lines

AUDITED_FIELDS = (
    "unit_id",
    "kind",
    "date",
    "counterpart",
    "doc_no",
    "title",
    "genre",
    "meeting_form",
    "duration_minutes",
    "inspection_type",
    "materials_requested",
    "remarks",
    "counted",
    "quota_charged",
    "category",
    "rule",
    "reason",
)


def _text(value: str, limit: int) -> str:
    # NUL and lone surrogates cannot be stored: keep them visible (U+FFFD), never dropped
    return storable(value)[:limit]


def decision_fields(classified: Classified) -> dict:
    """The decision columns of a line (统计台账): what every way in and re-derivation store."""
    decision = classified.decision
    return {
        "counterpart_unit_id": classified.counterpart_unit_id,
        "originator_level": classified.originator_level,
        "counted": decision.counted,
        "quota_charged": decision.quota_charged,
        "category": decision.category[:16],
        "rule": decision.rule,
        "reason": _text(decision.reason, 500),
        "ruleset_version": decision.ruleset_version,
    }


def entry_fields(unit: Unit, line: LineInput, classified: Classified) -> dict:
    """The column values of a ledger line and its decision (shared by every way in)."""
    fields = {
        "county_id": unit.county_id,
        "unit_id": unit.pk,
        "kind": line.kind,
        "date": line.date,
        "counterpart": line.counterpart[:255],
        "doc_no": line.doc_no[:128],
        "doc_no_norm": normalize_doc_no(line.doc_no)[:128],
        "title": line.title[:500],
        "title_norm": normalize_title(line.title)[:500],
        "genre": (line.genre or classified.decision.genre)[:32],
        "meeting_form": line.meeting_form[:32],
        "duration_minutes": line.duration_minutes,
        "inspection_type": line.inspection_type[:32],
        "materials_requested": line.materials_requested,
        "remarks": line.remarks[:500],
        **decision_fields(classified),
    }
    for name, limit in TEXT_LIMITS.items():
        fields[name] = _text(fields[name], limit)
    fields["line_key"] = line_key(
        unit.pk, line.kind, line.date, fields["doc_no_norm"], fields["title_norm"]
    )
    return fields


TEXT_LIMITS = {
    "counterpart": 255,
    "doc_no": 128,
    "doc_no_norm": 128,
    "title": 500,
    "title_norm": 500,
    "genre": 32,
    "meeting_form": 32,
    "inspection_type": 32,
    "remarks": 500,
    "reason": 500,
}


def _check_unit(actor: Actor, unit: Unit) -> None:
    user = actor.user
    if user is None:
        return  # an operator on the command line
    if not has_perm(user, "ledger.edit") or not visible_units(user).filter(pk=unit.pk).exists():
        raise PermissionDenied


def duplicate_error() -> ValidationError:
    return ValidationError(
        _("台账中已有同一天、同类别、同文号和同标题的条目，不再重复登记。"), code="duplicate"
    )


@transaction.atomic
def ledger_entry_create(
    *,
    actor: Actor,
    unit: Unit,
    line: LineInput,
    source: str = Source.FORM,
    idempotency_key: str = "",
    classifier: LineClassifier | None = None,
) -> LedgerEntry:
    """One new line, classified; a line already in the ledger is refused as a duplicate."""
    _check_unit(actor, unit)
    classifier = classifier or LineClassifier(unit.county)
    fields = entry_fields(unit, line, classifier.classify(unit, line))
    if LedgerEntry.objects.filter(
        unit=unit, date=fields["date"], line_key=fields["line_key"]
    ).exists():
        raise duplicate_error()
    entry = LedgerEntry(
        **fields,
        source=source,
        idempotency_key=idempotency_key[:128],
        created_by=actor.username[:150],
    )
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError as exc:  # a concurrent insert of the same line
        raise duplicate_error() from exc
    audit_record(actor, "create", entry, after=model_snapshot(entry, AUDITED_FIELDS))
    return entry


@transaction.atomic
def ledger_entry_update(*, actor: Actor, entry: LedgerEntry, line: LineInput) -> LedgerEntry:
    """Change a line's facts; its decision is derived again."""
    _check_unit(actor, entry.unit)
    before = model_snapshot(entry, AUDITED_FIELDS)
    classifier = LineClassifier(entry.unit.county)
    fields = entry_fields(entry.unit, line, classifier.classify(entry.unit, line))
    clash = LedgerEntry.objects.filter(
        unit_id=entry.unit_id, date=fields["date"], line_key=fields["line_key"]
    ).exclude(pk=entry.pk)
    if clash.exists():
        raise duplicate_error()
    for name, value in fields.items():
        setattr(entry, name, value)
    entry.save()
    audit_record(actor, "update", entry, before=before, after=model_snapshot(entry, AUDITED_FIELDS))
    return entry


@transaction.atomic
def ledger_entry_delete(*, actor: Actor, entry: LedgerEntry) -> None:
    _check_unit(actor, entry.unit)
    before = model_snapshot(entry, AUDITED_FIELDS)
    audit_record(actor, "delete", entry, before=before)
    entry.delete()
    rollup_refresh_lines([(entry.county_id, entry.unit_id, entry.date)])
