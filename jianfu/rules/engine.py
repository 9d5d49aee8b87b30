"""The pure rule engine: one ledger line's facts in, one explained decision out.

`criteria_classify(ruleset, line)` applies the counting criteria (统计口径) of a rule set to a
ledger line. The rules are tried stage by stage in the rule set's `order` — the originator rules
(O-*), then OUT, BR, EM, CB, IN — and within a stage in the order the rule set lists them; the
first rule whose kinds include the line's kind and whose condition holds decides.

What the engine decides when nothing specific matches:

- the IN rules of the default set end with one rule per originator level (D-IN-1 county /
  D-IN-2 department, M-IN-1 / M-IN-2, I-IN-1), so every line from a county unit is decided by
  its level: a county department's document to townships with no special word is D-IN-2;
- an originator level `unknown` (a counterpart that resolved to no unit) is treated as
  higher-level when its name reads so (`higher_name_patterns`: 省委、市农业农村局 …), otherwise as
  the rule set's `unknown_level` (a county department in the default, as the spec says); the
  reason says so;
- should an edited rule set leave a line undecided, the section's `fallback` rule decides, and the
  reason says that no specific rule matched.

No Django, no ORM: plain dataclasses in and out, so that the engine is tested as tables and runs
inside bulk imports.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from jianfu.core.text import compact_text

from .conditions import LineContext
from .data import NegativeItem, Rule, RuleSetData
from .genre import looks_higher_level, read_genre_compact

LEVELS = ("higher", "county", "department", "township", "unknown")
CACHE_SIZE = 50_000


@dataclass(frozen=True)
class LineFacts:
    """One ledger line as the engine sees it.

    `originator_level` is resolved by the caller: for received kinds (收文 参会 受检) the
    counterpart's level, for produced kinds (发文 办会 督查) the ledger-keeping unit's level; one of
    higher, county, department, township, unknown.
    """

    kind: str  # 收文 发文 参会 办会 受检 督查
    title: str
    genre: str = ""
    doc_no: str = ""
    date: date | None = None
    originator_level: str = "unknown"
    counterpart: str = ""  # 来文单位 / 主办单位 / 实施单位, or 主送单位 / 参会单位 / 检查对象
    unit_name: str = ""  # the unit that keeps the ledger
    meeting_form: str = ""  # 现场 / 视频 / 电视电话
    duration_minutes: int | None = None
    inspection_type: str = ""  # 督查 / 检查 / 考核 / 调研 / 暗访
    materials_requested: bool | None = None
    remarks: str = ""


@dataclass(frozen=True)
class Decision:
    counted: bool  # 计入统计
    quota_charged: bool  # 占用数额
    category: str  # 县级 部门 简报 应急 不计入 上级 乡镇 培训 …
    rule: str  # the deciding code, e.g. D-OUT-2
    reason: str  # a Chinese sentence naming what was found and the code
    genre: str  # the genre read ("" when none)
    level: str  # the originator level the decision used (unknown resolved)
    section: str  # documents | meetings | inspections
    stage: str  # originator | out | brief | emergency | combined | in | fallback
    ruleset_version: int
    evidence: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        data = asdict(self)
        data["evidence"] = list(self.evidence)
        return data


@dataclass(frozen=True)
class NegativeHit:
    code: str
    text: str
    reason: str


def _resolve_level(
    rs: RuleSetData, line: LineFacts, received: bool, name: str, role: str
) -> tuple[str, str]:
    """The level the rules see, and the phrase that explains it (`name` is compacted)."""
    level = line.originator_level if line.originator_level in LEVELS else "unknown"
    if received:
        subject = f"{role}“{name}”" if name else role
    else:
        subject = f"本单位“{name}”" if name else "本单位"
    if level != "unknown":
        return level, f"{subject}属{rs.level_labels[level]}"
    if name and looks_higher_level(name, rs):
        return "higher", f"{subject}名称显示为{rs.level_labels['higher']}"
    fallback = rs.unknown_level
    label = rs.level_labels[fallback]
    if received and not name:
        return fallback, f"{role}未填写，按{label}处理"
    return fallback, f"{subject}未对应到本县单位，按{label}处理"


def line_context(rs: RuleSetData, line: LineFacts) -> LineContext:
    """The normalised facts conditions look at (exposed for tests and the negative lists)."""
    spec = rs.kinds.get(line.kind)
    if spec is None:
        raise ValueError(f"unknown ledger kind {line.kind!r}; expected one of {list(rs.kinds)}")
    memo = rs.memo
    compact = memo.get("compact")
    if compact is None:
        compact = memo["compact"] = {}
    if len(compact) >= CACHE_SIZE:
        compact.clear()
    received = spec.direction == "received"
    title = _compact(compact, line.title)
    genre = _compact(compact, line.genre)
    counterpart = _compact(compact, line.counterpart)
    originator = counterpart if received else _compact(compact, line.unit_name)
    level_key = (line.originator_level, line.kind, originator)
    levels = memo.setdefault("level", {})
    try:
        resolved = levels.get(level_key)
    except TypeError:  # an unhashable level passed by a caller: resolve it, remember nothing
        resolved = _resolve_level(rs, line, received, originator, spec.counterpart)
    if resolved is None:
        resolved = _resolve_level(rs, line, received, originator, spec.counterpart)
        if len(levels) >= CACHE_SIZE:
            levels.clear()
        levels[level_key] = resolved
    level, level_phrase = resolved
    genres = memo.setdefault("genre", {})
    reading = genres.get((title, genre))
    if reading is None:
        reading = read_genre_compact(rs, title, genre)
        if len(genres) >= CACHE_SIZE:
            genres.clear()
        genres[(title, genre)] = reading
    return LineContext(
        kind=line.kind,
        direction=spec.direction,
        level=level,
        level_phrase=level_phrase,
        title=title,
        genre=reading.genre,
        genre_phrase=reading.phrase,
        fields=(
            ("标题", title),
            ("文种", genre),
            ("文号", _compact(compact, line.doc_no)),
            ("备注", _compact(compact, line.remarks)),
        ),
        counterpart=counterpart,
        originator=originator,
        inspection_type=_compact(compact, line.inspection_type),
        meeting_form=_compact(compact, line.meeting_form),
        materials_requested=line.materials_requested,
    )


def _compact(memo: dict, text: object) -> str:
    """`compact_text`, remembered per text (the same titles and names recur line after line)."""
    if text.__class__ is not str:
        return compact_text(text)  # type: ignore[arg-type]
    found = memo.get(text)
    if found is None:
        found = memo[text] = compact_text(text)
    return found


def _category(rs: RuleSetData, rule: Rule, level: str) -> str:
    if "{level}" in rule.category:
        return rule.category.replace("{level}", rs.level_categories.get(level, level))
    return rule.category


def _merge(evidence: list[str]) -> list[str]:
    """Unique phrases; `标题含“防汛”` and `标题含“紧急”` become `标题含“防汛”“紧急”`."""
    merged: list[str] = []
    for phrase in dict.fromkeys(e for e in evidence if e):
        head, sep, quoted = phrase.partition("含“")
        if sep and merged and merged[-1].startswith(head + sep):
            merged[-1] += "“" + quoted
        else:
            merged.append(phrase)
    return merged


def _sentence(evidence: list[str], reason: str, code: str) -> str:
    lead = "，".join(_merge(evidence))
    return f"{lead}，{reason}（{code}）" if lead else f"{reason}（{code}）"


def _decide(
    rs: RuleSetData, rule: Rule, ctx: LineContext, evidence: list[str], stage: str, reason: str
) -> Decision:
    """The decision (immutable), shared by every line with the same rule, evidence and level."""
    key = (id(rule), stage, reason, ctx.level, ctx.genre, ctx.kind, *evidence)
    decisions = rs.memo.setdefault("decision", {})
    found = decisions.get(key)
    if found is None:
        if len(decisions) >= CACHE_SIZE:
            decisions.clear()
        found = decisions[key] = _new_decision(rs, rule, ctx, evidence, stage, reason)
    return found


def _new_decision(
    rs: RuleSetData, rule: Rule, ctx: LineContext, evidence: list[str], stage: str, reason: str
) -> Decision:
    return Decision(
        counted=rule.counted,
        quota_charged=rule.counted and rule.quota_charged,
        category=_category(rs, rule, ctx.level),
        rule=rule.code,
        reason=_sentence(evidence, reason, rule.code),
        genre=ctx.genre,
        level=ctx.level,
        section=rs.kinds[ctx.kind].section,
        stage=stage,
        ruleset_version=rs.version,
        evidence=tuple(dict.fromkeys(e for e in evidence if e)),
    )


def criteria_classify(ruleset: RuleSetData, line: LineFacts) -> Decision:
    """Decide whether a ledger line is counted and quota-charged, naming the rule and why.

    Raises ValueError only for a kind that is not one of 收文 发文 参会 办会 受检 督查; any title,
    genre or counterpart text is decided.
    """
    cache = ruleset.decision_cache
    try:
        key = decision_key(ruleset, line)
        cached = cache.get(key)
    except TypeError:  # unhashable values passed by a caller: decide without the cache
        return _classify(ruleset, line)
    if cached is None:
        if len(cache) >= CACHE_SIZE:
            cache.clear()
        cached = cache[key] = _classify(ruleset, line)
    return cached


def decision_key(ruleset: RuleSetData, line: LineFacts) -> tuple:
    """Every fact of the line a rule of the set can look at: equal keys, equal decisions.

    The 文号 and the remarks are read only by `text_has` / `text_matches` conditions, so they
    enter the key as what those word lists find in them (usually nothing): lines that differ
    only in their 文号 share one decision. The date and the duration are read by no condition.
    """
    return (
        line.kind,
        line.title,
        line.genre,
        ruleset.text_key(line.doc_no),
        line.originator_level,
        line.counterpart,
        line.unit_name,
        line.meeting_form,
        line.inspection_type,
        line.materials_requested,
        ruleset.text_key(line.remarks),
    )


def _classify(ruleset: RuleSetData, line: LineFacts) -> Decision:
    ctx = line_context(ruleset, line)
    for rule in ruleset.rules_for(line.kind):
        evidence = rule.condition(ctx)
        if evidence is not None:
            return _decide(ruleset, rule, ctx, evidence, rule.stage, rule.reason)
    section = ruleset.kinds[line.kind].section
    rule = ruleset.rule(ruleset.fallback[section])
    reason = f"未匹配到具体规则，按“{rule.text}”处理"
    return _decide(ruleset, rule, ctx, [ctx.level_phrase], "fallback", reason)


def negative_list_hits(ruleset: RuleSetData, line: LineFacts) -> list[NegativeHit]:
    """The negative-list items (N-*) whose title and field checks hold for the line.

    Only items with a `when` condition are tried here; the checks that need other records
    (earlier meetings, plans, last year's titles) belong to the callers that hold those records.
    """
    ctx = line_context(ruleset, line)
    section = ruleset.kinds[line.kind].section
    hits = []
    for item in ruleset.negatives:
        if item.list != section or item.condition is None:
            continue
        evidence = item.condition(ctx)
        if evidence is not None:
            hits.append(NegativeHit(item.code, item.text, _negative_reason(item, evidence)))
    return hits


def _negative_reason(item: NegativeItem, evidence: list[str]) -> str:
    return _sentence(evidence, f"可能违反“{item.text}”", item.code)
