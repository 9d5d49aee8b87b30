import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from jianfu.core.models import AuditEvent
from jianfu.org.models import County, Unit, UnitAlias
from jianfu.org.unit_import import unit_import_template
from tests.org.helpers import ROWS, csv_file, run_import, xlsx


@pytest.mark.django_db
def test_xlsx_with_merged_title_blank_rows_and_index_column(county, tmp_path):
    path = xlsx(tmp_path / "units.xlsx", [*ROWS[:2], [], [None] * 9, *ROWS[2:]], blank_rows=1)
    code, doc, _err = run_import(path)
    assert code == 0
    assert doc == {"rows": 4, "created": 4, "updated": 0, "unchanged": 0, "errors": []}
    xwb = Unit.objects.get(code="QH-XWB")
    assert xwb.short_name == "县委办" and xwb.kind == "county"
    assert set(xwb.aliases.values_list("name", flat=True)) == {"中共青河县委办公室", "两办"}
    assert set(Unit.objects.get(code="QH-NY").aliases.values_list("name", flat=True)) == {
        "农业局",
        "县农业局",
    }
    hk, cg = Unit.objects.get(code="QH-HK"), Unit.objects.get(code="QH-CG")
    assert hk.is_observation_point and cg.is_observation_point and hk.area == "东片"
    assert AuditEvent.objects.filter(action="import").count() == 1
    assert AuditEvent.objects.filter(action="create", object_type="org.unit").count() == 4


@pytest.mark.django_db
def test_second_run_changes_nothing_and_writes_no_audit(county, tmp_path):
    path = xlsx(tmp_path / "units.xlsx", ROWS)
    assert run_import(path)[0] == 0
    events = AuditEvent.objects.count()
    code, doc, _err = run_import(path)
    assert code == 0
    assert doc["unchanged"] == doc["rows"] == 4
    assert doc["created"] == doc["updated"] == 0
    assert AuditEvent.objects.count() == events


@pytest.mark.django_db
def test_gbk_csv_with_synonyms_full_width_and_spaces(county, tmp_path):
    header = ["名称", "单位编码", "单位类型", "是否观测点", "别名", "系统"]
    rows = [
        ["  县教育局 ", "ＱＨ－ＪＹ", " 部门 ", "N", "教体局；县教体局", "教育"],
        ["河口乡", "QH-HK", "乡镇（街道）", "Y", "", ""],
        ["城关镇", " QH-CG", "乡镇", "1", "", ""],
        ["市委办公室", "SW", "上级", "", "", ""],
    ]
    code, doc, _err = run_import(csv_file(tmp_path / "名录.csv", rows, header=header))
    assert (code, doc["created"], doc["errors"]) == (0, 4, [])
    jy = Unit.objects.get(code="QH-JY")
    assert jy.name == "县教育局" and jy.kind == "department" and jy.system == "教育"
    assert not jy.is_observation_point
    assert Unit.objects.get(code="QH-HK").is_observation_point
    assert Unit.objects.get(code="QH-CG").is_observation_point
    assert Unit.objects.get(code="SW").kind == "higher"


@pytest.mark.django_db
def test_utf8_bom_csv(county, tmp_path):
    path = csv_file(tmp_path / "u.csv", ROWS, encoding="utf-8-sig")
    assert run_import(path)[1]["created"] == 4


@pytest.mark.django_db
def test_every_error_listed_and_nothing_stored(county, units, tmp_path):
    rows = [
        [1, "县委办公室", "", "QH-XWB", "县级", "", "", "否", ""],
        [2, "县财政局", "", "QH-CZ", "局", "", "", "否", ""],  # bad 类型
        [3, "县审计局", "", "QH-CZ", "部门", "", "", "否", ""],  # duplicate code
        [4, "", "", "QH-SJ", "部门", "", "", "否", ""],  # missing 名称
        [5, "县统计局", "", "QH-TJ", "部门", "", "", "也许", ""],  # bad 观测点
        [6, "县水利局", "", "QH-SL", "部门", "", "", "否", "县教育局"],  # another unit's name
        [7, "县林业局", "", "QH-LY", "部门", "", "", "否", "农业农村局"],  # another's short name
    ]
    before_units, before_events = Unit.objects.count(), AuditEvent.objects.count()
    code, doc, _err = run_import(xlsx(tmp_path / "bad.xlsx", rows))
    assert code == 1
    found = {(e["row"], e["column"]) for e in doc["errors"]}
    # title row 1, header row 2: data starts at Excel row 3
    assert (4, "类型") in found
    assert (5, "编码") in found
    assert (6, "单位名称") in found
    assert (7, "观测点") in found
    assert (8, "别名") in found
    assert (9, "别名") in found
    bad_kind = next(e for e in doc["errors"] if e["row"] == 4)
    assert bad_kind == {
        "sheet": "单位",
        "row": 4,
        "column": "类型",
        "value": "局",
        "message": "类型应为“县级”“部门”“乡镇”“上级”之一。",
    }
    assert Unit.objects.count() == before_units
    assert AuditEvent.objects.count() == before_events
    assert doc["created"] == doc["updated"] == 0


