"""The ledger list, detail, form, edit and delete: roles, unit scope, filters, messages."""

from __future__ import annotations

import datetime as dt
import io
from urllib.parse import quote

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from jianfu.core.models import AuditEvent
from jianfu.ledgers.models import LedgerEntry

from .conftest import add_lines

pytestmark = pytest.mark.django_db


def rows(response) -> list[LedgerEntry]:
    return list(response.context["page_obj"].object_list)


# ---- list ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role, status",
    [
        ("clerk_ny", 200),
        ("leader_ny", 200),
        ("coordinator", 200),
        ("approver", 200),
        ("inspector", 200),
        ("sysadmin", 403),
        ("secadmin", 403),
        ("auditadmin", 403),
    ],
)
def test_list_answers_each_role(client, users, ledger, role, status):
    client.force_login(users[role])
    assert client.get(reverse("ledgers:index")).status_code == status


def test_clerk_sees_only_own_unit_lines(client, users, ledger):
    client.force_login(users["clerk_hk"])
    response = client.get(reverse("ledgers:index"))
    assert {e.unit.code for e in rows(response)} == {"QH-HK"}
    assert response.context["total"] == 2
    # asking for another unit's lines by filter shows nothing, never the other unit's rows
    other = client.get(reverse("ledgers:index"), {"unit": ledger["ny"][0].unit_id})
    assert rows(other) == []


def test_coordinator_sees_the_county_and_filters_by_unit(client, users, ledger, units):
    client.force_login(users["coordinator"])
    response = client.get(reverse("ledgers:index"))
    assert response.context["total"] == 8
    body = response.content.decode()
    assert 'name="unit"' in body  # the unit filter appears for a multi-unit scope
    only_hk = client.get(reverse("ledgers:index"), {"unit": units["hk"].pk})
    assert only_hk.context["total"] == 2


def test_filters_period_kind_counted_rule_keyword(client, users, ledger):
    client.force_login(users["clerk_ny"])
    url = reverse("ledgers:index")

    def total(**params):
        return client.get(url, params).context["total"]

    assert total() == 6
    assert total(kind="收文") == 3
    assert total(**{"from": "2025-04-01"}) == 2
    assert total(**{"from": "2025-03-10", "to": "2025.3.20"}) == 3  # typed dates accepted
    counted = [e for e in ledger["ny"] if e.counted]
    assert total(counted="1") == len(counted)
    assert total(counted="0") == 6 - len(counted)
    rule = ledger["ny"][0].rule
    assert total(rule=rule.lower()) == sum(1 for e in ledger["ny"] if e.rule == rule)
    assert total(q="高标准农田") == 1  # title
    assert total(q="市农发") == 1  # 文号
    assert total(q="县教育局") == 1  # counterpart
    assert total(kind="不存在", counted="x", to="昨天") == 6  # nonsense is ignored, not a 500


def test_sort_by_date_and_paging(client, users, units, ledger):
    client.force_login(users["clerk_ny"])
    url = reverse("ledgers:index")
    newest = rows(client.get(url))
    assert [e.date for e in newest] == sorted((e.date for e in newest), reverse=True)
    oldest = rows(client.get(url, {"sort": "date"}))
    assert oldest[0].date == dt.date(2025, 3, 4)
    many = [
        ("收文", dt.date(2025, 5, 1) + dt.timedelta(days=i), "县委办", "", f"第{i + 1}期工作提示")
        for i in range(45)
    ]
    add_lines(users["clerk_ny"], units["ny"], many)
    first = client.get(url)
    assert first.context["total"] == 51 and len(rows(first)) == 20
    assert len(rows(client.get(url, {"per_page": 50}))) == 50
    assert len(rows(client.get(url, {"per_page": 50, "page": 2}))) == 1
    assert len(rows(client.get(url, {"per_page": 7}))) == 20  # only 20/50/100


def test_list_shows_decision_with_reason_on_hover_and_source(client, users, ledger):
    decisions = {(e.title, e.counted, e.rule) for e in ledger["ny"]}
    assert {c for _t, c, _r in decisions} == {True, False}  # the data mixes both
    client.force_login(users["clerk_ny"])
    body = client.get(reverse("ledgers:index")).content.decode()
    entry = ledger["ny"][0]
    assert f'title="{entry.reason}"' in body
    assert entry.rule in body
    assert "网页录入" in body
    assert "计入" in body and "不计入" in body


def test_empty_list_says_what_to_do(client, users, units):
    client.force_login(users["clerk_ny"])
    body = client.get(reverse("ledgers:index")).content.decode()
    assert "新增" in body and "导入" in body and "台账还是空的" in body
    client.force_login(users["leader_ny"])
    body = client.get(reverse("ledgers:index")).content.decode()
    assert "经办人录入或导入后" in body


