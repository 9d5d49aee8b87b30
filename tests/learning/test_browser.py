"""The learning part in a real browser (issue 6, "done when"): the coordinator sees the study
coverage with the units that fall short, sees the proposed participants of the criteria-training
class with their accuracy and main mistakes, and creates the class with them invited; a township
clerk then sees only their own unit's invitation."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from jianfu.core.actor import Actor
from jianfu.learning.models import Invitation, Training
from jianfu.learning.services.library import policy_document_create
from jianfu.learning.services.study import study_record_create
from jianfu.ledgers.models_compare import HandLedger, HandLedgerLine
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def learning_data(county, units, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    operator = Actor.command()
    core = policy_document_create(
        actor=operator,
        county=county,
        title="关于整治形式主义为基层减负的若干规定",
        level="central",
        date=date.today().replace(month=1, day=2),
        is_core=True,
    )
    study_record_create(
        actor=operator,
        unit=units["ny"],
        person_name="吴海涛",
        is_leader=True,
        form="leaders",
        topic="学习若干规定",
        date=date.today().replace(month=1, day=10),
        hours=Decimal(2),
        document=core,
    )
    for key, agreed, missed, wrong in (("hk", 6, 3, 1), ("cg", 8, 1, 1), ("jy", 10, 0, 0)):
        ledger = HandLedger.objects.create(
            county=county, unit=units[key], date_from=date(2025, 4, 1),
            date_to=date(2025, 6, 30), filename="x.xlsx", sha256="0" * 64, agreed=agreed,
            missed=missed, wrong=wrong, accuracy=agreed / (agreed + missed + wrong),
        )  # fmt: skip
        HandLedgerLine.objects.bulk_create(
            [HandLedgerLine(hand_ledger=ledger, outcome="missed", rule="D-IN-3", title="便函")]
            * missed
            + [HandLedgerLine(hand_ledger=ledger, outcome="wrong", rule="D-OUT-2", title="表彰")]
            * wrong
        )
    return core


def clean(page, problems) -> None:
    assert page.evaluate("window.__cspViolations") == []
    assert (problems.console_errors, problems.page_errors) == ([], [])


def test_coordinator_sees_coverage_and_creates_the_criteria_class(
    users, units, learning_data, page, login, problems
):
    login("coordinator", PASSWORD)
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="学习培训").click()
    page.get_by_role("link", name="学习全覆盖", exact=True).click()
    short = page.get_by_test_id("units-short").inner_text()
    # 县农业农村局 studied the core document; the others fall short
    assert "县教育局" in short and "河口乡" in short and "县农业农村局" not in short
    assert "关于整治形式主义为基层减负的若干规定" in short
    assert "县农业农村局" in page.get_by_test_id("units-covered").inner_text()
    leaders = page.get_by_test_id("leaders").inner_text()
    assert "吴海涛" in leaders and "已全覆盖" in leaders
    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")
    clean(page, problems)

    page.get_by_role("link", name="培训", exact=True).click()
    rows = page.get_by_test_id("proposal-row")
    assert rows.count() == 2  # 县教育局 was fully accurate
    first = rows.nth(0).inner_text()
    assert "河口乡" in first and "60.0%" in first and "漏统 D-IN-3 ×3" in first
    assert "城关镇" in rows.nth(1).inner_text()

    page.get_by_test_id("create-from-proposal").click()
    assert "建议参训单位" in page.get_by_test_id("proposal-hint").inner_text()
    checks = page.get_by_test_id("units-checks")
    assert checks.get_by_label("河口乡（建议参训，准确率 60.0%）").is_checked()
    assert checks.get_by_label("城关镇（建议参训，准确率 80.0%）").is_checked()
    assert not checks.get_by_label("县教育局").is_checked()
    page.get_by_label("培训日期").fill("2025-07-01")
    page.get_by_label("地点").fill("县委办三楼会议室")
    with page.expect_navigation():  # wait for the answer, not the old page
        page.get_by_role("button", name="保存").click()

    invitations = page.get_by_test_id("invitations").inner_text()
    assert "河口乡" in invitations and "城关镇" in invitations and "60.0%" in invitations
    training = Training.objects.get()
    assert training.kind == "criteria" and training.topic == "统计口径培训提升班"
    assert set(Invitation.objects.values_list("unit__code", flat=True)) == {"QH-HK", "QH-CG"}
    effects = page.get_by_test_id("effects").inner_text()
    assert "尚无培训后比对" in effects

    # attendance: 河口乡 came
    page.get_by_test_id("invitation").filter(has_text="河口乡").get_by_role("checkbox").check()
    with page.expect_navigation():  # wait for the answer, not the old page
        page.get_by_test_id("save-attendance").click()
    assert Invitation.objects.get(unit=units["hk"]).attended
    clean(page, problems)


def test_clerk_sees_only_own_units_invitation(users, units, learning_data, page, login):
    from jianfu.learning.services.training import training_create

    training = training_create(
        actor=Actor.command(), county=units["hk"].county, topic="统计口径培训提升班",
        kind="criteria", date=date(2025, 7, 1), units=[units["hk"], units["cg"]],
    )  # fmt: skip
    login("clerk_hk", PASSWORD)
    page.goto(f"/learning/trainings/{training.pk}/")
    text = page.get_by_test_id("invitations").inner_text()
    assert "河口乡" in text and "城关镇" not in text
    assert page.get_by_test_id("save-attendance").count() == 0
    assert (
        page.get_by_test_id("proposal").count() == 0 if page.goto("/learning/trainings/") else True
    )
