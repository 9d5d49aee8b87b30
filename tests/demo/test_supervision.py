"""The demo's supervision year: three groups built on the inspectors' assignments, a year of
visits to every unit of every group, tasks in every state with some overdue; a second run adds
nothing and writes no audit record."""

from __future__ import annotations

import hashlib
import io

import pytest
from docx import Document

from jianfu.core.actor import Actor
from jianfu.core.models import AuditEvent
from jianfu.demo.builder import demo_build
from jianfu.demo.context import DemoStep
from jianfu.demo.data import SUPERVISION_GROUPS, group_unit_codes
from jianfu.demo.steps import STEPS
from jianfu.demo.steps.supervision import supervision_ensure
from jianfu.org.access import visible_units
from jianfu.org.models import User
from jianfu.supervision.models import (
    RectificationTask,
    SupervisionGroup,
    TaskEvidence,
    TaskResponse,
    TaskStatus,
    Visit,
)
from jianfu.supervision.selectors import tasks_overdue
from tests.demo.today import DEMO_TODAY

pytestmark = pytest.mark.django_db

ORG_STEPS = tuple(
    s for s in STEPS if s.name in {"county", "units", "aliases", "users", "assignments"}
)
SUP_STEPS = (*ORG_STEPS, DemoStep("supervision", supervision_ensure))


def test_the_demo_supervision_year_is_complete_deterministic_and_idempotent(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    first = demo_build(actor=Actor.command(), steps=SUP_STEPS)
    assert first.created["supervision_groups"] == 3
    groups = {g.name: g for g in SupervisionGroup.objects.all()}
    for spec in SUPERVISION_GROUPS:
        group = groups[spec.name]
        codes = sorted(group.units.values_list("code", flat=True))
        assert codes == sorted(group_unit_codes(spec))
        inspector = User.objects.get(username=spec.inspector)
        assert group.leader == inspector and list(group.members.all()) == [inspector]
        # the group's units are the inspector's scope (the one mechanism)
        assert set(codes) <= set(visible_units(inspector).values_list("code", flat=True))
        visited = set(Visit.objects.filter(group=group).values_list("unit__code", flat=True))
        assert visited == set(codes)
    visits = Visit.objects.all()
    assert visits.count() >= 2 * 56
    assert {v.date.year for v in visits} == {first_year(visits)}
    statuses = set(RectificationTask.objects.values_list("status", flat=True))
    assert statuses == set(TaskStatus.values)
    for code in ("QH-HK", "QH-NY"):
        unit_statuses = set(
            RectificationTask.objects.filter(unit__code=code).values_list("status", flat=True)
        )
        assert {TaskStatus.OPEN, TaskStatus.RETURNED, TaskStatus.RESPONDED} <= unit_statuses
    county = SupervisionGroup.objects.first().county
    overdue = tasks_overdue(county, DEMO_TODAY)
    assert 0 < len(overdue) < RectificationTask.objects.count() / 4
    # nothing happens after the demo's today; long-past tasks were mostly closed
    assert not visits.filter(date__gt=DEMO_TODAY).exists()
    assert not TaskResponse.objects.filter(responded_at__date__gt=DEMO_TODAY).exists()
    assert not TaskResponse.objects.filter(outcome_at__date__gt=DEMO_TODAY).exists()
    assert RectificationTask.objects.filter(deadline__gt=DEMO_TODAY).exists()
    assert len([t for t in overdue if (DEMO_TODAY - t.deadline).days > 120]) <= 8
    # a task awaiting verification has its evidence: a generated .docx stored under MEDIA_ROOT
    responded = TaskResponse.objects.filter(task__status=TaskStatus.RESPONDED)
    evidence = TaskEvidence.objects.all()
    assert evidence.count() == responded.count() > 0
    for item in evidence:
        data = (tmp_path / item.stored_file).read_bytes()
        assert item.size == len(data) and item.sha256 == hashlib.sha256(data).hexdigest()
        assert item.response.task.title in Document(io.BytesIO(data)).paragraphs[0].text
    returned = RectificationTask.objects.filter(status=TaskStatus.RETURNED).first()
    assert returned.responses.get().outcome_comment

    snapshot = sorted(Visit.objects.values_list("unit__code", "date", "checked"))
    audit = AuditEvent.objects.count()
    second = demo_build(actor=Actor.command(), steps=SUP_STEPS)
    assert not second.changed and AuditEvent.objects.count() == audit
    assert sorted(Visit.objects.values_list("unit__code", "date", "checked")) == snapshot


def first_year(visits):
    return visits.first().date.year