def test_statistics_view_groups_counted_lines(client, users, ledger):
    client.force_login(users["clerk_ny"])
    response = client.get(reverse("ledgers:index"), {"view": "stats"})
    totals = response.context["totals"]
    counted = [e for e in ledger["ny"] if e.counted]
    assert response.context["total_lines"] == len(counted) == sum(t.lines for t in totals)
    groups = {(t.kind, t.category) for t in totals}
    assert groups == {(e.kind, e.category) for e in counted}
    assert sum(t.quota_charged for t in totals) == sum(1 for e in counted if e.quota_charged)


# ---- detail -------------------------------------------------------------------------------


def test_detail_shows_decision_source_and_history(client, users, ledger):
    entry = ledger["ny"][0]
    client.force_login(users["clerk_ny"])
    body = client.get(reverse("ledgers:entry", args=[entry.pk])).content.decode()
    assert entry.reason in body and entry.rule in body
    assert "网页录入" in body and "clerk_ny" in body
    assert "新增" in body  # the audit record of its creation
    assert "县委办" in body and "识别为 县委办公室" in body


@pytest.mark.parametrize("role, status", [("clerk_hk", 404), ("clerk_jy", 404), ("leader_ny", 200)])
def test_detail_of_another_unit_is_404(client, users, ledger, role, status):
    client.force_login(users[role])
    entry = ledger["ny"][0]
    assert client.get(reverse("ledgers:entry", args=[entry.pk])).status_code == status


# ---- form ---------------------------------------------------------------------------------


def test_create_form_defaults_and_unit_fixed_for_clerk(client, users, units):
    client.force_login(users["clerk_hk"])
    response = client.get(reverse("ledgers:create"))
    form = response.context["form"]
    assert form.fields["unit"].disabled
    assert form["date"].value() == timezone.localdate().isoformat()
    assert 'list="counterpart-names"' in response.content.decode()


def test_create_saves_and_explains_the_decision(client, users, units):
    client.force_login(users["clerk_hk"])
    response = client.post(
        reverse("ledgers:create"),
        {
            "kind": "收文",
            "date": "2025年8月7日",
            "counterpart": "县委办",
            "doc_no": "县委办发[2025]31号",
            "title": "关于做好防汛备汛工作的通知",
            "unit": units["ny"].pk,  # ignored: a clerk writes to the own unit only
        },
        follow=True,
    )
    entry = LedgerEntry.objects.get(title="关于做好防汛备汛工作的通知")
    assert entry.unit == units["hk"] and entry.date == dt.date(2025, 8, 7)
    assert entry.counterpart_unit == units["xwb"]
    message = str(next(iter(response.context["messages"])))
    assert entry.rule in message and entry.reason in message
    assert ("计入统计" in message) == entry.counted
    assert AuditEvent.objects.filter(
        action="create", object_type="ledgers.ledgerentry", object_id=str(entry.pk)
    ).exists()


def test_only_date_and_title_are_required_with_chinese_messages_and_nothing_lost(
    client, users, units
):
    client.force_login(users["clerk_hk"])
    typed = {
        "kind": "参会",
        "date": "2025.13.40",
        "counterpart": "县农业农村局",
        "title": "",
        "meeting_form": "视频",
        "duration_minutes": "九十",
        "remarks": "分管领导参加",
    }
    response = client.post(reverse("ledgers:create"), typed)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "请填写标题" in errors["title"][0]
    assert "日期" in errors["date"][0]
    assert "整数分钟" in errors["duration_minutes"][0]
    body = response.content.decode()
    for value in ("2025.13.40", "县农业农村局", "视频", "九十", "分管领导参加"):
        assert value in body  # nothing typed is lost
    assert not LedgerEntry.objects.exists()
    missing_date = client.post(
        reverse("ledgers:create"), {"kind": "收文", "date": "", "title": "x"}
    )
    assert "请填写日期" in missing_date.context["form"].errors["date"][0]


def test_duplicate_is_a_field_error_and_keeps_the_input(client, users, units, ledger):
    client.force_login(users["clerk_ny"])
    first = ledger["ny"][0]
    response = client.post(
        reverse("ledgers:create"),
        {
            "kind": first.kind,
            "date": "2025-03-04",
            "counterpart": "县委办公室",
            "doc_no": "县委办发(2025)8号",  # another bracket style: the same 文号
            "title": first.title,
            "remarks": "重复登记",
        },
    )
    assert response.status_code == 200
    assert "不再重复登记" in response.context["form"].errors["title"][0]
    assert "重复登记" in response.content.decode()
    assert LedgerEntry.objects.filter(unit=units["ny"]).count() == 6


def test_coordinator_chooses_among_visible_units(client, users, units):
    client.force_login(users["coordinator"])
    response = client.get(reverse("ledgers:create"))
    assert not response.context["form"].fields["unit"].disabled
    client.post(
        reverse("ledgers:create"),
        {"unit": units["cg"].pk, "kind": "督查", "date": "2025-06-03", "title": "汛前安全大检查"},
    )
    assert LedgerEntry.objects.get(title="汛前安全大检查").unit == units["cg"]


