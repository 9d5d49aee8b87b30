"""Study records: one by the form, many from an Excel workbook (atomic: with any bad row nothing
is stored and every bad cell is listed)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from jianfu.core.actor import Actor
from jianfu.core.audit import AuditEntry, audit_record, audit_record_many, model_snapshot
from jianfu.core.excel import TableFileError, read_table
from jianfu.core.text import normalize_title
from jianfu.org.access import visible_units
from jianfu.org.models import County, Unit, UnitKind
from jianfu.org.units import unit_resolve, unit_resolve_index

from ..models import PolicyDocument, StudyForm, StudyRecord
from ..study_import import StudyRowError, study_rows_read
from .common import check_perm, check_unit

RECORD_FIELDS = (
    "unit_id",
    "person_name",
    "is_leader",
    "form",
    "topic",
    "document_id",
    "date",
    "hours",
    "source",
)


def study_record_create(
    *,
    actor: Actor,
    unit: Unit,
    person_name: str,
    is_leader: bool,
    form: str,
    topic: str,
    date: date,
    hours: Decimal,
    document: PolicyDocument | None = None,
) -> StudyRecord:
    check_unit(actor, "study.record", unit)
    if document is not None and document.county_id != unit.county_id:
        raise ValueError("the document belongs to another county")
    with transaction.atomic():
        record = StudyRecord.objects.create(
            county_id=unit.county_id,
            unit=unit,
            person_name=person_name.strip(),
            is_leader=is_leader,
            form=form,
            topic=topic.strip(),
            document=document,
            date=date,
            hours=hours,
            created_by=actor.username[:150],
        )
        audit_record(actor, "create", record, after=model_snapshot(record, RECORD_FIELDS))
    return record


def study_record_delete(*, actor: Actor, record: StudyRecord) -> None:
    check_unit(actor, "study.record", record.unit)
    with transaction.atomic():
        audit_record(actor, "delete", record, before=model_snapshot(record, RECORD_FIELDS))
        record.delete()


@dataclass
class StudyImportResult:
    rows: int = 0
    imported: int = 0
    errors: list[StudyRowError] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "rows": self.rows,
            "imported": self.imported,
            "errors": [e.as_dict() for e in self.errors],
        }


class StudyImportRefused(Exception):
    """Nothing was stored; `result.errors` lists every bad cell (or the file's problem)."""

    def __init__(self, result: StudyImportResult, message: str):
        super().__init__(message)
        self.result = result
        self.message = message


def study_records_import(
    *, actor: Actor, county: County, data: bytes, filename: str
) -> StudyImportResult:
    """Import every row of the workbook, or nothing (raises StudyImportRefused)."""
    check_perm(actor, "study.record", county)
    try:
        sheets = read_table(data, filename)
    except TableFileError as exc:
        result = StudyImportResult(errors=[StudyRowError("", 0, "", "", str(exc))])
        raise StudyImportRefused(result, str(exc)) from exc
    user = actor.user
    allowed = None
    if user is not None:
        allowed = set(visible_units(user).values_list("pk", flat=True))
    expected = Unit.objects.filter(county=county).exclude(kind=UnitKind.HIGHER)
    expected_ids = set(expected.values_list("pk", flat=True))
    allowed = expected_ids if allowed is None else allowed & expected_ids
    documents = {
        normalize_title(title): pk
        for pk, title in PolicyDocument.objects.filter(county=county).values_list("pk", "title")
    }
    rows, errors, read = study_rows_read(
        sheets,
        unit_index=unit_resolve_index(county),
        allowed_unit_ids=allowed,
        forms={str(label): value for value, label in StudyForm.choices},
        documents=documents,
        resolve_unit=lambda name, index: unit_resolve(county, name, index),
    )
    result = StudyImportResult(rows=read, errors=errors)
    if errors:
        raise StudyImportRefused(
            result,
            _("有 %(n)d 处错误，未导入任何记录；请按提示修改后重新导入。") % {"n": len(errors)},
        )
    if not rows:
        raise StudyImportRefused(result, _("文件中没有学习记录。"))
    records = [
        StudyRecord(
            county=county,
            unit_id=row.unit_id,
            person_name=row.person_name,
            is_leader=row.is_leader,
            form=row.form,
            topic=row.topic,
            document_id=row.document_id,
            date=row.date,
            hours=row.hours,
            source="import",
            created_by=actor.username[:150],
        )
        for row in rows
    ]
    with transaction.atomic():
        StudyRecord.objects.bulk_create(records, batch_size=500)
        audit_record_many(
            actor,
            [
                AuditEntry(
                    action="import",
                    object_type="learning.studyrecord",
                    object_repr=filename[:200],
                    after={"filename": filename[:200], "rows": read, "imported": len(records)},
                    county_id=county.pk,
                )
            ],
        )
    result.imported = len(records)
    return result
