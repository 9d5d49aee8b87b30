"""Demo step "learning": the policy library (a dozen documents with small generated files, the
county's criteria explanation among them, written from the FAQ as the rule set answers it),
a year of study records with a few units and leaders short of full coverage, and (in
learning_trainings.py) the trainings and the pilot units' reform measures. Inserts only what is
missing."""

from __future__ import annotations

import io
import zipfile
from datetime import date, timedelta
from decimal import Decimal

from docx import Document

from jianfu.core.audit import AuditEntry
from jianfu.learning.faq import default_faq, faq_answers
from jianfu.learning.files import sniff_file, store_file
from jianfu.learning.models import (
    PolicyDocument,
    StudyForm,
    StudyRecord,
)
from jianfu.org.models import Role, UnitKind, User
from jianfu.rules.selectors import ruleset_effective_data

from ..context import DemoContext
from .learning_trainings import demo_name, pilots_ensure, trainings_ensure

CRITERIA_TITLE = "青河县发文开会督检考统计口径解释（{year}年版）"
# (title, level, issuer, doc_no, month, day, core, tags, summary, file kind)
DOCUMENTS = (
    ("关于整治形式主义为基层减负若干规定", "central", "中共中央办公厅 国务院办公厅", "", 1, 10,
     True, "减负、规定", "从文件、会议、督检考等方面明确为基层减负的硬约束。", "docx"),
    ("关于持续深化整治形式主义为基层减负工作的通知", "central",
     "中央层面整治形式主义为基层减负专项工作机制办公室", "", 2, 20, False, "减负",
     "部署年度整治形式主义为基层减负重点任务。", "txt"),
    ("省贯彻落实整治形式主义为基层减负若干规定的实施办法", "province", "省委办公厅 省政府办公厅",
     "", 3, 10, True, "减负、实施办法", "细化文件、会议、督检考数量和规格要求。", "docx"),
    ("省督查检查考核事项年度计划管理办法", "province", "省委督查室", "", 4, 2, False,
     "督检考、计划", "督检考实行年度计划和审批报备管理。", "txt"),
    ("市精文减会实施细则", "city", "市委办公室 市政府办公室", "", 3, 25, False,
     "精文减会", "明确市级发文、开会的数量控制和审批程序。", "txt"),
    ("市基层减负观测点工作规程", "city", "市委办公室", "", 5, 8, False, "观测点",
     "乡镇（街道）作为数据观测点如实记录收文、参会、受检情况。", "txt"),
    ("县文件“十不发”会议“八不开”督检考“十禁止”负面清单", "county", "县委办公室 县政府办公室",
     "县委办发〔{year}〕8号", 3, 1, True, "负面清单", "本县三张负面清单及审批报备要求。", "txt"),
    ("县发文开会督检考数额管理办法", "county", "县委办公室 县政府办公室", "县委办发〔{year}〕9号",
     3, 1, False, "数额", "各单位年度发文、开会、督检考数额及统筹调配。", "txt"),
    ("县基层减负双台账管理办法", "county", "县委办公室", "县委办发〔{year}〕15号", 4, 10, False,
     "双台账", "日常工作台账与统计台账的记录、比对和报送。", "txt"),
    ("县整治形式主义为基层减负工作专班工作规则", "county", "县委办公室", "", 2, 28, False,
     "工作专班", "专班每周一分析、每月一研判、每季一通报。", "txt"),
    ("县督导组工作办法", "county", "县委办公室", "", 4, 18, False, "督导",
     "三个督导组分系统、分片区开展督导和限期整改。", "txt"),
)  # fmt: skip
SHORT_UNITS = 6  # units that miss some core document
IDLE_UNITS = 2  # units with no study record at all