@pytest.mark.parametrize("role", ["leader_ny", "approver", "inspector", "sysadmin"])
def test_roles_without_edit_cannot_write(client, users, ledger, role):
    client.force_login(users[role])
    entry = ledger["ny"][0]
    assert client.get(reverse("ledgers:create")).status_code == 403
    assert client.get(reverse("ledgers:update", args=[entry.pk])).status_code == 403
    assert client.post(reverse("ledgers:delete", args=[entry.pk])).status_code == 403
    assert LedgerEntry.objects.filter(pk=entry.pk).exists()


def test_update_rederives_the_decision(client, users, ledger):
    client.force_login(users["clerk_ny"])
    entry = ledger["ny"][0]
    response = client.get(reverse("ledgers:update", args=[entry.pk]))
    assert response.context["form"]["title"].value() == entry.title
    client.post(
        reverse("ledgers:update", args=[entry.pk]),
        {
            "kind": "收文",
            "date": "2025-03-04",
            "counterpart": "市委办公室",
            "title": "关于做好春季农业生产工作的通知",
        },
    )
    entry.refresh_from_db()
    assert entry.counterpart == "市委办公室" and not entry.counted
    assert AuditEvent.objects.filter(action="update", object_id=str(entry.pk)).exists()


def test_clerk_cannot_edit_or_delete_another_units_line(client, users, ledger):
    client.force_login(users["clerk_hk"])
    entry = ledger["ny"][0]
    assert client.get(reverse("ledgers:update", args=[entry.pk])).status_code == 404
    assert client.post(reverse("ledgers:delete", args=[entry.pk])).status_code == 404
    assert LedgerEntry.objects.filter(pk=entry.pk).exists()


def test_delete_asks_then_deletes_with_audit(client, users, ledger):
    client.force_login(users["clerk_ny"])
    entry = ledger["ny"][1]
    assert "确认删除" in client.get(reverse("ledgers:delete", args=[entry.pk])).content.decode()
    response = client.post(reverse("ledgers:delete", args=[entry.pk]))
    assert response.status_code == 302
    assert not LedgerEntry.objects.filter(pk=entry.pk).exists()
    assert AuditEvent.objects.filter(action="delete", object_id=str(entry.pk)).exists()


def test_counterpart_names_include_short_names_and_aliases(client, users, units):
    from jianfu.org.models import UnitAlias

    UnitAlias.objects.create(
        county=units["xwb"].county, unit=units["xwb"], name="中共青河县委办公室"
    )
    client.force_login(users["clerk_hk"])
    names = client.get(reverse("ledgers:counterparts")).json()["names"]
    assert {"县委办公室", "县委办", "中共青河县委办公室", "河口乡", "教育局"} <= set(names)


def test_statistics_view_exports_counted_lines(client, users, ledger):
    client.force_login(users["clerk_ny"])
    counted_zero = client.get(reverse("ledgers:index"), {"view": "stats", "counted": "0"})
    assert counted_zero.context["total_lines"] == sum(1 for e in ledger["ny"] if e.counted)
    charged = sum(1 for e in ledger["ny"] if e.counted and e.quota_charged)
    assert counted_zero.context["total_charged"] == charged  # the 合计 row's 占用数额
    response = client.get(reverse("ledgers:index"), {"view": "stats", "kind": "收文"})
    assert response.context["export_qs"] == "view=stats&kind=%E6%94%B6%E6%96%87"
    exported = client.get(reverse("ledgers:export") + "?" + response.context["export_qs"])
    sheet = openpyxl.load_workbook(io.BytesIO(exported.content)).active
    flags = [row[7] for row in sheet.iter_rows(min_row=3, values_only=True)]
    counted = [e for e in ledger["ny"] if e.counted and e.kind == "收文"]
    assert flags == ["是"] * len(counted) and counted  # the counted lines only


def test_statistics_rows_drill_down_to_their_lines(client, users, ledger):
    client.force_login(users["clerk_ny"])
    response = client.get(reverse("ledgers:index"), {"view": "stats", "kind": "收文"})
    body = response.content.decode()
    # each row (kind and statistics category) links to exactly its lines
    assert "/ledgers/?kind=%E6%94%B6%E6%96%87&amp;category=" in body
    for row in response.context["totals"]:
        category = row.category or "none"
        query = {"kind": row.kind, "category": category, "counted": "1"}
        assert f"category={quote(category)}&amp;counted=1" in body
        assert client.get(reverse("ledgers:index"), query).context["total"] == row.lines


def test_list_and_detail_queries_do_not_grow_with_rows(
    client, users, units, ledger, django_assert_max_num_queries
):
    many = [
        (
            "收文",
            dt.date(2025, 6, 1) + dt.timedelta(days=i),
            "县委办",
            f"县委办发〔2025〕{i}号",
            f"第{i}号通知",
        )
        for i in range(60)
    ]
    add_lines(users["clerk_ny"], units["ny"], many)
    client.force_login(users["clerk_ny"])
    with django_assert_max_num_queries(12):
        assert len(rows(client.get(reverse("ledgers:index"), {"per_page": 50}))) == 50
    with django_assert_max_num_queries(12):
        client.get(reverse("ledgers:index"), {"view": "stats"})
