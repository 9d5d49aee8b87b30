"""Library, FAQ, study records and their import, trainings, pilots: services and selectors on
the database (audit recorded, scope checked, imports atomic)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from jianfu.core.actor import Actor
from jianfu.core.models import AuditEvent
from jianfu.learning.files import FileRefused, stored_path
from jianfu.learning.models import Invitation, PolicyDocument, StudyRecord
from jianfu.learning.selectors.library import faq_answered
from jianfu.learning.selectors.study import coverage_for
from jianfu.learning.services.library import faq_entry_create, policy_document_create
from jianfu.learning.services.study import (
    StudyImportRefused,
    study_record_create,
    study_records_import,
)
from jianfu.learning.services.training import attendance_record, training_create

from .helpers import PDF, docx_bytes, workbook_bytes

pytestmark = pytest.mark.django_db
HEADER = ["单位", "姓名", "是否处级领导", "学习形式", "学习内容", "学习文件", "学习日期", "学时"]


def actor(user):
    return Actor(channel="web", user=user, username=user.username)


def doc(county, title="关于整治形式主义为基层减负的若干规定", core=True, **extra):
    return policy_document_create(
        actor=Actor.command(),
        county=county,
        title=title,
        level=extra.pop("level", "central"),
        date=extra.pop("date", date(2024, 8, 1)),
        is_core=core,
        **extra,
    )


def test_document_with_file_is_stored_by_content_and_audited(county, users):
    data = docx_bytes()  # once: two builds a second apart differ in the zip timestamps
    document = policy_document_create(
        actor=actor(users["coordinator"]),
        county=county,
        title="统计口径解释",
        level="county",
        date=date(2025, 3, 1),
        data=data,
        filename="C:\\fakepath\\口径解释.docx",
        is_criteria=True,
    )
    assert document.file_type == "docx" and document.filename == "口径解释.docx"
    assert document.stored_file.startswith("learning/") and "口径" not in document.stored_file
    assert stored_path(document.stored_file).read_bytes() == data
    event = AuditEvent.objects.get(action="create", object_type="learning.policydocument")
    assert event.after["sha256"] == document.sha256


def test_document_refused_stores_nothing(county, users):
    with pytest.raises(FileRefused):
        policy_document_create(
            actor=actor(users["coordinator"]),
            county=county,
            title="x",
            level="county",
            date=date(2025, 3, 1),
            data=b"MZ\x90\x00",
            filename="x.pdf",
        )
    assert not PolicyDocument.objects.exists()


def test_only_the_coordinator_manages_the_library(county, users):
    with pytest.raises(PermissionDenied):
        doc_kwargs = {"title": "x", "level": "county", "date": date(2025, 1, 1)}
        policy_document_create(actor=actor(users["clerk_ny"]), county=county, **doc_kwargs)


def test_county_faq_entry_is_answered_by_the_county_rules(county, users):
    faq_entry_create(
        actor=actor(users["coordinator"]),
        county=county,
        question="工作提示单算不算发文？",
        samples=[{"kind": "发文", "title": "关于做好秸秆禁烧的工作提示", "level": "department"}],
    )
    answered = faq_answered(county.pk)
    own = answered[-1]
    assert own.item.question == "工作提示单算不算发文？"
    assert own.codes == ["D-IN-3"]
    with pytest.raises(ValueError):
        faq_entry_create(
            actor=actor(users["coordinator"]),
            county=county,
            question="?",
            samples=[{"kind": "x", "title": "t"}],
        )


def test_clerk_records_only_for_own_unit(county, units, users):
    kwargs = {
        "person_name": "张三",
        "is_leader": False,
        "form": "units",
        "topic": "学习",
        "date": date(2025, 4, 1),
        "hours": Decimal(2),
    }
    study_record_create(actor=actor(users["clerk_ny"]), unit=units["ny"], **kwargs)
    with pytest.raises(PermissionDenied):
        study_record_create(actor=actor(users["clerk_ny"]), unit=units["jy"], **kwargs)
    assert StudyRecord.objects.count() == 1


def test_import_is_atomic_and_names_every_bad_cell(county, units, users):
    document = doc(county)
    rows = [
        HEADER,
        [
            "县农业农村局",
            "张三",
            "是",
            "处级领导深入学",
            "学习规定",
            document.title,
            "2025-03-15",
            2,
        ],
        ["不存在的局", "李四", "否", "各单位分头学", "学习", "", "2025/3/16", 1],
        ["教育局", "王五", "也许", "自学", "学习", "没有的文件", "2025-13-01", "两小时"],
        ["", "", "", "", "", "", "", ""],  # blank rows are skipped
    ]
    data = workbook_bytes(rows)
    with pytest.raises(StudyImportRefused) as caught:
        study_records_import(
            actor=actor(users["coordinator"]), county=county, data=data, filename="学习.xlsx"
        )
    errors = {(e.row, e.column): e for e in caught.value.result.errors}
    # row numbers as Excel shows them: a title row, the header, then the data
    assert set(errors) == {
        (4, "单位"),
        (5, "是否处级领导"),
        (5, "学习形式"),
        (5, "学习文件"),
        (5, "学习日期"),
        (5, "学时"),
    }
    assert errors[(4, "单位")].value == "不存在的局" and errors[(4, "单位")].sheet == "学习记录"
    assert caught.value.result.rows == 3
    assert not StudyRecord.objects.exists()


def test_import_stores_rows_and_counts_coverage(county, units, users):
    core = doc(county)
    doc(county, title="第二份必学文件")
    rows = [
        HEADER,
        ["县农业农村局", "张三", "是", "处级领导深入学", "学习规定", core.title, "2025-03-15", 2],
        ["农业农村局", "张三", "是", "常委会集中学", "学习", "第二份必学文件", "2025.4.1", 1.5],
        ["县教育局", "王五", "否", "各单位分头学", "学习", core.title, "2025年5月1日", ""],
    ]
    result = study_records_import(
        actor=actor(users["coordinator"]),
        county=county,
        data=workbook_bytes(rows, title=None),
        filename="学习.xlsx",
    )
    assert (result.rows, result.imported) == (3, 3)
    assert AuditEvent.objects.filter(action="import", object_type="learning.studyrecord").count()
    coverage = coverage_for(users["coordinator"], date(2025, 1, 1), date(2025, 12, 31))
    by_name = {u.unit_name: u for u in coverage.units}
    assert by_name["县农业农村局"].covered
    assert by_name["县教育局"].missing == [PolicyDocument.objects.get(title="第二份必学文件").pk]
    assert not by_name["河口乡"].records
    assert "市委办公室" not in by_name  # higher-level bodies do not study for the county
    # leaders: those with leader accounts and those found in the records
    assert [(r.person_name, r.covered) for r in coverage.leaders] == [
        ("leader_ny", False),
        ("张三", True),
    ]
    # a clerk's coverage shows only their own unit
    own = coverage_for(users["clerk_jy"], date(2025, 1, 1), date(2025, 12, 31))
    assert [u.unit_name for u in own.units] == ["县教育局"]


def test_clerk_import_of_another_unit_is_refused(county, units, users):
    rows = [HEADER, ["县教育局", "王五", "否", "各单位分头学", "学习", "", "2025-05-01", 1]]
    with pytest.raises(StudyImportRefused) as caught:
        study_records_import(
            actor=actor(users["clerk_ny"]),
            county=county,
            data=workbook_bytes(rows),
            filename="a.xlsx",
        )
    assert caught.value.result.errors[0].message == "您只能录入本单位的学习记录。"


def test_import_refuses_a_file_that_is_not_a_table(county, users):
    with pytest.raises(StudyImportRefused):
        study_records_import(
            actor=actor(users["coordinator"]), county=county, data=PDF, filename="a.xlsx"
        )


def test_training_with_invitations_and_attendance(county, units, users):
    training = training_create(
        actor=actor(users["coordinator"]),
        county=county,
        topic="统计口径培训提升班",
        kind="criteria",
        date=date(2025, 7, 1),
        units=[units["hk"], units["cg"], units["hk"]],
        proposed_accuracy={units["hk"].pk: 0.5},
    )
    invitations = {i.unit.code: i for i in Invitation.objects.filter(training=training)}
    assert set(invitations) == {"QH-HK", "QH-CG"}
    assert invitations["QH-HK"].proposed_accuracy == 0.5
    assert invitations["QH-CG"].proposed_accuracy is None
    changed = attendance_record(
        actor=actor(users["coordinator"]),
        training=training,
        attended_ids=[invitations["QH-HK"].pk],
    )
    assert changed == 1
    assert list(
        training.invitations.filter(attended=True).values_list("unit__code", flat=True)
    ) == ["QH-HK"]
    assert AuditEvent.objects.filter(action="update", object_type="learning.training").count() == 1
    with pytest.raises(PermissionDenied):
        attendance_record(actor=actor(users["clerk_hk"]), training=training, attended_ids=[])


def test_faq_follows_the_countys_own_rule_set(county, users):
    from jianfu.rules.data import default_rules_text
    from jianfu.rules.services import ruleset_import

    def white_head():
        return next(a for a in faq_answered(county.pk) if a.item.key == "white-head").answers

    assert [a.decision.quota_charged for a in white_head()] == [True, True]
    old = "- {code: D-IN-3, section: documents, stage: in, counted: true, quota_charged: true,"
    assert old in default_rules_text()
    text = default_rules_text().replace(
        old, old.replace("quota_charged: true", "quota_charged: false")
    )
    ruleset_import(
        actor=actor(users["coordinator"]),
        county=county,
        yaml_text=text,
        effective_from=date(2020, 1, 1),
    )
    # the county decided white-head documents use no quota: the answer follows its rule set
    answers = white_head()
    assert [(a.decision.rule, a.decision.quota_charged) for a in answers] == [
        ("D-IN-3", False),
        ("D-IN-3", False),
    ]
    assert answers[0].decision.ruleset_version == 1
