"""Rule sets in the database: import as the next version, refuse bad YAML storing nothing,
the version in force on a date, the default for a new county, export round trip, audit."""

from __future__ import annotations

from datetime import date

import pytest

from jianfu.core.actor import Actor
from jianfu.core.models import AuditEvent
from jianfu.org.models import County
from jianfu.rules.data import default_rules_text, ruleset_parse_yaml
from jianfu.rules.engine import LineFacts, criteria_classify
from jianfu.rules.models import RuleSet
from jianfu.rules.schema import RuleSetInvalid
from jianfu.rules.selectors import (
    ruleset_data,
    ruleset_effective,
    ruleset_effective_data,
    ruleset_export_yaml,
)
from jianfu.rules.services import ruleset_ensure_default, ruleset_import

pytestmark = pytest.mark.django_db

ACTOR = Actor.system("test")


def edited(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


def test_ensure_default_creates_version_1_once_and_records_audit(county):
    first = ruleset_ensure_default(county)
    again = ruleset_ensure_default(county)
    assert first.pk == again.pk
    assert (first.version, first.name, first.effective_from) == (1, "默认规则集", date(2024, 1, 1))
    assert first.note == "默认规则集" and first.created_by == "rules.default"
    assert "version" not in first.data and "effective_from" not in first.data
    assert RuleSet.objects.filter(county=county).count() == 1
    event = AuditEvent.objects.get(action="config", object_id=str(first.pk))
    assert event.object_type == "rules.ruleset" and event.county_id == county.pk
    assert event.after["version"] == 1 and event.after["rules"] == 31


def test_import_creates_next_version_and_closes_the_previous(county):
    v1 = ruleset_ensure_default(county)
    text = edited(
        default_rules_text(), "commendation_words: [表彰,", "commendation_words: [颁奖, 表彰,"
    )
    v2 = ruleset_import(
        actor=ACTOR, county=county, yaml_text=text, effective_from=date(2025, 7, 1), note="增加颁奖"
    )
    v1.refresh_from_db()
    assert (v2.version, v2.effective_from, v2.effective_to) == (2, date(2025, 7, 1), None)
    assert v1.effective_to == date(2025, 6, 30)
    assert ruleset_effective(county, date(2025, 6, 30)).pk == v1.pk
    assert ruleset_effective(county, date(2025, 7, 1)).pk == v2.pk
    assert ruleset_effective(county, date(2023, 12, 31)) is None
    facts = LineFacts("发文", "关于颁奖典礼筹备的通知", originator_level="county")
    assert (
        criteria_classify(ruleset_effective_data(county, date(2025, 6, 1)), facts).rule == "D-IN-1"
    )
    assert (
        criteria_classify(ruleset_effective_data(county, date(2025, 8, 1)), facts).rule == "D-OUT-2"
    )
    assert AuditEvent.objects.filter(action="config", object_type="rules.ruleset").count() == 2


def test_refused_yaml_stores_nothing_and_names_the_path(county):
    ruleset_ensure_default(county)
    bad = edited(
        default_rules_text(),
        "counted: false, quota_charged: false,\n     category: 上级",
        "counted: 不, quota_charged: false,\n     category: 上级",
    )
    before = (RuleSet.objects.count(), AuditEvent.objects.count())
    with pytest.raises(RuleSetInvalid) as exc:
        ruleset_import(actor=ACTOR, county=county, yaml_text=bad)
    assert [str(e) for e in exc.value.errors] == [
        "rules[0]（O-UP-1）.counted：应为 true（是）或 false（否）"
    ]
    with pytest.raises(RuleSetInvalid):
        ruleset_import(actor=ACTOR, county=county, yaml_text="rules: [unclosed\n")
    assert (RuleSet.objects.count(), AuditEvent.objects.count()) == before


def test_a_version_cannot_start_before_the_latest(county):
    ruleset_import(
        actor=ACTOR, county=county, yaml_text=default_rules_text(), effective_from=date(2025, 1, 1)
    )
    with pytest.raises(RuleSetInvalid) as exc:
        ruleset_import(
            actor=ACTOR,
            county=county,
            yaml_text=default_rules_text(),
            effective_from=date(2024, 6, 1),
        )
    assert exc.value.errors[0].path == "effective_from"
    assert "早于现行第1版" in exc.value.errors[0].message


def test_export_then_import_gives_identical_data(county):
    v1 = ruleset_ensure_default(county)
    exported = ruleset_export_yaml(v1)
    assert exported.startswith("# 默认规则集")  # the comments survive
    v2 = ruleset_import(actor=ACTOR, county=county, yaml_text=exported)
    assert v2.data == v1.data
    assert (v2.name, v2.effective_from) == (v1.name, v1.effective_from)
    second = ruleset_export_yaml(v2)
    assert ruleset_parse_yaml(second)["version"] == 2
    assert {k: v for k, v in ruleset_parse_yaml(second).items() if k != "version"} == {
        k: v for k, v in ruleset_parse_yaml(exported).items() if k != "version"
    }


def test_export_without_source_dumps_the_data(county):
    v1 = ruleset_ensure_default(county)
    RuleSet.objects.filter(pk=v1.pk).update(source="")
    v1.refresh_from_db()
    v2 = ruleset_import(actor=ACTOR, county=county, yaml_text=ruleset_export_yaml(v1))
    assert v2.data == v1.data


def test_converter_gives_the_engine_the_stored_version(county):
    v1 = ruleset_ensure_default(county)
    data = ruleset_data(v1)
    assert (data.name, data.version, data.effective_from) == ("默认规则集", 1, date(2024, 1, 1))
    assert ruleset_data(v1) is data  # compiled once per version


def test_counties_are_separate(county):
    other = County.objects.create(code="LS", name="临山县")
    ruleset_ensure_default(county)
    assert ruleset_effective(other, date(2025, 1, 1)) is None
    assert ruleset_effective_data(other, date(2025, 1, 1)).name == "默认规则集"  # packaged default
    v1_other = ruleset_ensure_default(other)
    assert v1_other.version == 1
