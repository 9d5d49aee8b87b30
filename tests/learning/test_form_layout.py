"""The study form's buttons (保存 / 保存并继续录入 / 取消) sit side by side under the fields, not
stacked in the label column (found in the first user walk through the demo county)."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_study_form_buttons_in_one_row_under_the_fields(users, page, login, problems):
    login("coordinator", PASSWORD)
    page.goto("/learning/study/new/")
    field = page.locator("#id_person_name").bounding_box()
    save = page.get_by_role("button", name="保存", exact=True).bounding_box()
    again = page.get_by_role("button", name="保存并继续录入").bounding_box()
    cancel = page.get_by_role("link", name="取消").bounding_box()
    assert abs(save["y"] - again["y"]) < 2 and abs(save["y"] - cancel["y"]) < 2
    assert save["x"] < again["x"] < cancel["x"]
    assert abs(save["x"] - field["x"]) < 2  # aligned with the inputs, not the labels
    assert again["height"] < save["height"] * 1.5  # the long label does not wrap
    assert problems.console_errors == [] and problems.page_errors == []


def test_study_list_dates_and_delete_do_not_wrap(users, units, page, login, problems):
    from datetime import date
    from decimal import Decimal

    from jianfu.core.actor import Actor
    from jianfu.learning.services.study import study_record_create

    for n in range(3):
        study_record_create(
            actor=Actor.command(),
            unit=units["ny"],
            person_name=f"学员{n}",
            is_leader=False,
            form="units",
            topic="学习《关于整治形式主义为基层减负若干规定》及本县统计口径解释" * 2,
            date=date(2025, 5, 28),
            hours=Decimal(1),
        )
    login("coordinator", PASSWORD)
    page.goto("/learning/study/")
    row = page.locator("table.list tbody tr").first
    date_cell = row.locator("td").first
    delete = row.get_by_role("button", name="删除")
    line = delete.evaluate("e => parseFloat(getComputedStyle(e).lineHeight) || 24")
    assert date_cell.inner_text() == "2025-05-28"
    assert date_cell.evaluate("e => getComputedStyle(e).whiteSpace") == "nowrap"
    assert delete.bounding_box()["height"] < line * 1.5  # 删除 on one line, not 删/除
    assert problems.console_errors == [] and problems.page_errors == []
