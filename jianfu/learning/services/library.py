"""The policy library: adding a document with its file, the FAQ's own entries."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from jianfu.core.actor import Actor
from jianfu.core.audit import audit_record, model_snapshot
from jianfu.org.models import County

from ..faq import sample_from_dict
from ..files import clean_filename, sniff_file, store_file
from ..models import FaqEntry, PolicyDocument
from .common import check_perm

DOCUMENT_AUDIT_FIELDS = (
    "title",
    "level",
    "issuer",
    "doc_no",
    "date",
    "tags",
    "is_core",
    "is_criteria",
    "filename",
    "file_type",
    "sha256",
    "size",
)


def policy_document_create(
    *,
    actor: Actor,
    county: County,
    title: str,
    level: str,
    date: date,
    issuer: str = "",
    doc_no: str = "",
    summary: str = "",
    tags: str = "",
    is_core: bool = False,
    is_criteria: bool = False,
    data: bytes | None = None,
    filename: str = "",
) -> PolicyDocument:
    """A library document; its file (optional) is checked by content (raises FileRefused)."""
    check_perm(actor, "learning.manage", county)
    document = PolicyDocument(
        county=county,
        title=title.strip(),
        level=level,
        issuer=issuer.strip(),
        doc_no=doc_no.strip(),
        date=date,
        summary=summary.strip(),
        tags=tags.strip(),
        is_core=is_core,
        is_criteria=is_criteria,
        created_by=actor.username[:150],
    )
    if data is not None:
        sniffed = sniff_file(data, filename)
        document.filename = clean_filename(filename)
        document.file_type = sniffed.kind
        document.sha256 = sniffed.sha256
        document.size = sniffed.size
    with transaction.atomic():
        if data is not None:
            document.stored_file = store_file(data, document.file_type)
        document.save()
        audit_record(
            actor, "create", document, after=model_snapshot(document, DOCUMENT_AUDIT_FIELDS)
        )
    return document


def faq_entry_create(
    *, actor: Actor, county: County, question: str, samples: list[dict], note: str = ""
) -> FaqEntry:
    """A county's own FAQ question; each sample is checked (raises ValueError)."""
    check_perm(actor, "learning.manage", county)
    checked = [sample_from_dict(sample).as_dict() for sample in samples]
    if not checked:
        raise ValueError("an FAQ entry needs at least one sample line")
    with transaction.atomic():
        entry = FaqEntry.objects.create(
            county=county,
            question=question.strip(),
            samples=checked,
            note=note.strip(),
            created_by=actor.username[:150],
        )
        audit_record(actor, "create", entry, after={"question": entry.question, "samples": checked})
    return entry


def faq_entry_delete(*, actor: Actor, entry: FaqEntry) -> None:
    check_perm(actor, "learning.manage", entry.county)
    with transaction.atomic():
        audit_record(actor, "delete", entry, before={"question": entry.question})
        entry.delete()
