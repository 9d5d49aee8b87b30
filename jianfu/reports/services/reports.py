"""Writing reports: build one (data, .docx, .xlsx), store it as the period's next version, serve
a stored file. Audit records are written here, on purpose ("generate", "download").
"""

from __future__ import annotations

import hashlib
import time
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from jianfu.core.actor import Actor
from jianfu.core.audit import audit_record
from jianfu.org.models import County

from ..content import outline_for
from ..models import Report
from ..periods import Period
from ..render_docx import docx_bytes
from ..render_xlsx import xlsx_bytes
from ..selectors.data import report_data

FORMATS = ("docx", "xlsx", "json")
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


@dataclass(frozen=True)
class BuiltReport:
    data: dict
    docx: bytes | None
    xlsx: bytes | None


def report_build(
    county: County, period: Period, *, formats=("docx", "xlsx"), dated: date | None = None
) -> BuiltReport:
    """The period's report in the formats asked for, built from one reading of the figures."""
    data = report_data(county, period)
    docx = None
    if "docx" in formats:
        docx = docx_bytes(outline_for(data), dated=dated or timezone.localdate())
    xlsx = xlsx_bytes(data) if "xlsx" in formats else None
    return BuiltReport(data=data, docx=docx, xlsx=xlsx)


def _store(county: County, content: bytes, suffix: str) -> tuple[str, str]:
    """Write the bytes under MEDIA_ROOT with a server-generated name; (relative path, sha256)."""
    relative = Path("reports") / county.code / f"{uuid.uuid4().hex}.{suffix}"
    target = Path(settings.MEDIA_ROOT) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    return relative.as_posix(), hashlib.sha256(content).hexdigest()


def report_generate(*, actor: Actor, county: County, period: Period) -> Report:
    """Build the period's report and store it as the next version (1, 2, …)."""
    started = time.perf_counter()
    built = report_build(county, period)
    assert built.docx is not None and built.xlsx is not None
    docx_path, docx_sha = _store(county, built.docx, "docx")
    xlsx_path, xlsx_sha = _store(county, built.xlsx, "xlsx")
    user = actor.user
    for _attempt in range(3):
        try:
            with transaction.atomic():
                last = Report.objects.filter(
                    county=county, kind=period.kind, period=period.code
                ).aggregate(v=Max("version"))["v"]
                report = Report.objects.create(
                    county=county,
                    kind=period.kind,
                    period=period.code,
                    period_start=period.start,
                    period_end=period.end,
                    version=(last or 0) + 1,
                    status=Report.Status.READY,
                    doc_no=built.data["doc_no"],
                    title=built.data["title"],
                    figures=built.data,
                    docx_file=docx_path,
                    docx_sha256=docx_sha,
                    docx_size=len(built.docx),
                    xlsx_file=xlsx_path,
                    xlsx_sha256=xlsx_sha,
                    xlsx_size=len(built.xlsx),
                    channel=actor.channel,
                    generated_by=user if getattr(user, "pk", None) else None,
                    generated_by_name=actor.username,
                    seconds=round(time.perf_counter() - started, 3),
                )
                audit_record(
                    actor,
                    "generate",
                    report,
                    after={
                        "kind": report.kind,
                        "period": report.period,
                        "version": report.version,
                        "docx_sha256": docx_sha,
                        "xlsx_sha256": xlsx_sha,
                        "totals": built.data["totals"],
                    },
                )
                return report
        except IntegrityError:  # another run took the same version number first
            continue
    raise RuntimeError("could not allocate a report version")


def report_file(*, actor: Actor, report: Report, fmt: str) -> bytes:
    """The stored file of one format (json: the figures), recorded as a download."""
    if fmt == "json":
        import json

        content = json.dumps(report.figures, ensure_ascii=False, indent=2).encode("utf-8")
    else:
        relative = report.docx_file if fmt == "docx" else report.xlsx_file
        expected = report.docx_sha256 if fmt == "docx" else report.xlsx_sha256
        content = (Path(settings.MEDIA_ROOT) / relative).read_bytes()
        if hashlib.sha256(content).hexdigest() != expected:
            raise ValueError("stored report file does not match its checksum")
    audit_record(actor, "download", report, after={"format": fmt, "version": report.version})
    return content


def report_filename(report: Report, fmt: str) -> str:
    """What the download is called: 青河县2025年第三季度为基层减负工作情况的通报（第1版）.docx."""
    figures = report.figures or {}
    label = figures.get("title") or f"{report.get_kind_display()}{report.period}"
    label = label.removeprefix("关于")
    return f"{label}（第{report.version}版）.{fmt}"
