"""Re-deriving after a rule-set change moves exactly the lines the change concerns."""

from __future__ import annotations

import io
import json
import threading
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from jianfu.core.actor import Actor
from jianfu.core.models import AuditEvent
from jianfu.ledgers.models import DecisionChange, LedgerEntry
from jianfu.ledgers.services.rederive import ledger_rederive
from jianfu.rules.data import default_rules_text
from jianfu.rules.services import ruleset_ensure_default, ruleset_import

from .helpers import add_lines

D = date


def modified_rules() -> str:
    """表彰 no longer excludes a document; a meeting minute is counted after all."""
    text = default_rules_text()
    old = "commendation_words: [表彰, 奖励, 通报表扬, 嘉奖, 记功]"
    assert old in text
    text = text.replace(old, "commendation_words: [奖励, 通报表扬, 嘉奖, 记功]")
    minutes = "category: 不计入, kinds: [收文, 发文], text: 会议纪要,"
    assert minutes in text
    head = "  - {code: D-OUT-4, section: documents, stage: out, counted: %s, quota_charged: false,"
    return text.replace(head % "false" + "\n     " + minutes, head % "true" + "\n     " + minutes)


@pytest.fixture
def lines(county, units):
    _scene(county, units)
    ruleset_import(
        actor=Actor.command(),
        county=county,
        yaml_text=modified_rules(),
        effective_from=D(2025, 3, 1),
        note="表彰不再排除",
    )
    return {e.title: e for e in LedgerEntry.objects.all()}


def _scene(county, units) -> None:
    """Lines decided by the default rule set (version 1), some of which version 2 moves."""
    ruleset_ensure_default(county)
    hk, cg = units["hk"], units["cg"]
    add_lines(
        hk,
        [
            # before the new version takes effect: never moves
            {"kind": "收文", "date": D(2025, 2, 20), "counterpart": "县委办公室",
             "title": "关于表彰2024年度防汛抗旱先进集体和先进个人的决定"},
            # after: 表彰 no longer excludes it → D-IN-1, counted
            {"kind": "收文", "date": D(2025, 3, 12), "counterpart": "县委办公室",
             "doc_no": "县委发〔2025〕7号", "title": "关于表彰2024年度平安建设先进单位的决定"},
            {"kind": "收文", "date": D(2025, 4, 2), "counterpart": "县农业农村局",
             "title": "关于表彰全县农业技术推广先进个人的通报"},
            # still excluded by another commendation word
            {"kind": "收文", "date": D(2025, 4, 8), "counterpart": "县委办公室",
             "title": "关于给予张某某同志记功奖励的决定"},
            # meeting minutes: D-OUT-4 now counted, same rule
            {"kind": "收文", "date": D(2025, 5, 6), "counterpart": "县委办公室",
             "title": "全县防汛抗旱工作会议纪要"},
            # unaffected: counted before and after, same rule
            {"kind": "收文", "date": D(2025, 3, 15), "counterpart": "县教育局",
             "title": "关于做好春季学期校园安全工作的通知"},
            {"kind": "参会", "date": D(2025, 3, 18), "counterpart": "县农业农村局",
             "title": "全县春季动物防疫工作推进会"},
        ],
    )  # fmt: skip
    add_lines(
        cg,
        [
            {"kind": "收文", "date": D(2025, 6, 1), "counterpart": "县委办公室",
             "title": "关于表彰2025年度优秀共产党员的决定"},
            {"kind": "收文", "date": D(2025, 6, 3), "counterpart": "市委办公室",
             "title": "关于表彰全市乡村振兴先进集体的决定"},
        ],
    )  # fmt: skip


def test_rederive_moves_exactly_the_changed_lines(county, lines):
    before = {e.pk: (e.counted, e.rule, e.ruleset_version) for e in lines.values()}
    assert all(version == 1 for _, _, version in before.values())
    result = ledger_rederive(actor=Actor.command(), county=county)

    assert result.checked == 9
    moved = {c.entry.title: c for c in DecisionChange.objects.select_related("entry")}
    assert set(moved) == {
        "关于表彰2024年度平安建设先进单位的决定",
        "关于表彰全县农业技术推广先进个人的通报",
        "全县防汛抗旱工作会议纪要",
        "关于表彰2025年度优秀共产党员的决定",
    }
    commendation = moved["关于表彰2024年度平安建设先进单位的决定"]
    assert (commendation.old_rule, commendation.new_rule) == ("D-OUT-2", "D-IN-1")
    assert (commendation.old_counted, commendation.new_counted) == (False, True)
    assert (commendation.from_version, commendation.to_version) == (1, 2)
    assert "D-IN-1" in commendation.new_reason
    assert moved["关于表彰全县农业技术推广先进个人的通报"].new_rule == "D-IN-2"
    minutes = moved["全县防汛抗旱工作会议纪要"]
    assert (minutes.old_rule, minutes.new_rule, minutes.new_counted) == ("D-OUT-4", "D-OUT-4", True)
    assert result.changed == 4
    assert result.became_counted == 4 and result.stopped_counting == 0
    assert dict(result.by_rule) == {("D-OUT-2", "D-IN-1"): 2, ("D-OUT-2", "D-IN-2"): 1,
                                    ("D-OUT-4", "D-OUT-4"): 1}  # fmt: skip

    after = {e.title: e for e in LedgerEntry.objects.all()}
    # before the new version: untouched, still version 1
    early = after["关于表彰2024年度防汛抗旱先进集体和先进个人的决定"]
    assert (early.counted, early.rule, early.ruleset_version) == (False, "D-OUT-2", 1)
    assert after["关于给予张某某同志记功奖励的决定"].rule == "D-OUT-2"
    assert after["关于表彰全市乡村振兴先进集体的决定"].rule == "O-UP-1"
    # unaffected lines are now decided by version 2 but record no change
    school = after["关于做好春季学期校园安全工作的通知"]
    assert (school.counted, school.rule, school.ruleset_version) == (True, "D-IN-2", 2)
    assert result.updated == 8  # every line dated from 2025-03-01 got version 2

    event = AuditEvent.objects.filter(object_type="ledgers.rederive").get()
    assert event.action == "update"
    assert event.after["changed"] == 4


