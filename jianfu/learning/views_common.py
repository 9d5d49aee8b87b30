"""What the learning views share: the county guard, query parsing, audited Excel responses,
file downloads."""

from __future__ import annotations

from datetime import date

from django.http import Http404, HttpResponse
from django.utils import timezone

from jianfu.core.audit import audit_record
from jianfu.core.excel import xlsx_response

from .files import file_download


def county_id_or_404(request) -> int:
    county_id = request.user.county_id
    if not county_id:
        raise Http404
    return county_id


def int_param(request, name: str) -> int | None:
    raw = (request.GET.get(name) or "").strip()
    return int(raw) if raw.isdigit() and len(raw) < 10 else None


def date_param(request, name: str) -> date | None:
    raw = (request.GET.get(name) or "").strip()
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def query_without(request, *names: str) -> str:
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


def export_response(request, content: bytes, name: str, object_type: str, rows: int):
    """An audited Excel download (action "export")."""
    audit_record(
        request.actor,
        "export",
        object_type=object_type,
        object_repr=name,
        county_id=request.user.county_id,
        after={"rows": rows, "filters": request.GET.dict()},
    )
    stamp = timezone.localdate().strftime("%Y%m%d")
    return xlsx_response(content, f"{name}-{stamp}.xlsx")


def file_response(request, obj, county_id: int) -> HttpResponse:
    """The stored file of a library document or training material (audit "download"), sent
    as an attachment under its original name with a content type fixed by its checked kind."""
    if not obj.stored_file:
        raise Http404
    try:
        response = file_download(obj.stored_file, obj.filename, obj.file_type)
    except OSError as exc:  # FileNotFoundError included
        raise Http404 from exc
    audit_record(
        request.actor,
        "download",
        obj,
        county_id=county_id,
        after={"filename": obj.filename, "sha256": obj.sha256},
    )
    return response