@pytest.mark.django_db
def test_duplicate_names_in_file_and_name_of_another_code(county, units, tmp_path):
    rows = [
        [1, "县农业农村局", "", "QH-NEW", "部门", "", "", "否", ""],
        [2, "县审计局", "", "QH-SJ", "部门", "", "", "否", ""],
        [3, "县审计局", "", "QH-SJ2", "部门", "", "", "否", ""],
    ]
    code, doc, _err = run_import(xlsx(tmp_path / "dup.xlsx", rows))
    assert code == 1
    messages = {(e["row"], e["message"]) for e in doc["errors"]}
    assert (3, "单位名称已被编码为“QH-NY”的单位使用。") in messages
    assert (5, "与第 4 行重复。") in messages


@pytest.mark.django_db
def test_update_by_code_records_before_and_after(county, units, tmp_path):
    rows = [[1, "县农业农村局", "农业农村局", "QH-NY", "部门", "农业农村", "", "否", ""]]
    code, doc, _err = run_import(xlsx(tmp_path / "u.xlsx", rows))
    assert (code, doc["updated"], doc["created"]) == (0, 1, 0)
    event = AuditEvent.objects.get(action="update", object_type="org.unit")
    assert event.before["system"] == "农业" and event.after["system"] == "农业农村"
    assert event.channel == "cli"


@pytest.mark.django_db
def test_columns_absent_from_file_are_left_alone(county, units, tmp_path):
    UnitAlias.objects.create(county=county, unit=units["ny"], name="农业局")
    units["ny"].is_pilot = True
    units["ny"].save()
    header = ["单位名称", "编码", "类型"]
    code, doc, _err = run_import(
        xlsx(tmp_path / "u.xlsx", [["县农业农村局", "QH-NY", "部门"]], header=header, title=None)
    )
    assert (code, doc["unchanged"]) == (0, 1)
    units["ny"].refresh_from_db()
    assert units["ny"].is_pilot and units["ny"].system == "农业"
    assert list(units["ny"].aliases.values_list("name", flat=True)) == ["农业局"]


@pytest.mark.django_db
def test_parent_by_code_or_name_and_pilot(county, units, tmp_path):
    header = ["单位名称", "编码", "类型", "上级单位", "试点"]
    rows = [
        ["县乡村振兴服务中心", "QH-XC", "部门", "QH-NY", "是"],
        ["县农技站", "QH-NJ", "部门", "青河县农业农村局", "否"],
        ["县种子站", "QH-ZZ", "部门", "县农技站", ""],
    ]
    code, doc, _err = run_import(xlsx(tmp_path / "p.xlsx", rows, header=header))
    assert (code, doc["created"]) == (0, 3)
    assert Unit.objects.get(code="QH-XC").parent == units["ny"]
    assert Unit.objects.get(code="QH-XC").is_pilot
    assert Unit.objects.get(code="QH-NJ").parent == units["ny"]
    assert Unit.objects.get(code="QH-ZZ").parent.code == "QH-NJ"
    assert run_import(xlsx(tmp_path / "p.xlsx", rows, header=header))[1]["unchanged"] == 3


@pytest.mark.django_db
def test_unknown_or_circular_parent_is_an_error(county, units, tmp_path):
    header = ["单位名称", "编码", "类型", "上级单位"]
    rows = [["甲", "A", "部门", "B"], ["乙", "B", "部门", "A"], ["丙", "C", "部门", "不存在"]]
    code, doc, _err = run_import(xlsx(tmp_path / "p.xlsx", rows, header=header))
    assert code == 1
    assert {e["column"] for e in doc["errors"]} == {"上级单位"}
    assert {e["row"] for e in doc["errors"]} == {3, 4, 5}


@pytest.mark.django_db
def test_missing_required_column_and_missing_header(county, tmp_path):
    header = ["单位名称", "编码", "系统"]
    code, doc, _err = run_import(
        xlsx(tmp_path / "h.xlsx", [["县审计局", "QH-SJ", ""]], header=header)
    )
    assert code == 1
    assert doc["errors"][0]["message"] == "缺少“类型”列。"
    assert doc["errors"][0]["row"] == 2
    code, doc, _err = run_import(xlsx(tmp_path / "n.xlsx", [["a", "b"]], header=["甲", "乙"]))
    assert code == 1 and "未找到表头" in doc["errors"][0]["message"]


