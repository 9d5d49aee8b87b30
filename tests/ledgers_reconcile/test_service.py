"""`reconcile_run` on the database, with the scene of `data.py`."""

from __future__ import annotations

from datetime import date

import pytest

from jianfu.ledgers.reconcile.service import reconcile_run

from .data import build_scene


@pytest.fixture
def scene(county, units):
    return build_scene(county, units)


@pytest.mark.django_db
def test_reconcile_as_design_5_5(county, units, scene):
    result = reconcile_run(county, date(2025, 8, 1), date(2025, 9, 30)).as_dict()
    assert set(result) == {"matches", "unfiled", "unreceived"}
    assert result["matches"] == [
        {"sender": {"unit": "QH-NY", "id": scene["ny_doc"].id},
         "receiver": {"unit": "QH-HK", "id": scene["hk_doc"].id}, "method": "doc_no", "score": 1.0},
        {"sender": {"unit": "QH-XWB", "id": scene["xwb_meeting"].id},
         "receiver": {"unit": "QH-CG", "id": scene["cg_meeting"].id}, "method": "title",
         "score": pytest.approx(0.9565, abs=1e-4)},
        {"sender": {"unit": "QH-JY", "id": scene["jy_inspect"].id},
         "receiver": {"unit": "QH-HK", "id": scene["hk_inspect"].id}, "method": "title",
         "score": 1.0},
    ]  # fmt: skip
    assert sorted(result["matches"], key=lambda m: m["sender"]["id"]) == result["matches"]
    assert result["unfiled"] == [
        {"unit": "QH-HK", "id": scene["hk_unfiled"].id, "counterpart": "县教育局",
         "title": "关于报送中小学校舍安全排查情况的通知"},
    ]  # fmt: skip
    assert result["unreceived"] == [
        {"unit": "QH-CG", "id": scene["ny_doc"].id, "title": "关于做好2025年秋粮收购工作的通知"},
        {"unit": "QH-HK", "id": scene["xwb_meeting"].id, "title": "全县基层减负工作推进会"},
    ]


@pytest.mark.django_db
def test_period_and_the_whole_ledger(county, units, scene):
    everything = reconcile_run(county).as_dict()
    assert {u["id"] for u in everything["unfiled"]} == {
        scene["hk_unfiled"].id,
        scene["cg_july"].id,
    }
    september = reconcile_run(county, date(2025, 9, 12), date(2025, 9, 30)).as_dict()
    assert [m["sender"]["id"] for m in september["matches"]] == [scene["jy_inspect"].id]
    assert september["unreceived"] == []


@pytest.mark.django_db
def test_restricted_to_points_or_senders(county, units, scene):
    only_cg = reconcile_run(county, point_ids={units["cg"].id})
    assert [m.receiver_id for m in only_cg.matches] == [scene["cg_meeting"].id]
    assert [u.id for u in only_cg.unfiled] == [scene["cg_july"].id]
    assert {u.unit_id for u in only_cg.unreceived} == {units["cg"].id}
    only_jy = reconcile_run(county, sender_ids={units["jy"].id})
    assert [m.sender_id for m in only_jy.matches] == [scene["jy_inspect"].id]
    assert {u.id for u in only_jy.unfiled} == {scene["hk_unfiled"].id, scene["cg_july"].id}
    summary = {row["unit"].code: row for row in only_jy.sender_summary()}
    assert summary["QH-JY"]["sent"] == 1
    assert summary["QH-JY"]["received"] == 1
    assert summary["QH-JY"]["unfiled"] == 2
    assert summary["QH-JY"]["unreceived"] == 0


@pytest.mark.django_db
def test_a_township_sender_and_another_county_are_left_out(county, units, scene):
    from jianfu.org.models import County, Unit, UnitKind

    from .data import line

    # a township's own 发文 is not a sender line; another county's lines never meet ours
    line(county, units["cg"], "发文", date(2025, 9, 5), "关于联合开展河道清理的函",
         counterpart="河口乡")  # fmt: skip
    other = County.objects.create(code="BS", name="白沙县")
    town = Unit.objects.create(county=other, code="BS-T", name="白沙镇", kind=UnitKind.TOWNSHIP,
                               is_observation_point=True)  # fmt: skip
    dept = Unit.objects.create(county=other, code="BS-NY", name="白沙县农业农村局",
                               kind=UnitKind.DEPARTMENT)  # fmt: skip
    line(other, town, "收文", date(2025, 9, 3), "关于做好2025年秋粮收购工作的通知", cp=dept,
         doc_no="青农发〔2025〕12号")  # fmt: skip
    result = reconcile_run(county).as_dict()
    assert len(result["matches"]) == 3
    assert all(u["unit"] in {"QH-HK", "QH-CG"} for u in result["unreceived"])
    assert reconcile_run(other).as_dict()["unfiled"][0]["unit"] == "BS-T"


@pytest.mark.django_db
def test_recipients_by_alias_or_resolved_unit_and_empty_recipients(county, units):
    from jianfu.org.models import UnitAlias

    from .data import line

    UnitAlias.objects.create(county=county, unit=units["cg"], name="城关")
    jy, ny = units["jy"], units["ny"]
    by_alias = line(county, jy, "督查", date(2025, 10, 9), "秋季学期开学安全检查",
                    counterpart="城关人民政府")  # fmt: skip
    by_unit = line(county, ny, "办会", date(2025, 10, 11), "高标准农田建设现场会",
                   counterpart="河口乡", cp=units["hk"])  # fmt: skip
    line(county, ny, "发文", date(2025, 10, 12), "关于开展农机安全生产检查的通知")  # no 主送
    line(county, jy, "发文", date(2025, 10, 13), "关于开展教师节表彰的通知",
         counterpart="县直各单位")  # fmt: skip
    result = reconcile_run(county, date(2025, 10, 1), date(2025, 10, 31)).as_dict()
    assert result["unreceived"] == [
        {"unit": "QH-CG", "id": by_alias.id, "title": "秋季学期开学安全检查"},
        {"unit": "QH-HK", "id": by_unit.id, "title": "高标准农田建设现场会"},
    ]
