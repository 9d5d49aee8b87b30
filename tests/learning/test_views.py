"""The learning pages: each renders for the roles that may see it, forms keep what was typed,
exports open back as workbooks, downloads are audited, and another unit's rows are 404."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from jianfu.core.actor import Actor
from jianfu.core.models import AuditEvent
from jianfu.learning.models import Invitation, PolicyDocument, StudyRecord, Training
from jianfu.learning.services.library import policy_document_create
from jianfu.learning.services.study import study_record_create
from jianfu.learning.services.training import pilot_measure_create, training_create

from .helpers import PDF, docx_bytes, workbook_bytes

pytestmark = pytest.mark.django_db

PAGES = [
    "learning:index",
    "learning:library",
    "learning:faq",
    "learning:study",
    "learning:coverage",
    "learning:trainings",
    "learning:pilots",
]
EXPORTS = [
    "learning:library_export",
    "learning:faq_export",
    "learning:study_export",
    "learning:coverage_export",
    "learning:trainings_export",
    "learning:pilots_export",
]


@pytest.fixture
def data(county, units):
    operator = Actor.command()
    core = policy_document_create(
        actor=operator,
        county=county,
        title="关于整治形式主义为基层减负的若干规定",
        level="central",
        date=date(2024, 8, 1),
        is_core=True,
        data=PDF,
        filename="规定.pdf",
    )
    records = {}
    for key, unit in (("ny", units["ny"]), ("jy", units["jy"])):
        records[key] = study_record_create(
            actor=operator,
            unit=unit,
            person_name=f"{key}学员",
            is_leader=key == "ny",
            form="units",
            topic='=HYPERLINK("x")',
            date=date(2025, 3, 1),
            hours=Decimal(2),
            document=core if key == "ny" else None,
        )
    training = training_create(
        actor=operator,
        county=county,
        topic="统计口径培训提升班",
        kind="criteria",
        date=date(2025, 7, 1),
        units=[units["ny"], units["jy"]],
    )
    units["ny"].is_pilot = True
    units["ny"].save()
    pilot_measure_create(
        actor=operator, unit=units["ny"], title="会议套开", started=date(2025, 5, 1)
    )
    return {"core": core, "records": records, "training": training}


@pytest.mark.parametrize("role", ["clerk_ny", "leader_ny", "coordinator", "approver", "inspector"])
def test_pages_render_for_business_roles(client, users, data, role):
    client.force_login(users[role])
    for name in PAGES:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
    assert client.get(reverse("learning:training", args=[data["training"].pk])).status_code == 200


def test_administrators_are_refused(client, users, data):
    client.force_login(users["sysadmin"])
    assert client.get(reverse("learning:index")).status_code == 403


def test_clerk_sees_only_own_units_study_records(client, users, data):
    client.force_login(users["clerk_ny"])
    page = client.get(reverse("learning:study")).content.decode()
    assert "ny学员" in page and "jy学员" not in page
    coverage = client.get(reverse("learning:coverage")).content.decode()
    assert "县农业农村局" in coverage and "县教育局" not in coverage
    detail = client.get(reverse("learning:training", args=[data["training"].pk])).content.decode()
    assert "县农业农村局" in detail and "县教育局" not in detail


def test_deleting_another_units_record_is_404(client, users, data):
    client.force_login(users["clerk_ny"])
    other = data["records"]["jy"]
    response = client.post(reverse("learning:study_delete", args=[other.pk]))
    assert response.status_code == 404
    assert StudyRecord.objects.filter(pk=other.pk).exists()
    own = data["records"]["ny"]
    assert client.post(reverse("learning:study_delete", args=[own.pk])).status_code == 302
    assert not StudyRecord.objects.filter(pk=own.pk).exists()
    assert AuditEvent.objects.filter(action="delete", object_type="learning.studyrecord").exists()


def test_another_countys_objects_are_404(client, make_user, data):
    from jianfu.org.models import County, Unit

    other = County.objects.create(code="XX", name="西县")
    unit = Unit.objects.create(county=other, code="XX-A", name="西县农业局", kind="department")
    user = make_user("coordinator_xx", "coordinator")
    user.county, user.unit = other, unit
    user.save()
    client.force_login(user)
    for name, pk in (
        ("learning:document", data["core"].pk),
        ("learning:document_download", data["core"].pk),
        ("learning:training", data["training"].pk),
    ):
        assert client.get(reverse(name, args=[pk])).status_code == 404, name
    listing = client.get(reverse("learning:trainings"))
    assert listing.context["total"] == 0


def test_clerk_exports_hold_only_own_unit(client, users, data):
    client.force_login(users["clerk_ny"])
    response = client.get(reverse("learning:study_export"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert "ny学员" in cells and "jy学员" not in cells
    # formula-like text is neutralised
    assert '\'=HYPERLINK("x")' in cells


@pytest.mark.parametrize("name", EXPORTS)
def test_exports_are_workbooks_and_audited(client, users, data, name):
    client.force_login(users["coordinator"])
    response = client.get(reverse(name))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.active.max_row >= 2
    assert AuditEvent.objects.filter(action="export").count() == 1


def test_training_export_and_proposal_export(client, users, data):
    client.force_login(users["coordinator"])
    response = client.get(reverse("learning:training_export", args=[data["training"].pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    units = [row[0] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert units == ["县教育局", "县农业农村局"]  # by unit code
    assert client.get(reverse("learning:proposal_export")).status_code == 200


def test_download_is_audited_with_safe_headers(client, users, data):
    client.force_login(users["clerk_hk"])
    response = client.get(reverse("learning:document_download", args=[data["core"].pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in response["Content-Disposition"]
    event = AuditEvent.objects.get(action="download")
    assert event.object_type == "learning.policydocument" and event.username == "clerk_hk"


def test_upload_document_and_refusal_keeps_what_was_typed(client, users):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(users["coordinator"])
    form = {"title": "县统计口径解释", "level": "county", "date": "2025.3.1", "summary": "口径"}
    bad = SimpleUploadedFile("解释.docx", b"not a docx")
    response = client.post(reverse("learning:document_create"), {**form, "file": bad})
    assert response.status_code == 200
    page = response.content.decode()
    assert "文件内容与扩展名不符" in page and 'value="县统计口径解释"' in page
    assert not PolicyDocument.objects.exists()
    good = SimpleUploadedFile("解释.docx", docx_bytes())
    response = client.post(reverse("learning:document_create"), {**form, "file": good})
    assert response.status_code == 302
    document = PolicyDocument.objects.get()
    assert document.date == date(2025, 3, 1) and document.file_type == "docx"


def test_clerk_cannot_upload_to_the_library(client, users):
    client.force_login(users["clerk_ny"])
    assert client.get(reverse("learning:document_create")).status_code == 403


def test_faq_page_shows_codes_and_coordinator_adds_a_question(client, users, county):
    client.force_login(users["coordinator"])
    page = client.get(reverse("learning:faq")).content.decode()
    for code in ("D-BR-1", "D-IN-3", "I-IN-2", "M-EM-1", "O-UP-1"):
        assert code in page
    response = client.post(
        reverse("learning:faq_create"),
        {"question": "工作通知单算不算发文？", "kind": "发文", "level": "department",
         "title": "关于报送统计数据的工作通知单"},
    )  # fmt: skip
    assert response.status_code == 302
    page = client.get(reverse("learning:faq")).content.decode()
    assert "工作通知单算不算发文？" in page


def test_study_form_and_import_through_the_pages(client, users, units, data):
    client.force_login(users["clerk_ny"])
    response = client.post(
        reverse("learning:study_create"),
        {"unit": units["ny"].pk, "person_name": "", "form": "units", "topic": "学习规定",
         "date": "2025-04-01", "hours": "2"},
    )  # fmt: skip
    assert response.status_code == 200 and 'value="学习规定"' in response.content.decode()
    response = client.post(
        reverse("learning:study_create"),
        {"unit": units["jy"].pk, "person_name": "x", "form": "units", "topic": "t",
         "date": "2025-04-01", "hours": "2"},
    )  # fmt: skip
    assert response.status_code == 200  # another unit is not a choice
    assert not StudyRecord.objects.filter(unit=units["jy"], person_name="x").exists()
    template = client.get(reverse("learning:study_template"))
    header = next(
        load_workbook(io.BytesIO(template.content)).active.iter_rows(min_row=2, values_only=True)
    )
    assert header[:2] == ("单位", "姓名")
    rows = [
        list(header),
        ["县农业农村局", "孙七", "否", "各单位分头学", "学习", "", "2025-05-01", 1],
    ]
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("学习.xlsx", workbook_bytes(rows))
    response = client.post(reverse("learning:study_import"), {"file": upload})
    assert response.status_code == 302
    assert StudyRecord.objects.filter(person_name="孙七").exists()
    rows[1][0] = "县教育局"
    upload = SimpleUploadedFile("学习.xlsx", workbook_bytes(rows))
    response = client.post(reverse("learning:study_import"), {"file": upload})
    assert response.status_code == 400
    assert "您只能录入本单位的学习记录。" in response.content.decode()


def test_attendance_and_invitation_through_the_pages(client, users, units, data):
    training = data["training"]
    client.force_login(users["coordinator"])
    ny = Invitation.objects.get(training=training, unit=units["ny"])
    response = client.post(
        reverse("learning:training_attendance", args=[training.pk]), {"attended": [ny.pk]}
    )
    assert response.status_code == 302
    assert list(Invitation.objects.filter(attended=True)) == [ny]
    response = client.post(
        reverse("learning:training_invite", args=[training.pk]),
        {"unit": units["hk"].pk, "person_name": "河口乡统计员"},
    )
    assert response.status_code == 302
    assert Invitation.objects.filter(training=training, unit=units["hk"]).exists()
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("讲义.txt", "统计口径讲义".encode())
    response = client.post(
        reverse("learning:training_material", args=[training.pk]), {"file": upload}
    )
    assert response.status_code == 302
    material = training.materials.get()
    client.force_login(users["clerk_hk"])
    response = client.get(reverse("learning:material_download", args=[material.pk]))
    assert b"".join(response.streaming_content) == "统计口径讲义".encode()
    assert (
        client.post(reverse("learning:training_attendance", args=[training.pk])).status_code == 403
    )


def test_training_created_from_the_proposal(client, users, units):
    from jianfu.ledgers.models_compare import HandLedger

    HandLedger.objects.create(
        county_id=units["hk"].county_id, unit=units["hk"], date_from=date(2025, 4, 1),
        date_to=date(2025, 6, 30), filename="x", sha256="0", agreed=1, missed=1, accuracy=0.5,
    )  # fmt: skip
    client.force_login(users["coordinator"])
    page = client.get(reverse("learning:trainings")).content.decode()
    assert "河口乡" in page and "50.0%" in page
    form = client.get(reverse("learning:training_create") + "?proposal=1")
    assert form.context["form"].initial["units"] == [units["hk"].pk]
    response = client.post(
        reverse("learning:training_create"),
        {"topic": "统计口径培训提升班", "kind": "criteria", "date": "2025-07-01",
         "units": [units["hk"].pk]},
    )  # fmt: skip
    assert response.status_code == 302
    invitation = Invitation.objects.get(training__topic="统计口径培训提升班")
    assert invitation.unit == units["hk"] and invitation.proposed_accuracy == 0.5
    assert Training.objects.count() == 1


def test_pilot_measure_and_faq_entry_through_the_pages(client, users, units, data):
    from jianfu.learning.models import FaqEntry, PilotMeasure

    client.force_login(users["coordinator"])
    response = client.post(
        reverse("learning:pilot_create"),
        {"unit": units["ny"].pk, "title": "督查检查一表通", "started": "2025-06-01"},
    )
    assert response.status_code == 302
    page = client.get(reverse("learning:pilots")).content.decode()
    assert "督查检查一表通" in page and "会议套开" in page
    # a unit that is not a pilot is not a choice
    response = client.post(
        reverse("learning:pilot_create"),
        {"unit": units["jy"].pk, "title": "x", "started": "2025-06-01"},
    )
    assert response.status_code == 200 and not PilotMeasure.objects.filter(title="x").exists()
    client.post(
        reverse("learning:faq_create"),
        {"question": "问？", "kind": "发文", "level": "county", "title": "关于开展活动的通知"},
    )
    entry = FaqEntry.objects.get()
    assert client.post(reverse("learning:faq_delete", args=[entry.pk])).status_code == 302
    assert not FaqEntry.objects.exists()
    assert AuditEvent.objects.filter(action="delete", object_type="learning.faqentry").exists()
