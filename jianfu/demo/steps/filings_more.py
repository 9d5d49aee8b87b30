"""The filings demo step's helpers around the filings themselves: quotas of both years, the
只减不增 explanation, the plan ahead of today, next week's pending items and the archived
filings' generated attachments."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.db.models import Count

from jianfu.core import uploads
from jianfu.filings.models import (
    Filing,
    FilingAttachment,
    GrowthExplanation,
    ItemKind,
    PlanItem,
    Quota,
)
from jianfu.filings.services.archive import MEDIA_FOLDER as ARCHIVE_FOLDER
from jianfu.ledgers.models import LedgerEntry
from jianfu.org.models import UnitKind

from ..context import DemoContext
from ..files import DocxMaker

ITEM_OF_LINE = {"发文": ItemKind.DOCUMENT, "办会": ItemKind.MEETING, "督查": ItemKind.INSPECTION}
SENDERS = (UnitKind.COUNTY, UnitKind.DEPARTMENT)
# The columns of a sender's ledger line that a demo filing is made from (both filing steps).
LINE_FIELDS = (
    "unit_id",
    "kind",
    "date",
    "title",
    "doc_no",
    "genre",
    "meeting_form",
    "duration_minutes",
    "inspection_type",
    "materials_requested",
)
NEXT_WEEK = 7  # pending filings for items planned within a week after today
OVERRUN_UNITS = ("QH-NY", "QH-JY", "QH-ZR")
PLANNED_AHEAD = 12  # plan items for the months after today's (inspections not yet filed)
# archived filings that keep a generated .docx: the latest of the units whose accounts log in,
# and a sample of the others
ATTACHED_UNITS = ("QH-NY", "QH-JY", "QH-XWB", "QH-ZFB")
ATTACHED_FEATURED, ATTACHED_OTHERS = 16, 24
ATTACHMENT_PURPOSE = {
    ItemKind.DOCUMENT: ("text", ""),
    ItemKind.MEETING: ("materials", "（会议材料）"),
    ItemKind.INSPECTION: ("report", "（督查报告）"),
}
GROWTH_EXPLAINED = "QH-NY"  # the growth unit that filed its 只减不增 explanation
GROWTH_TEXT = (
    "今年承担高标准农田建设整县推进和秸秆禁烧专项工作，上级部署任务增加，发文较上年同期有所增加。"
    "已对同类事项合并发文，确需发文的逐件报备审批，全年力争不超过上年总量。"
)


def quotas_ensure(ctx: DemoContext) -> int:
    """Quotas of this year (from its pace to the demo's today, projected to the year) and of last
    year (from its lines)."""
    return _year_quotas(ctx, ctx.previous_year, 1.0) + _year_quotas(
        ctx, ctx.year, 365 / max(ctx.today.timetuple().tm_yday, 30)
    )


def _year_quotas(ctx: DemoContext, year: int, projection: float) -> int:
    county = ctx.require_county()
    have = set(Quota.objects.filter(county=county, year=year).values_list("unit_id", "kind"))
    rows = (
        LedgerEntry.objects.filter(
            county=county,
            date__year=year,
            counted=True,
            quota_charged=True,
            kind__in=list(ITEM_OF_LINE),
            unit__kind__in=SENDERS,
        )
        .order_by()
        .values("unit_id", "kind")
        .annotate(n=Count("id"))
    )
    overrun = {ctx.units[c].pk for c in OVERRUN_UNITS if c in ctx.units}
    rng = ctx.rng(f"filings:quotas:{year}")
    quotas = []
    for row in sorted(rows, key=lambda r: (r["unit_id"], r["kind"])):
        kind = ITEM_OF_LINE[row["kind"]]
        if (row["unit_id"], kind) in have:
            continue
        factor = 0.8 if row["unit_id"] in overrun else rng.choice((0.9, 1.2, 1.3, 1.5, 1.6, 2.0))
        quotas.append(
            Quota(
                county=county,
                unit_id=row["unit_id"],
                year=year,
                kind=kind,
                amount=max(1, round(row["n"] * projection * factor)),
            )
        )
    Quota.objects.bulk_create(quotas)
    return len(quotas)


def growth_explanation(ctx: DemoContext) -> int:
    """The growth unit's written explanation (只减不增, L-D-3) of this year's documents."""
    unit = ctx.units.get(GROWTH_EXPLAINED)
    if unit is None or GrowthExplanation.objects.filter(unit=unit, year=ctx.year).exists():
        return 0
    leader = next((u for u in ctx.users.values() if u.unit_id == unit.pk), None)
    GrowthExplanation.objects.bulk_create(
        [
            GrowthExplanation(
                county=ctx.require_county(),
                unit=unit,
                year=ctx.year,
                kind=ItemKind.DOCUMENT,
                text=GROWTH_TEXT,
                filed_by=leader.username if leader else "demo",
            )
        ]
    )
    return 1


def planned_ahead(ctx: DemoContext, units: dict, counter: dict[int, int]) -> list[PlanItem]:
    """The plan's inspections for the months after today's: last year's inspections of those
    months, planned again this year (approved, not yet filed)."""
    county = ctx.require_county()
    rows = (
        LedgerEntry.objects.filter(
            county=county,
            date__year=ctx.previous_year,
            date__month__gt=ctx.today.month,
            kind="督查",
            unit__kind__in=SENDERS,
            counted=True,
        )
        .order_by("date", "id")
        .values_list("unit_id", "title", "date")[:PLANNED_AHEAD]
    )
    plans = []
    for unit_id, title, day in rows:
        unit = units.get(unit_id)
        if unit is None:
            continue
        n = counter[unit_id] = counter.get(unit_id, 0) + 1
        plans.append(
            PlanItem(
                county=county,
                unit_id=unit_id,
                year=ctx.year,
                kind=ItemKind.INSPECTION,
                code=f"{ctx.year}-{unit.code.split('-')[-1]}-{n:02d}",
                title=title.replace(str(ctx.previous_year), str(ctx.year)),
                month=day.month,
                targets="各乡镇（街道）",
                approved=True,
            )
        )
    return plans


def next_week(ctx: DemoContext, rng, lines: list[tuple]) -> list[tuple]:
    """A few items planned for the week after today: last year's lines of that week, moved to
    this year (the same unit, kind and title), still waiting for approval."""
    county = ctx.require_county()
    start = ctx.today + timedelta(days=1)
    try:
        then = start.replace(year=ctx.previous_year)
    except ValueError:  # 29 February
        then = start.replace(year=ctx.previous_year, day=28)
    have = {(line[0], line[1], line[3]) for line in lines}
    rows = (
        LedgerEntry.objects.filter(
            county=county,
            date__gte=then,
            date__lt=then + timedelta(days=NEXT_WEEK),
            kind__in=list(ITEM_OF_LINE),
            unit__kind__in=SENDERS,
            counted=True,
        )
        .order_by("date", "id")
        .values_list(*LINE_FIELDS)
    )
    out = []
    for row in rows:
        title = row[3].replace(str(ctx.previous_year), str(ctx.year))
        if (row[0], row[1], title) in have or rng.random() < 0.6:
            continue
        day = start + timedelta(days=(row[2] - then).days)
        out.append((row[0], row[1], day, title, "", *row[5:]))
    return out


def attachments_make(ctx: DemoContext, archived: list[Filing], rng) -> int:
    """A share of the archived filings keep a small generated .docx (their text, the meeting's
    materials, the inspection report), stored as filings/services/archive.py stores uploads:
    a server-generated name under MEDIA_ROOT, its SHA-256 and size."""
    if not archived:
        return 0
    featured = {ctx.units[c].pk for c in ATTACHED_UNITS if c in ctx.units}
    chosen = [f for f in archived if f.unit_id in featured][-ATTACHED_FEATURED:]
    others = [f for f in archived if f.unit_id not in featured]
    chosen += rng.sample(others, min(ATTACHED_OTHERS, len(others)))
    maker = DocxMaker()
    units = ctx.units_by_pk()
    rows = []
    for f in chosen:
        purpose, suffix = ATTACHMENT_PURPOSE[f.kind]
        unit = units[f.unit_id]
        data = maker.make(f.title, attachment_text(f, unit.name))
        rows.append(
            FilingAttachment(
                county_id=f.county_id,
                filing=f,
                purpose=purpose,
                filename=f"{f.title[:60]}{suffix}.docx",
                stored_file=uploads.store_upload(data, f"{ARCHIVE_FOLDER}/{f.county_id}", ".docx"),
                sha256=hashlib.sha256(data).hexdigest(),
                size=len(data),
                uploaded_by=f.created_by.username if f.created_by else "demo",
            )
        )
    FilingAttachment.objects.bulk_create(rows)
    return len(rows)


def attachment_text(f: Filing, unit_name: str) -> list[str]:
    """The few deterministic paragraphs of a filing's generated attachment."""
    when = f"{f.date.year}年{f.date.month}月{f.date.day}日"
    if f.kind == ItemKind.DOCUMENT:
        return [
            f"{f.doc_no}" if f.doc_no else "（无文号）",
            "各乡镇党委、政府，各街道党工委、办事处：",
            f"为做好{f.title.removeprefix('关于').removesuffix('的通知')}有关工作，经研究，现将有关事项通知如下。",
            "一、提高思想认识，压实工作责任。二、突出工作重点，确保取得实效。三、严格控制材料报送，不得层层加码。",
            unit_name,
            when,
        ]
    if f.kind == ItemKind.MEETING:
        return [
            f"会议时间：{when}",
            f"会议形式：{f.meeting_form or '现场'}；计划时长 {f.duration_minutes or 60} 分钟",
            "会议议程：一、传达上级精神；二、部署近期重点工作；三、主要负责同志讲话。",
            f"召集单位：{unit_name}",
        ]
    return [
        f"督查时间：{when}，为期 {f.days or 1} 天",
        f"督查对象：{'、'.join(f.targets or [])}",
        "督查方式：座谈了解、实地查看，不要求乡镇另行准备汇报材料。",
        "督查结论：工作总体推进有序，发现问题已当场反馈并督促整改。",
        unit_name,
    ]