def test_rederive_twice_changes_nothing_more(county, lines):
    ledger_rederive(actor=Actor.command(), county=county)
    again = ledger_rederive(actor=Actor.command(), county=county)
    assert (again.checked, again.updated, again.changed) == (9, 0, 0)
    assert DecisionChange.objects.count() == 4


def test_rederive_period_only(county, lines):
    result = ledger_rederive(
        actor=Actor.command(), county=county, date_from=D(2025, 6, 1), date_to=D(2025, 6, 30)
    )
    assert result.checked == 2
    assert [c.entry.title for c in DecisionChange.objects.all()] == [
        "关于表彰2025年度优秀共产党员的决定"
    ]


def test_rederive_command_json(county, lines, capsys):
    call_command("ledger_rederive", "--county", "QH", "--from", "2025-03-01", "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["checked"] == 8 and data["changed"] == 4 and data["became_counted"] == 4
    assert {"old_rule": "D-OUT-2", "new_rule": "D-IN-1", "lines": 2} in data["by_rule"]


def test_rederive_command_usage_errors(county):
    with pytest.raises(CommandError) as bad_date:
        call_command("ledger_rederive", "--from", "2025-13-01")
    assert bad_date.value.returncode == 2
    with pytest.raises(CommandError) as unknown:
        call_command("ledger_rederive", "--county", "NOPE")
    assert unknown.value.returncode == 2


MOVED = {
    "关于表彰2024年度平安建设先进单位的决定",
    "关于表彰全县农业技术推广先进个人的通报",
    "全县防汛抗旱工作会议纪要",
    "关于表彰2025年度优秀共产党员的决定",
}


def test_importing_a_rule_set_on_the_command_line_re_derives_its_lines(county, units, tmp_path):
    """`jianfu rules import` stores the version and decides again every line from its first
    day: the change is visible at once (口径变动), not left to a second command."""
    _scene(county, units)
    path = tmp_path / "v2.yaml"
    path.write_text(modified_rules(), encoding="utf-8")
    err = io.StringIO()
    call_command("rules", "import", str(path), "--effective-from", "2025-03-01", stderr=err)
    assert {c.entry.title for c in DecisionChange.objects.select_related("entry")} == MOVED
    early = LedgerEntry.objects.get(title="关于表彰2024年度防汛抗旱先进集体和先进个人的决定")
    assert early.ruleset_version == 1  # before the new version: untouched
    said = "已按新口径重新判定 2025-03-01 起的 8 条台账条目，其中 4 条的判定有变动"
    assert said in err.getvalue()


def test_importing_a_rule_set_on_the_page_re_derives_its_lines(client, county, units, users):
    _scene(county, units)
    client.force_login(users["coordinator"])
    upload = SimpleUploadedFile("v2.yaml", modified_rules().encode("utf-8"))
    response = client.post("/rules/upload/", {"file": upload, "effective_from": "2025-03-01"})
    assert response.status_code == 302
    assert {c.entry.title for c in DecisionChange.objects.select_related("entry")} == MOVED
    page = client.get("/rules/").content.decode()
    assert "已导入规则集第2版" in page and "其中 4 条的判定有变动" in page


@pytest.mark.django_db(transaction=True)
def test_from_a_page_in_production_the_lines_are_re_derived_in_the_background(
    county, units, settings
):
    """Outside the tests the page does not wait for a county-year of lines: a thread with its
    own connection re-derives them, and says so at once."""
    from jianfu.ledgers.services.rederive import rederive_after_ruleset_import
    from jianfu.rules.models import RuleSet

    _scene(county, units)
    ruleset_import(
        actor=Actor.command(), county=county, yaml_text=modified_rules(),
        effective_from=D(2025, 3, 1),
    )  # fmt: skip
    settings.JIANFU_IMPORT_IN_THREAD = True
    web = Actor(channel="web", username="coordinator")
    said = rederive_after_ruleset_import(RuleSet, ruleset=RuleSet.objects.get(version=2), actor=web)
    assert "正在按新口径重新判定 2025-03-01 起的台账条目" in said
    for thread in threading.enumerate():
        if thread.name == "ruleset-rederive":
            thread.join(timeout=60)
    assert {c.entry.title for c in DecisionChange.objects.select_related("entry")} == MOVED
