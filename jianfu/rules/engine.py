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

from .conditions import LineContext
from .data import NegativeItem, Rule, RuleSetData
from .facts import (
    CACHE_SIZE,
    FieldFacts,
    OriginFacts,
    TitleFacts,
    compact,
    field_facts,
    origin_facts,
    ruleset_memo,
    text_facts,
    title_facts,
)


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


def line_context(rs: RuleSetData, line: LineFacts) -> LineContext:
    """The normalised facts conditions look at (the negative lists; exposed for tests)."""
    origin = origin_facts(
        rs, line.kind, line.originator_level, line.counterpart, line.unit_name
    )  # first: raises ValueError for an unknown kind
    title = title_facts(rs, line.kind, line.title, line.genre)
    fields = field_facts(
        rs, line.kind, line.meeting_form, line.inspection_type, line.materials_requested
    )
    return LineContext(
        kind=line.kind,
        direction=origin.direction,
        level=origin.level,
        level_phrase=origin.level_phrase,
        title=title.title,
        genre=title.genre,
        genre_phrase=title.genre_phrase,
        fields=(
            ("标题", title.title),
            ("文种", title.genre_text),
            ("文号", compact(rs, line.doc_no)),
            ("备注", compact(rs, line.remarks)),
        ),
        counterpart=origin.counterpart,
        originator=origin.originator,
        inspection_type=fields.inspection_type,
        meeting_form=fields.meeting_form,
        materials_requested=fields.materials_requested,
    )


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
    rs: RuleSetData,
    rule: Rule,
    facts: tuple[str, str, str],
    evidence: list[str],
    stage: str,
    reason: str,
) -> Decision:
    """The decision (immutable), shared by every line with the same rule, evidence and
    (level, genre, kind) `facts`."""
    key = (id(rule), stage, reason, *facts, *evidence)
    decisions = ruleset_memo(rs, "decision")
    found = decisions.get(key)
    if found is None:
        found = decisions[key] = _new_decision(rs, rule, facts, evidence, stage, reason)
    return found


def _new_decision(
    rs: RuleSetData,
    rule: Rule,
    facts: tuple[str, str, str],
    evidence: list[str],
    stage: str,
    reason: str,
) -> Decision:
    level, genre, kind = facts
    return Decision(
        counted=rule.counted,
        quota_charged=rule.counted and rule.quota_charged,
        category=_category(rs, rule, level),
        rule=rule.code,
        reason=_sentence(evidence, reason, rule.code),
        genre=genre,
        level=level,
        section=rs.kinds[kind].section,
        stage=stage,
        ruleset_version=rs.version,
        evidence=tuple(dict.fromkeys(e for e in evidence if e)),
    )


def _fallback(rs: RuleSetData, kind: str, facts: tuple[str, str, str], phrase: str) -> Decision:
    rule = rs.rule(rs.fallback[rs.kinds[kind].section])
    reason = f"未匹配到具体规则，按“{rule.text}”处理"
    return _decide(rs, rule, facts, [phrase], "fallback", reason)


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
    return criteria_decide(
        ruleset,
        line.kind,
        title=line.title,
        genre=line.genre,
        doc_no=line.doc_no,
        remarks=line.remarks,
        originator_level=line.originator_level,
        counterpart=line.counterpart,
        unit_name=line.unit_name,
        meeting_form=line.meeting_form,
        inspection_type=line.inspection_type,
        materials_requested=line.materials_requested,
    )


def criteria_decide(
    ruleset: RuleSetData,
    kind: str,
    *,
    title: str,
    genre: str,
    doc_no: str,
    remarks: str,
    originator_level: str,
    counterpart: str,
    unit_name: str,
    meeting_form: str,
    inspection_type: str,
    materials_requested: bool | None,
) -> Decision:
    """`criteria_classify` for a line given as its facts (no `LineFacts` built), not cached as a
    whole: the line's parts are (facts.py), and so is the rule found for their facts (table.py).
    The bulk paths decide lines this way."""
    origin = origin_facts(ruleset, kind, originator_level, counterpart, unit_name)
    chain = ruleset.table.chains[kind]
    if chain is None:  # a rule too complex for the table: the conditions as written
        return classify_as_written(
            ruleset,
            LineFacts(
                kind=kind,
                title=title,
                genre=genre,
                doc_no=doc_no,
                originator_level=originator_level,
                counterpart=counterpart,
                unit_name=unit_name,
                meeting_form=meeting_form,
                inspection_type=inspection_type,
                materials_requested=materials_requested,
                remarks=remarks,
            ),
        )
    return decide_parts(
        ruleset,
        kind,
        title_facts(ruleset, kind, title, genre),
        origin,
        field_facts(ruleset, kind, meeting_form, inspection_type, materials_requested),
        text_facts(ruleset, kind, doc_no),
        text_facts(ruleset, kind, remarks),
    )


def decide_parts(
    ruleset: RuleSetData,
    kind: str,
    heading: TitleFacts,
    origin: OriginFacts,
    fields: FieldFacts,
    doc_no: tuple[str, int],
    remarks: tuple[str, int],
) -> Decision:
    """The decision for a line given as its parts' facts (facts.py), for a kind whose rules the
    table holds (`ruleset.table.chains[kind]` is not None)."""
    bits = heading.bits | origin.bits | fields.bits | doc_no[1] | remarks[1]
    found = ruleset.table.first(kind, bits, ruleset.memo.setdefault("rule", {}))
    facts = (origin.level, heading.genre, kind)
    if found is None:
        return _fallback(ruleset, kind, facts, origin.level_phrase)
    rule, named = found
    texts = (doc_no[0], remarks[0])
    evidence = [e for atom in named for e in atom.evidence(heading, origin, fields, texts)]
    return _decide(ruleset, rule, facts, evidence, rule.stage, rule.reason)


def classify_as_written(ruleset: RuleSetData, line: LineFacts) -> Decision:
    """The rules' conditions evaluated as written, node by node (conditions.py): for a rule set
    with a condition too complex for the table, and the reference the table is tested against."""
    ctx = line_context(ruleset, line)
    facts = (ctx.level, ctx.genre, ctx.kind)
    for rule in ruleset.rules_for(line.kind):
        evidence = rule.condition(ctx)
        if evidence is not None:
            return _decide(ruleset, rule, facts, evidence, rule.stage, rule.reason)
    return _fallback(ruleset, line.kind, facts, ctx.level_phrase)


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
