"""The default rule set as data: every code present with its text, the schema refuses what is
wrong with the key path named, and the genre / brief / 文号 readers."""

from __future__ import annotations

import copy

import pytest

from jianfu.rules.data import (
    default_rules_text,
    default_ruleset_data,
    ruleset_data_from_dict,
    ruleset_parse_yaml,
)
from jianfu.rules.engine import LineFacts, criteria_classify
from jianfu.rules.genre import (
    detect_genre,
    is_brief,
    ledger_direction,
    looks_higher_level,
    normalize_doc_no,
    read_genre,
)
from jianfu.rules.schema import RuleSetInvalid, ruleset_validate
from tests.rules.helpers import (
    ALL_EXPECTED_CODES,
    EXPECTED_LIMIT_CODES,
    EXPECTED_NEGATIVE_CODES,
    EXPECTED_RULE_CODES,
)


def raw_default() -> dict:
    return ruleset_parse_yaml(default_rules_text())


def test_every_code_of_the_spec_is_in_the_default_and_nothing_else():
    rs = default_ruleset_data()
    assert sorted(rs.codes()) == sorted(ALL_EXPECTED_CODES)
    assert sorted(r.code for r in rs.rules) == sorted(EXPECTED_RULE_CODES)
    assert [x.code for x in rs.limits] == EXPECTED_LIMIT_CODES
    assert [n.code for n in rs.negatives] == EXPECTED_NEGATIVE_CODES


def test_every_code_has_chinese_text_and_rules_have_reasons():
    rs = default_ruleset_data()
    for item in (*rs.rules, *rs.limits, *rs.negatives):
        assert item.text.strip(), item.code
        assert any("\u4e00" <= ch <= "\u9fff" for ch in item.text), item.code
    for rule in rs.rules:
        assert rule.reason.strip() and rule.category.strip(), rule.code


def test_metadata_and_figures_come_from_the_data():
    rs = default_ruleset_data()
    assert (rs.name, rs.version, rs.effective_from.isoformat()) == ("默认规则集", 1, "2024-01-01")
    assert rs.limit("L-D-1").params == {"max_chars": 5000, "max_chars_task": 4000}
    assert rs.limit("L-D-2").params["max_chars"] == 800
    assert rs.limit("L-M-1").params["max_main_speech_minutes"] == 60
    assert rs.limit("L-M-2").params["max_video_minutes"] == 90
    assert "拍照留痕" in rs.words("trace_materials")
    assert "森林防火" in rs.words("emergency_themes")
    checks = {n.code: n.check for n in rs.negatives}
    assert checks["N-D-01"] == "reviewer" and checks["N-D-06"] == "auto"
    assert checks["N-M-06"] == "auto" and checks["N-I-05"] == "reviewer"
    by_code = {r.code: r for r in rs.rules}
    assert (by_code["D-EM-1"].counted, by_code["D-EM-1"].quota_charged) == (True, False)
    assert (by_code["D-BR-1"].counted, by_code["D-BR-1"].category) == (False, "简报")
    assert (by_code["M-CB-1"].counted, by_code["M-CB-1"].quota_charged) == (True, True)


def test_the_engine_follows_edited_data():
    raw = raw_default()
    raw["keywords"]["emergency_themes"].append("秸秆禁烧")
    for rule in raw["rules"]:
        if rule["code"] == "D-OUT-2":
            rule["counted"] = True
            rule["reason"] = "本县将表彰文件计入统计"
    rs = ruleset_data_from_dict(raw)
    d = criteria_classify(
        rs, LineFacts("收文", "关于紧急做好秸秆禁烧工作的通知", originator_level="county")
    )
    assert d.rule == "D-EM-1"
    d = criteria_classify(rs, LineFacts("发文", "关于表彰先进的决定", originator_level="county"))
    assert (d.rule, d.counted) == ("D-OUT-2", True)
    assert "本县将表彰文件计入统计" in d.reason


def test_fallback_decides_when_an_edited_set_leaves_a_line_open():
    raw = raw_default()
    raw["rules"] = [r for r in raw["rules"] if r["code"] not in ("D-IN-1", "D-IN-2")]
    raw["fallback"]["documents"] = "D-IN-3"
    rs = ruleset_data_from_dict(raw)
    d = criteria_classify(rs, LineFacts("收文", "关于做好春耕的通知", originator_level="county"))
    assert (d.rule, d.stage) == ("D-IN-3", "fallback")
    assert d.reason.startswith("来文单位属县级机关，未匹配到具体规则")


def paths(raw) -> list[str]:
    return [e.path for e in ruleset_validate(raw)]


def test_the_default_is_valid():
    assert ruleset_validate(raw_default()) == []


