"""Validation of a rule set document (the parsed YAML) before anything is stored or compiled.

`ruleset_validate(raw)` returns every problem found, each naming the key path (`rules[3]
（D-OUT-1）.counted`) and a message in Chinese, so that a county editing the YAML sees all of its
mistakes at once. Pure: no Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

KINDS = ("收文", "发文", "参会", "办会", "受检", "督查")
SECTIONS = ("documents", "meetings", "inspections")
RULE_SECTIONS = ("originator", *SECTIONS)
LEVELS = ("higher", "county", "department", "township")
DIRECTIONS = ("received", "produced")
CHECKS = ("auto", "reviewer")
CODE_RE = re.compile(r"^[A-Z]+(-[A-Z0-9]+)+$")

# Condition keys by the kind of value they take.
WORD_KEYS = frozenset(
    {
        "title_has",
        "title_has_none",
        "text_has",
        "text_has_none",
        "counterpart_has",
        "counterpart_has_none",
        "originator_has",
        "mention",
    }
)
PATTERN_KEYS = frozenset({"title_matches", "text_matches"})
VALUE_KEYS = frozenset({"genre_in", "inspection_type_in", "meeting_form_in"})
CONDITION_KEYS = (
    WORD_KEYS
    | PATTERN_KEYS
    | VALUE_KEYS
    | {
        "level",
        "direction",
        "materials_requested_in",
        "any",
        "all",
        "not",
    }
)


@dataclass(frozen=True)
class SchemaError:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}：{self.message}" if self.path else self.message


class RuleSetInvalid(ValueError):
    """The rule set document was refused; `errors` lists every problem."""

    def __init__(self, errors: list[SchemaError]):
        self.errors = errors
        super().__init__("；".join(str(e) for e in errors[:5]))


class _Checker:
    def __init__(self, raw: dict):
        self.raw = raw
        self.errors: list[SchemaError] = []
        keywords = raw.get("keywords") if isinstance(raw.get("keywords"), dict) else {}
        patterns = raw.get("patterns") if isinstance(raw.get("patterns"), dict) else {}
        self.list_names = set(keywords) | set(patterns)
        self.pattern_names = set(patterns)

    def error(self, path: str, message: str) -> None:
        self.errors.append(SchemaError(path, message))

    # -- primitives --------------------------------------------------------------------------
    def text(self, obj: dict, key: str, path: str, required: bool = True) -> str | None:
        value = obj.get(key)
        if value is None:
            if required:
                self.error(_join(path, key), "缺少必填项")
            return None
        if not isinstance(value, str) or not value.strip():
            self.error(_join(path, key), "应为非空文字")
            return None
        return value

    def flag(self, obj: dict, key: str, path: str) -> None:
        if key not in obj:
            self.error(_join(path, key), "缺少必填项")
        elif not isinstance(obj[key], bool):
            self.error(_join(path, key), "应为 true（是）或 false（否）")

    def mapping(self, obj: dict, key: str, path: str, required: bool = True) -> dict:
        value = obj.get(key)
        if value is None:
            if required:
                self.error(_join(path, key), "缺少必填项")
            return {}
        if not isinstance(value, dict):
            self.error(_join(path, key), "应为键值对（映射）")
            return {}
        return value

    def strings(self, value: Any, path: str, allow_empty: bool = False) -> list[str]:
        if not isinstance(value, list) or (not value and not allow_empty):
            self.error(path, "应为非空列表")
            return []
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item:
                self.error(f"{path}[{i}]", "应为非空文字")
            else:
                out.append(item)
        return out

    def regexes(self, value: Any, path: str) -> None:
        for i, item in enumerate(self.strings(value, path)):
            try:
                re.compile(item)
            except re.error as exc:
                self.error(f"{path}[{i}]", f"正则表达式无效（{exc}）：{item}")

    def date_value(self, obj: dict, key: str, path: str) -> None:
        value = obj.get(key)
        if value is None:
            self.error(_join(path, key), "缺少必填项")
        elif isinstance(value, date):
            return
        elif not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            self.error(_join(path, key), "应为日期，格式 YYYY-MM-DD")
        else:
            try:
                date.fromisoformat(value)
            except ValueError:
                self.error(_join(path, key), f"日期无效：{value}")

    # -- conditions --------------------------------------------------------------------------
    def condition(self, cond: Any, path: str) -> None:
        if not isinstance(cond, dict) or not cond:
            self.error(path, "条件应为非空键值对")
            return
        for key, value in cond.items():
            here = f"{path}.{key}"
            if key not in CONDITION_KEYS:
                self.error(here, f"未知的条件“{key}”")
            elif key in ("any", "all"):
                if not isinstance(value, list) or not value:
                    self.error(here, "应为条件列表")
                else:
                    for i, sub in enumerate(value):
                        self.condition(sub, f"{here}[{i}]")
            elif key == "not":
                self.condition(value, here)
            elif key == "level":
                for i, item in enumerate(self.strings(value, here)):
                    if item not in LEVELS:
                        self.error(f"{here}[{i}]", f"级别应为 {'、'.join(LEVELS)} 之一")
            elif key == "direction":
                if value not in DIRECTIONS:
                    self.error(here, "应为 received（收）或 produced（发）")
            elif key == "materials_requested_in":
                if (
                    not isinstance(value, list)
                    or not value
                    or any(v not in (True, False, None) for v in value)
                ):
                    self.error(here, "应为由 true、false、null 组成的列表")
            elif key in VALUE_KEYS:
                self.strings(value, here)
            elif isinstance(value, str):
                if value not in self.list_names:
                    self.error(
                        here, f"引用的词表“{value}”不存在（应在 keywords 或 patterns 中定义）"
                    )
            elif key in PATTERN_KEYS:
                self.regexes(value, here)
            else:
                self.strings(value, here)

    # -- the document ------------------------------------------------------------------------
    def check(self) -> None:
        raw = self.raw
        self.text(raw, "name", "")
        self.date_value(raw, "effective_from", "")
        if "version" in raw and (not isinstance(raw["version"], int) or raw["version"] < 1):
            self.error("version", "应为正整数")
        self.check_kinds()
        self.check_levels()
        self.check_order()
        self.check_lists()
        codes = self.check_rules()
        self.check_fallback(codes)
        self.check_limits(codes)
        self.check_negatives(codes)

    def check_kinds(self) -> None:
        kinds = self.mapping(self.raw, "kinds", "")
        for kind in KINDS:
            spec = kinds.get(kind)
            if not isinstance(spec, dict):
                self.error(f"kinds.{kind}", "缺少该台账类别的设置")
                continue
            if spec.get("section") not in SECTIONS:
                self.error(f"kinds.{kind}.section", f"应为 {'、'.join(SECTIONS)} 之一")
            if spec.get("direction") not in DIRECTIONS:
                self.error(f"kinds.{kind}.direction", "应为 received 或 produced")
            self.text(spec, "counterpart", f"kinds.{kind}")
        for kind in kinds:
            if kind not in KINDS:
                self.error(f"kinds.{kind}", f"未知的台账类别，应为 {'、'.join(KINDS)}")

    def check_levels(self) -> None:
        levels = self.mapping(self.raw, "levels", "")
        for level in LEVELS:
            spec = levels.get(level)
            if not isinstance(spec, dict):
                self.error(f"levels.{level}", "缺少该级别的设置")
                continue
            self.text(spec, "label", f"levels.{level}")
            self.text(spec, "category", f"levels.{level}")
        if self.raw.get("unknown_level") not in LEVELS:
            self.error("unknown_level", f"应为 {'、'.join(LEVELS)} 之一")
        self.regexes(self.raw.get("higher_name_patterns"), "higher_name_patterns")

    def check_order(self) -> None:
        order = self.strings(self.raw.get("order"), "order")
        if len(set(order)) != len(order):
            self.error("order", "阶段名称重复")
        self.stages = set(order)

    def check_lists(self) -> None:
        for name, words in self.mapping(self.raw, "keywords", "").items():
            self.strings(words, f"keywords.{name}")
        for name, items in self.mapping(self.raw, "patterns", "").items():
            self.regexes(items, f"patterns.{name}")
        genres = self.mapping(self.raw, "genres", "")
        self.strings(genres.get("words"), "genres.words")
        aliases = genres.get("aliases", {})
        if not isinstance(aliases, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in aliases.items()
        ):
            self.error("genres.aliases", "应为“写法: 文种”的键值对")
        self.regexes(genres.get("trailing_patterns", []) or ["$"], "genres.trailing_patterns")
        brief = self.mapping(self.raw, "brief", "")
        self.text(brief, "genre", "brief")
        for key in ("words", "issue"):
            if brief.get(key) not in self.list_names:
                self.error(f"brief.{key}", "应为 keywords 或 patterns 中已定义的词表名称")

    def check_rules(self) -> set[str]:
        rules = self.raw.get("rules")
        codes: set[str] = set()
        if not isinstance(rules, list) or not rules:
            self.error("rules", "应为非空的规则列表")
            return codes
        for i, rule in enumerate(rules):
            path = f"rules[{i}]"
            if not isinstance(rule, dict):
                self.error(path, "应为键值对")
                continue
            code = self.text(rule, "code", path)
            if code:
                path = f"rules[{i}]（{code}）"
                if not CODE_RE.match(code):
                    self.error(f"{path}.code", "编号格式应如 D-IN-1")
                if code in codes:
                    self.error(f"{path}.code", f"规则编号重复：{code}")
                codes.add(code)
            if rule.get("section") not in RULE_SECTIONS:
                self.error(f"{path}.section", f"应为 {'、'.join(RULE_SECTIONS)} 之一")
            if rule.get("stage") not in getattr(self, "stages", set()):
                self.error(f"{path}.stage", "应为 order 中列出的阶段之一")
            self.flag(rule, "counted", path)
            self.flag(rule, "quota_charged", path)
            self.text(rule, "category", path)
            self.text(rule, "text", path)
            self.text(rule, "reason", path)
            for j, kind in enumerate(self.strings(rule.get("kinds"), f"{path}.kinds")):
                if kind not in KINDS:
                    self.error(f"{path}.kinds[{j}]", f"未知的台账类别“{kind}”")
            if "when" not in rule:
                self.error(f"{path}.when", "缺少必填项")
            else:
                self.condition(rule["when"], f"{path}.when")
        return codes

    def check_fallback(self, codes: set[str]) -> None:
        fallback = self.mapping(self.raw, "fallback", "")
        for section in SECTIONS:
            if fallback.get(section) not in codes:
                self.error(f"fallback.{section}", "应为已定义的规则编号")

    def check_limits(self, codes: set[str]) -> None:
        for i, item in enumerate(self.raw.get("limits") or []):
            path = f"limits[{i}]"
            if not isinstance(item, dict):
                self.error(path, "应为键值对")
                continue
            code = self.text(item, "code", path)
            if code in codes:
                self.error(f"{path}.code", f"编号重复：{code}")
            codes.add(code or "")
            if item.get("section") not in SECTIONS:
                self.error(f"{path}.section", f"应为 {'、'.join(SECTIONS)} 之一")
            self.text(item, "text", path)
            self.mapping(item, "params", path, required=False)

    def check_negatives(self, codes: set[str]) -> None:
        lists = self.mapping(self.raw, "negative_lists", "", required=False)
        for i, item in enumerate(self.raw.get("negatives") or []):
            path = f"negatives[{i}]"
            if not isinstance(item, dict):
                self.error(path, "应为键值对")
                continue
            code = self.text(item, "code", path)
            if code in codes:
                self.error(f"{path}.code", f"编号重复：{code}")
            codes.add(code or "")
            if item.get("list") not in lists:
                self.error(f"{path}.list", "应为 negative_lists 中定义的清单")
            if item.get("check") not in CHECKS:
                self.error(f"{path}.check", "应为 auto（自动）或 reviewer（人工审核）")
            self.text(item, "text", path)
            if "when" in item:
                self.condition(item["when"], f"{path}.when")


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def ruleset_validate(raw: Any) -> list[SchemaError]:
    """Every problem in a parsed rule set document; an empty list when it is sound."""
    if not isinstance(raw, dict):
        return [SchemaError("", "规则集应为 YAML 键值对文档")]
    checker = _Checker(raw)
    checker.check()
    return checker.errors
