"""Two supervision groups over the shared test county: the first covers 农业 departments and the
东片 townships (县农业农村局, 河口乡), the second 教育 and 西片 (县教育局, 城关镇)."""

from __future__ import annotations

import datetime as dt

import pytest

from jianfu.core.actor import Actor
from jianfu.supervision.services.groups import group_create
from jianfu.supervision.services.visits import FindingInput, finding_to_task, visit_record


@pytest.fixture
def groups(county, users, make_user):
    inspector2 = make_user("inspector2", "inspector", "xwb")
    first = group_create(
        actor=Actor.command(),
        county=county,
        name="第一督导组",
        leader=users["inspector"],
        systems=["农业"],
        areas=["东片"],
    )
    second = group_create(
        actor=Actor.command(),
        county=county,
        name="第二督导组",
        leader=inspector2,
        systems=["教育"],
        areas=["西片"],
    )
    return {"first": first, "second": second, "inspector2": inspector2}


@pytest.fixture
def visit_ny(groups, units, users):
    """A visit of the first group to 县农业农村局 with two findings, 10 days ago."""
    return visit_record(
        actor=Actor.command(users["inspector"]),
        group=groups["first"],
        unit=units["ny"],
        date=dt.date.today() - dt.timedelta(days=10),
        checked="文件会议精简情况、督查检查计划执行",
        summary="总体较好",
        members_present=[users["inspector"]],
        findings=[
            FindingInput("发文未经报备即印发", "major"),
            FindingInput("会议记录不全", "minor"),
        ],
    )


@pytest.fixture
def task_ny(visit_ny, users):
    finding = visit_ny.findings.order_by("position").first()
    return finding_to_task(
        actor=Actor.command(users["inspector"]),
        finding=finding,
        deadline=dt.date.today() + dt.timedelta(days=5),
        responsible_user=users["leader_ny"],
    )