@pytest.mark.parametrize(
    ("mutate", "path", "words"),
    [
        (lambda r: r.pop("name"), "name", "缺少必填项"),
        (lambda r: r.update(effective_from="2024/01/01"), "effective_from", "YYYY-MM-DD"),
        (lambda r: r["rules"][2].update(counted="是"), "rules[2]（D-OUT-1）.counted", "true"),
        (
            lambda r: r["rules"][2]["when"].update(title_has="no_such_list"),
            "rules[2]（D-OUT-1）.when.title_has",
            "no_such_list",
        ),
        (
            lambda r: r["rules"][2]["when"].update(colour="red"),
            "rules[2]（D-OUT-1）.when.colour",
            "未知的条件",
        ),
        (
            lambda r: r["patterns"]["issue_number"].append("第(期"),
            "patterns.issue_number[1]",
            "正则表达式无效",
        ),
        (lambda r: r["rules"][3].update(code="D-OUT-1"), "rules[3]（D-OUT-1）.code", "重复"),
        (lambda r: r["rules"][0].update(kinds=["来文"]), "rules[0]（O-UP-1）.kinds[0]", "来文"),
        (lambda r: r["rules"][0].update(stage="later"), "rules[0]（O-UP-1）.stage", "order"),
        (lambda r: r["fallback"].update(documents="D-XX-9"), "fallback.documents", "规则编号"),
        (lambda r: r["kinds"].pop("督查"), "kinds.督查", "缺少"),
        (lambda r: r["negatives"][0].update(check="maybe"), "negatives[0].check", "reviewer"),
        (lambda r: r.update(unknown_level="nobody"), "unknown_level", "之一"),
    ],
)
def test_schema_names_the_key_path_in_chinese(mutate, path, words):
    raw = copy.deepcopy(raw_default())
    mutate(raw)
    errors = ruleset_validate(raw)
    found = [e for e in errors if e.path == path]
    assert found, [str(e) for e in errors]
    assert words in found[0].message
    with pytest.raises(RuleSetInvalid) as exc:
        ruleset_data_from_dict(raw)
    assert path in str(exc.value)


def test_every_error_is_reported_at_once():
    raw = raw_default()
    raw.pop("name")
    raw["rules"][2]["counted"] = "yes"
    raw["limits"][0].pop("text")
    assert {"name", "rules[2]（D-OUT-1）.counted", "limits[0].text"} <= set(paths(raw))


def test_yaml_syntax_error_names_the_line():
    with pytest.raises(RuleSetInvalid) as exc:
        ruleset_parse_yaml("name: 默认规则集\nrules: [a, b\nversion: 1\n")
    assert "YAML 格式错误" in str(exc.value)
    assert "行" in exc.value.errors[0].path
    assert ruleset_validate([1, 2]) and ruleset_validate(None)


@pytest.mark.parametrize(
    ("title", "genre"),
    [
        ("关于印发《全县农技人员培训方案》的通知", "通知"),
        ("关于表彰2024年度先进集体的决定", "决定"),
        ("关于河口乡建设用地问题的复函", "复函"),
        ("关于商请支持项目建设的函", "函"),
        ("县政府第十五次常务会议纪要", "纪要"),
        ("关于加强耕地保护的实施意见（试行）", "意见"),
        ("《青河县2025年农业农村工作要点》", "要点"),
        ("关于做好春耕生产工作的通知（县委办发〔2025〕3号）", "通知"),
        ("关于印发《青河县防汛应急预案》的通知。", "通知"),
        ("农业农村工作信息（第12期）", "简报"),
        ("工作简报第3期", "简报"),
        ("关于报送第三期信息的通知", "通知"),
        ("全县春耕生产工作部署", ""),
        ("", ""),
    ],
)
def test_genre_is_read_from_the_end_of_the_title(title, genre):
    assert detect_genre(title) == genre


def test_genre_field_wins_and_aliases_apply():
    assert detect_genre("关于做好春耕的通知", "便函") == "便函"
    assert detect_genre("专题会议", "会议纪要") == "纪要"
    assert read_genre("关于做好春耕的通知").phrase == "标题以“通知”结尾"
    assert read_genre("x", "通报").phrase == "文种为“通报”"
    assert is_brief("2025年第5期工作动态") and not is_brief("关于报送信息的通知")


def test_direction_doc_no_and_higher_names():
    assert [ledger_direction(k) for k in ("收文", "参会", "受检")] == ["received"] * 3
    assert [ledger_direction(k) for k in ("发文", "办会", "督查")] == ["produced"] * 3
    with pytest.raises(ValueError):
        ledger_direction("来文")
    assert normalize_doc_no("县委办发（２０２５）０１２号") == "县委办发[2025]12号"
    assert normalize_doc_no("县委办发 〔2025〕12号") == normalize_doc_no("县委办发【2025】12号")
    assert looks_higher_level("中共江门市委办公室") and looks_higher_level("省农业农村厅")
    assert not looks_higher_level("县市场监督管理局") and not looks_higher_level("")