def _fixed_zip(data: bytes) -> bytes:
    """The same bytes on every build: python-docx stamps the time into the zip entries."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2025, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def _docx(title: str, paragraphs: list[str]) -> bytes:
    document = Document()
    document.add_heading(title, level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return _fixed_zip(out.getvalue())


def _criteria_text(ctx: DemoContext) -> str:
    lines = [CRITERIA_TITLE.format(year=ctx.year), ""]
    data = ruleset_effective_data(ctx.require_county(), date(ctx.year, 3, 1))
    for n, answered in enumerate(faq_answers(data, default_faq()), start=1):
        lines.append(f"{n}. {answered.item.question}")
        for answer in answered.answers:
            lines.append(f"   {answer.sample.title}：{answer.decision.reason}")
        if answered.item.note:
            lines.append(f"   说明：{answered.item.note}")
    return "\n".join(lines) + "\n"


def _documents(ctx: DemoContext) -> list[PolicyDocument]:
    county = ctx.require_county()
    year = ctx.year
    existing = set(PolicyDocument.objects.filter(county=county).values_list("title", flat=True))
    specs = [
        (
            CRITERIA_TITLE.format(year=year),
            "county",
            "县委办公室",
            "",
            3,
            15,
            True,
            "统计口径",
            "逐项说明培训会、学习会、简报、督查通知、活动通知等是否统计及依据的规则。",
            "txt",
        ),
        *DOCUMENTS,
    ]
    created = []
    for title, level, issuer, doc_no, month, day, core, tags, summary, kind in specs:
        if title in existing:
            continue
        if title.startswith("青河县发文开会"):
            data = _criteria_text(ctx).encode()
        elif kind == "docx":
            data = _docx(title, [summary, "（演示文件，内容为摘要）"])
        else:
            data = f"{title}\n\n{summary}\n（演示文件，内容为摘要）\n".encode()
        filename = f"{title}.{kind}"
        sniffed = sniff_file(data, filename)
        created.append(
            PolicyDocument(
                county=county,
                title=title,
                level=level,
                issuer=issuer,
                doc_no=doc_no.format(year=year),
                date=date(year, month, day),
                summary=summary,
                tags=tags,
                is_core=core,
                is_criteria=title.startswith("青河县发文开会"),
                filename=filename,
                stored_file=store_file(data, sniffed.kind),
                file_type=sniffed.kind,
                sha256=sniffed.sha256,
                size=sniffed.size,
                created_by="demo",
            )
        )
    PolicyDocument.objects.bulk_create(created)
    fields = ("title", "level", "date", "is_core", "sha256")
    ctx.record_created("policy_documents", created, fields)
    return created


def _study_records(ctx: DemoContext) -> None:
    county = ctx.require_county()
    if StudyRecord.objects.filter(county=county, source="demo").exists():
        return
    rng = ctx.rng("learning:study")
    core = list(PolicyDocument.objects.filter(county=county, is_core=True).order_by("date", "id"))
    others = list(PolicyDocument.objects.filter(county=county, is_core=False).order_by("id"))
    units = sorted(
        (u for u in ctx.units.values() if u.kind != UnitKind.HIGHER and u.county_id == county.pk),
        key=lambda u: u.code,
    )
    leaders = dict(
        User.objects.filter(county=county, role=Role.LEADER)
        .exclude(display_name="")
        .values_list("unit_id", "display_name")
    )
    shuffled = units[:]
    rng.shuffle(shuffled)
    idle = {u.pk for u in shuffled[:IDLE_UNITS]}
    short = {u.pk for u in shuffled[IDLE_UNITS : IDLE_UNITS + SHORT_UNITS]}
    records = []
    for unit in units:
        if unit.pk in idle:
            continue
        leader = leaders.get(unit.pk) or demo_name(rng)
        staff = [demo_name(rng) for _ in range(2)]
        studied = core[:] if unit.pk not in short else core[: rng.randint(0, len(core) - 1)]
        for doc in studied:
            day = doc.date + timedelta(days=rng.randint(5, 60))
            leader_form = StudyForm.STANDING if unit.kind == UnitKind.COUNTY else StudyForm.LEADERS
            records.append((unit, leader, True, leader_form, doc, day, Decimal(2)))
            form = StudyForm.DEPARTMENT if unit.kind == UnitKind.DEPARTMENT else StudyForm.UNITS
            for person in staff:
                records.append((unit, person, False, form, doc, day, Decimal("1.5")))
        if others and unit.pk not in short:
            doc = rng.choice(others)
            records.append(
                (
                    unit,
                    staff[0],
                    False,
                    StudyForm.UNITS,
                    doc,
                    doc.date + timedelta(days=20),
                    Decimal(1),
                )
            )
    objects = [
        StudyRecord(
            county=county,
            unit=unit,
            person_name=person,
            is_leader=is_leader,
            form=form,
            topic=f"学习《{doc.title}》",
            document=doc,
            date=min(day, ctx.today),
            hours=hours,
            source="demo",
            created_by="demo",
        )
        for unit, person, is_leader, form, doc, day, hours in records
    ]
    StudyRecord.objects.bulk_create(objects, batch_size=500)
    ctx.count("study_records", len(objects))
    ctx.add_audit(
        AuditEntry(
            action="import",
            object_type="learning.studyrecord",
            object_repr="演示学习记录",
            after={"rows": len(objects)},
            county_id=county.pk,
        )
    )


def learning_ensure(ctx: DemoContext) -> None:
    _documents(ctx)
    _study_records(ctx)
    trainings_ensure(ctx)
    pilots_ensure(ctx)