@pytest.mark.django_db
def test_filled_template_imports(county, tmp_path):
    workbook = load_workbook(io.BytesIO(unit_import_template("青河县")))
    sheet = workbook["单位名录"]
    assert [c.value for c in sheet[2]][:4] == ["序号", "单位名称", "简称", "编码"]
    sheet.append([1, "县审计局", "审计局", "QH-SJ", "部门", "", "", "否", "否", "", "审计"])
    path = tmp_path / "template.xlsx"
    workbook.save(path)
    code, doc, _err = run_import(path)
    assert (code, doc["created"]) == (0, 1)
    assert Unit.objects.get(code="QH-SJ").aliases.get().name == "审计"


@pytest.mark.django_db
def test_human_output_in_chinese_on_stderr(county, tmp_path):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_units", str(xlsx(tmp_path / "u.xlsx", ROWS)), stdout=out, stderr=err)
    assert out.getvalue() == ""
    assert "导入完成：共 4 行，新增 4" in err.getvalue()


@pytest.mark.django_db
def test_usage_errors_exit_2(county, tmp_path):
    with pytest.raises(CommandError) as exc:
        call_command("import_units", str(tmp_path / "missing.xlsx"))
    assert exc.value.returncode == 2
    (tmp_path / "u.txt").write_text("x")
    with pytest.raises(CommandError) as exc:
        call_command("import_units", str(tmp_path / "u.txt"))
    assert exc.value.returncode == 2
    County.objects.create(code="LS", name="柳山县")
    path = xlsx(tmp_path / "u.xlsx", ROWS)
    with pytest.raises(CommandError) as exc:
        call_command("import_units", str(path))
    assert exc.value.returncode == 2 and "--county" in str(exc.value)
    code, _doc, _err = run_import(path, "--county", "LS")
    assert code == 0 and Unit.objects.filter(county__code="LS").count() == 4


@pytest.mark.django_db
def test_no_county_needs_county_name_which_creates_it(tmp_path):
    path = xlsx(tmp_path / "u.xlsx", ROWS)
    with pytest.raises(CommandError) as exc:
        call_command("import_units", str(path))
    assert exc.value.returncode == 2 and "--county-name" in str(exc.value)
    code, _doc, _err = run_import(path, "--county", "QH", "--county-name", "青河县")
    assert code == 0 and County.objects.get(code="QH").name == "青河县"
    # the county's own name is stripped when names are compared
    assert Unit.objects.filter(county__code="QH").count() == 4


@pytest.mark.django_db
def test_broken_xlsx_is_refused(county, tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    code, doc, _err = run_import(path)
    assert code == 1 and doc["errors"][0]["row"] is None


@pytest.mark.django_db
def test_query_count_does_not_grow_with_rows(county, tmp_path):
    def workbook(n):
        rows = [[i, f"单位{i}", "", f"U{i:03}", "部门", "", "", "否", f"别名{i}"] for i in range(n)]
        return xlsx(tmp_path / f"w{n}.xlsx", rows)

    counts = []
    for n in (5, 150):
        Unit.objects.all().delete()
        with CaptureQueriesContext(connection) as queries:
            assert run_import(workbook(n))[0] == 0
        counts.append(len(queries))
    # only SQLite's batch splitting of the bulk inserts adds queries, never one per row
    assert counts[1] < counts[0] + 10


@pytest.mark.django_db
def test_alias_already_held_by_another_unit_in_the_database(county, units, tmp_path):
    UnitAlias.objects.create(county=county, unit=units["xwb"], name="两办")
    rows = [[1, "县农业农村局", "农业农村局", "QH-NY", "部门", "农业", "", "否", "两办"]]
    code, doc, _err = run_import(xlsx(tmp_path / "a.xlsx", rows))
    assert code == 1
    assert doc["errors"] == [
        {
            "sheet": "单位",
            "row": 3,
            "column": "别名",
            "value": "两办",
            "message": "别名“两办”已属于编码为“QH-XWB”的单位。",
        }
    ]
    # moving the alias in the same file is fine: the file is the truth for both units
    rows.append([2, "县委办公室", "县委办", "QH-XWB", "县级", "", "", "否", ""])
    code, doc, _err = run_import(xlsx(tmp_path / "b.xlsx", rows))
    assert (code, doc["updated"]) == (0, 2)
    assert UnitAlias.objects.get(name="两办").unit == units["ny"]
