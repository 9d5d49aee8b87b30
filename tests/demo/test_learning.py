"""The demo's learning part: a library with real files (the criteria explanation written from
the FAQ as the rule set answers it), a year of study records with a few units short, the two
trainings (the criteria class inviting the units the comparisons proposed, compared again after
the class), pilot measures with before/after figures; a second run adds nothing."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from django.db import transaction
from django.test import override_settings

from jianfu.core.actor import Actor
from jianfu.core.models import AuditEvent
from jianfu.demo.builder import demo_build
from jianfu.demo.steps import STEPS
from jianfu.learning.files import sniff_file, stored_path
from jianfu.learning.models import (
    Invitation,
    PilotMeasure,
    PolicyDocument,
    StudyRecord,
    Training,
    TrainingKind,
)
from jianfu.learning.selectors.pilots import pilot_figures
from jianfu.learning.selectors.study import coverage_for
from jianfu.learning.selectors.training import training_effect
from jianfu.org.models import User
from tests.demo.today import DEMO_TODAY, DEMO_YEAR

pytestmark = pytest.mark.django_db
NEEDED = {"county", "units", "aliases", "users", "assignments", "rules", "ledgers",
          "hand_ledgers", "learning"}  # fmt: skip
LEARNING_STEPS = tuple(step for step in STEPS if step.name in NEEDED)


@pytest.fixture(scope="module")
def demo_media(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, demo_media):
    media = demo_media
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=str(media)),
        transaction.atomic(),
    ):
        yield demo_build(actor=Actor.command(), steps=LEARNING_STEPS)
        transaction.set_rollback(True)


def test_the_library_holds_real_files(demo, demo_media, settings):
    settings.MEDIA_ROOT = demo_media  # where the demo stored its files
    documents = list(PolicyDocument.objects.all())
    assert len(documents) == 12
    assert {d.level for d in documents} == {"central", "province", "city", "county"}
    for document in documents:
        data = stored_path(document.stored_file).read_bytes()
        assert sniff_file(data, document.filename).kind == document.file_type
    docx = next(d for d in documents if d.file_type == "docx")
    with zipfile.ZipFile(io.BytesIO(stored_path(docx.stored_file).read_bytes())) as archive:
        assert docx.title in archive.read("word/document.xml").decode()
    criteria = PolicyDocument.objects.get(is_criteria=True)
    text = stored_path(criteria.stored_file).read_text(encoding="utf-8")
    for code in ("D-BR-1", "D-IN-3", "I-IN-2", "M-CB-1"):
        assert code in text


def test_study_coverage_has_a_few_units_short(demo):
    coordinator = User.objects.get(username="xwb_coord")
    coverage = coverage_for(coordinator, date(DEMO_YEAR, 1, 1), date(DEMO_YEAR, 12, 31))
    assert len(coverage.core) == 4
    assert 0 < len(coverage.units_short) <= 10
    assert len(coverage.units_short) < len(coverage.units) / 4
    assert any(u.records == 0 for u in coverage.units_short)
    assert coverage.leaders_short and len(coverage.leaders) > 40
    assert {r.date.year for r in StudyRecord.objects.all()} == {DEMO_YEAR}
    assert {"standing", "leaders", "department", "units"} <= set(
        StudyRecord.objects.values_list("form", flat=True)
    )


def test_the_criteria_class_invites_the_proposed_units_and_shows_the_effect(demo):
    criteria = Training.objects.get(kind=TrainingKind.CRITERIA)
    invited = Invitation.objects.filter(training=criteria)
    codes = set(invited.values_list("unit__code", flat=True))
    assert codes == {"QH-HK", "QH-CG", "QH-LL", "QH-NY"}  # the demo's hand-made ledgers
    assert all(i.proposed_accuracy is not None and i.proposed_accuracy < 1 for i in invited)
    coordinator = User.objects.get(username="xwb_coord")
    effects = training_effect(criteria, coordinator)
    assert len(effects) == 4
    assert all(e.before and e.after for e in effects)
    assert sum(1 for e in effects if e.improved) >= 3
    policy = Training.objects.get(kind=TrainingKind.POLICY, date__lte=DEMO_TODAY)
    assert policy.invitations.filter(attended=True).exists()
    assert policy.invitations.filter(attended=False).exists()
    # attendees have names; a class after the demo's today is planned, nobody attended yet
    assert not Invitation.objects.filter(person_name="").exists()
    upcoming = Training.objects.get(date__gt=DEMO_TODAY)
    assert upcoming.invitations.exists() and not upcoming.invitations.filter(attended=True).exists()


def test_pilot_measures_have_figures(demo):
    measures = list(PilotMeasure.objects.select_related("unit"))
    assert {m.unit.code for m in measures} == {"QH-NY", "QH-JY"}
    assert all(m.unit.is_pilot for m in measures)
    figures = pilot_figures(measures[0], today=date(DEMO_YEAR + 1, 1, 15))
    assert figures.before.total > 0 and figures.after.months > 0


def test_second_run_creates_nothing(demo):
    audit = AuditEvent.objects.count()
    rows = (PolicyDocument.objects.count(), StudyRecord.objects.count(), Invitation.objects.count())
    again = demo_build(actor=Actor.command(), steps=LEARNING_STEPS)
    assert not again.changed and AuditEvent.objects.count() == audit
    assert rows == (
        PolicyDocument.objects.count(),
        StudyRecord.objects.count(),
        Invitation.objects.count(),
    )
