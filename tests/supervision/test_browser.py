"""The supervision part in a real browser (issue 6, "done when"): an inspector records a visit
with two findings, turns one into a task with a deadline, the unit's clerk responds with an
evidence file, the inspector verifies it; an overdue task shows on the overview, in red."""

from __future__ import annotations

import datetime as dt

import pytest

from jianfu.core.actor import Actor
from jianfu.supervision.models import RectificationTask, TaskEvidence, TaskStatus, Visit
from jianfu.supervision.services.visits import FindingInput, finding_to_task, visit_record
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
DARK_RED = "rgb(127, 29, 29)"


def clean(page, problems) -> None:
    assert page.evaluate("window.__cspViolations") == []
    assert (problems.console_errors, problems.page_errors) == ([], [])


def switch_user(page, login, username):
    page.context.clear_cookies()
    login(username, PASSWORD)


def test_visit_task_response_verification_and_overdue(groups, users, units, page, login, problems):
    # an older visit whose task is past its deadline
    old = visit_record(
        actor=Actor.command(users["inspector"]),
        group=groups["first"],
        unit=units["hk"],
        date=dt.date.today() - dt.timedelta(days=40),
        checked="督查检查计划执行",
        findings=[FindingInput("迎检材料要求过多")],
    )
    finding_to_task(
        actor=Actor.command(users["inspector"]),
        finding=old.findings.get(),
        deadline=dt.date.today() - dt.timedelta(days=10),
        responsible_name="赵丽",
    )

    login("inspector", PASSWORD)
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="督导").click()
    page.wait_for_url("**/supervision/")  # count() below does not wait for the navigation
    overdue = page.get_by_test_id("overdue-row")
    assert overdue.count() == 1 and "迎检材料要求过多" in overdue.inner_text()
    assert "逾期 10 天" in overdue.inner_text()
    title = overdue.locator("td.overdue a")
    assert title.evaluate("e => getComputedStyle(e).color") == DARK_RED
    assert page.get_by_test_id("overdue-count").inner_text().startswith("1")
    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")

    # record a visit with two findings (the second row added in the page)
    page.get_by_test_id("record-visit").click()
    page.get_by_label("被督导单位").select_option(label="县农业农村局")
    page.get_by_label("督导内容").fill("发文报备、会议精简情况")
    page.get_by_label("问题描述").first.fill("部分发文未经报备即印发")
    page.get_by_test_id("add-finding").click()
    page.get_by_label("问题描述").nth(1).fill("会议记录不全")
    page.get_by_label("严重程度").nth(1).select_option(label="一般")
    page.get_by_label("严重程度").first.select_option(label="较重")
    with page.expect_navigation():  # wait for the POST's answer
        page.get_by_role("button", name="保存").click()
    visit = Visit.objects.get(unit=units["ny"])
    assert [f.text for f in visit.findings.all()] == ["部分发文未经报备即印发", "会议记录不全"]
    assert page.get_by_test_id("finding-row").count() == 2

    # turn the first finding into a task with a deadline
    page.get_by_test_id("make-task").first.click()
    deadline = dt.date.today() + dt.timedelta(days=14)
    page.get_by_label("整改期限").fill(deadline.isoformat())
    page.get_by_label("责任人（本单位账号）").select_option(label="clerk_ny")
    with page.expect_navigation():  # wait for the POST's answer
        page.get_by_role("button", name="下达").click()
    task = RectificationTask.objects.get(unit=units["ny"])
    assert task.deadline == deadline and task.responsible_user == users["clerk_ny"]
    assert "待整改" in page.get_by_test_id("task-status").inner_text()
    clean(page, problems)

    page.goto("/supervision/tasks/")
    assert page.get_by_test_id("task-row").count() == 2
    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")

    # the unit's clerk responds with an evidence file
    switch_user(page, login, "clerk_ny")
    page.goto("/supervision/tasks/")
    page.get_by_role("link", name="部分发文未经报备即印发").click()
    page.get_by_label("整改情况").fill("已补办报备手续，并建立发文报备台账")
    page.get_by_label("佐证材料").set_input_files(
        files=[{"name": "报备审批单.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    with page.expect_navigation():  # wait for the POST's answer
        page.get_by_role("button", name="提交反馈").click()
    assert "已反馈" in page.get_by_test_id("task-status").inner_text()
    assert page.get_by_test_id("evidence").inner_text() == "报备审批单.pdf"
    assert TaskEvidence.objects.get().sha256
    clean(page, problems)

    # the inspector verifies it
    switch_user(page, login, "inspector")
    page.goto(f"/supervision/tasks/{task.pk}/")
    page.get_by_label("核验意见（可选）").fill("整改到位")
    with page.expect_navigation():  # wait for the POST's answer
        page.get_by_role("button", name="核验销号").click()
    status = page.get_by_test_id("task-status").inner_text()
    assert "已销号" in status
    task.refresh_from_db()
    assert task.status == TaskStatus.VERIFIED
    tag = page.get_by_test_id("task-status").locator(".tag").first
    assert tag.evaluate("e => getComputedStyle(e).color") == "rgb(22, 101, 52)"  # green
    clean(page, problems)


def test_findings_rows_are_kept_after_a_refused_form(groups, users, page, login, problems):
    login("inspector", PASSWORD)
    page.goto("/supervision/visits/new/")
    page.get_by_label("问题描述").first.fill("问题一")
    page.get_by_test_id("add-finding").click()
    page.get_by_label("问题描述").nth(1).fill("问题二")
    page.get_by_test_id("add-finding").click()
    page.locator("[data-remove-finding]").nth(2).click()  # the empty third row goes again
    with page.expect_navigation():  # wait for the POST's answer
        page.get_by_role("button", name="保存").click()  # no unit, nothing checked
    assert page.get_by_test_id("error-unit").is_visible()
    texts = page.get_by_label("问题描述")
    assert [texts.nth(i).input_value() for i in range(texts.count())] == ["问题一", "问题二"]
    assert not Visit.objects.exists()
    clean(page, problems)
