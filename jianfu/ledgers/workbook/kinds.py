"""Deciding what kind of ledger line a sheet (or a row) holds. Pure.

Precedence, first that answers wins:

1. a 类别 column: each row's own value (收文 发文 参会 办会 受检 督查, or a sheet-name-like word
   such as 来文); a row whose 类别 is empty takes the sheet's kind from the steps below, and is an
   error when there is none;
2. the sheet name, when it names one kind (收文, 收文登记, 来文, 发文登记, 参会台账, 办会, 受检情况,
   督查 …; a year or 台账/登记/情况 around the word does not matter);
3. the sheet name, when it names a family but not the direction (会议, 会议台账, 督查检查考核,
   督检考, 检查, 收发文): the counterpart column decides — who sent, convened or carried it out
   (来文单位, 召集单位, 主办单位, 实施单位, 检查单位, 牵头单位, 督查单位 …) means the unit received,
   attended or was inspected (收文, 参会, 受检); whom it was for (主送单位, 参会单位, 检查对象 …)
   means the unit sent, held or carried it out (发文, 办会, 督查);
4. a sheet name that says nothing (Sheet1): the family from the header words (会议名称, 会议形式,
   时长 → meetings; 检查类型, 检查对象, 检查单位 → inspections; 文号, 文种, 收文日期 → documents;
   meeting and inspection words win over document words, since meeting and inspection ledgers
   often carry the notice's 文号), then the direction as in 3.

Otherwise the kind is undetermined: a sheet-level error naming the sheet. Every decision carries
a reason in Chinese for the import preview.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from .headers import COUNTERPART_DIRECTION, normalize_header
from .types import KINDS, Column

# family → (kind when the unit received / attended / was inspected, kind when it produced)
FAMILY_KINDS: dict[str, tuple[str, str]] = {
    "document": ("收文", "发文"),
    "meeting": ("参会", "办会"),
    "inspection": ("受检", "督查"),
}
FAMILY_NAMES = {"document": "公文", "meeting": "会议", "inspection": "督查检查考核"}
KIND_FAMILY = {kind: family for family, kinds in FAMILY_KINDS.items() for kind in kinds}

# Searched in this order; a keyword found is cut out of the name before the next is tried, so
# that 接受督查 is 受检 and not also 督查.
NAME_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("收发文", "document"),
    ("督查检查考核", "inspection"),
    ("督检考", "inspection"),
    ("督查检查", "inspection"),
    ("检查考核", "inspection"),
    ("督查考核", "inspection"),
    ("接受督查", "受检"),
    ("接受检查", "受检"),
    ("被检查", "受检"),
    ("受检", "受检"),
    ("迎检", "受检"),
    ("收文", "收文"),
    ("来文", "收文"),
    ("发文", "发文"),
    ("参加会议", "参会"),
    ("参会", "参会"),
    ("办会", "办会"),
    ("召开会议", "办会"),
    ("组织会议", "办会"),
    ("主办会议", "办会"),
    ("督查", "督查"),
    ("会议", "meeting"),
    ("检查", "inspection"),
    ("考核", "inspection"),
)

_MEETING_HEADERS = frozenset(
    {"会议日期", "会议时间", "开会时间", "召开时间", "召开日期", "会议名称", "会议形式", "形式",
     "时长", "会议时长", "召集单位", "参会单位"}
)  # fmt: skip
_INSPECTION_HEADERS = frozenset(
    {
        "检查日期",
        "检查时间",
        "考核时间",
        "调研时间",
        "检查类型",
        "检查单位",
        "检查对象",
        "督查单位",
        "实施单位",
        "是否要求提供材料",
        "要求提供材料",
    }
)
_DOCUMENT_HEADERS = frozenset(
    {
        "文号",
        "发文字号",
        "来文字号",
        "文件编号",
        "文种",
        "收文日期",
        "发文日期",
        "收文时间",
        "发文时间",
        "来文时间",
        "印发日期",
        "成文时间",
        "文件字号",
        "文件题目",
        "题名",
        "来文单位",
        "来文机关",
        "发文机关",
        "文件标题",
        "文件名称",
        "主送单位",
        "主送",
        "发送范围",
    }
)

KIND_CHOICES = "、".join(KINDS)


@dataclass(frozen=True, slots=True)
class KindDecision:
    """The sheet's kind (None when undetermined), why, and the counterpart direction seen."""

    kind: str | None
    reason: str
    direction: str | None  # "in", "out" or None (no or conflicting counterpart columns)
    direction_reason: str


def name_kind(name: str) -> str | None:
    """The kind ("收文" …) or family ("meeting" …) a sheet name or 类别 value names, or None."""
    text = unicodedata.normalize("NFKC", name).replace(" ", "")
    found: set[str] = set()
    for keyword, result in NAME_KEYWORDS:
        if keyword in text:
            found.add(result)
            text = text.replace(keyword, "|")
    if not found:
        return None
    families = {KIND_FAMILY.get(item, item) for item in found}
    if len(families) > 1:
        return None
    if len(found) == 1:
        return found.pop()
    return families.pop()  # e.g. 收文 and 发文 both named: the family only


def counterpart_direction(columns: list[Column]) -> tuple[str | None, str]:
    """The direction the counterpart columns give, and a reason naming them."""
    seen: dict[str, list[str]] = {"in": [], "out": []}
    for column in columns:
        if column.field == "counterpart":
            direction = COUNTERPART_DIRECTION.get(normalize_header(column.header).key)
            if direction:
                seen[direction].append(column.header)
    if seen["in"] and seen["out"]:
        return None, (
            f"表头同时有“{'、'.join(seen['in'])}”（由谁发出或召集、实施）和"
            f"“{'、'.join(seen['out'])}”（发给谁或对谁开展）"
        )
    if seen["in"]:
        return "in", f"表头有“{'、'.join(seen['in'])}”（由谁发出或召集、实施）"
    if seen["out"]:
        return "out", f"表头有“{'、'.join(seen['out'])}”（发给谁或对谁开展）"
    return None, "表头没有来文、召集、实施单位或主送、参会、检查对象等单位列"


def header_family(columns: list[Column]) -> tuple[str | None, list[str]]:
    """The family the header words point to (meeting/inspection beat document), with evidence."""
    keys = {normalize_header(column.header).key: column.header for column in columns}
    meeting = [keys[k] for k in keys if k in _MEETING_HEADERS]
    inspection = [keys[k] for k in keys if k in _INSPECTION_HEADERS]
    document = [keys[k] for k in keys if k in _DOCUMENT_HEADERS]
    if meeting and inspection:
        return None, meeting + inspection
    if meeting:
        return "meeting", meeting
    if inspection:
        return "inspection", inspection
    if document:
        return "document", document
    return None, []


def _by_direction(family: str, direction: str | None) -> str | None:
    if direction is None:
        return None
    received, produced = FAMILY_KINDS[family]
    return received if direction == "in" else produced


def decide_sheet_kind(sheet_name: str, columns: list[Column]) -> KindDecision:
    """Steps 2–4 of the module docstring for one sheet (the 类别 column is handled per row)."""
    direction, direction_reason = counterpart_direction(columns)
    named = name_kind(sheet_name)
    if named in KIND_FAMILY:
        return KindDecision(
            named, f"工作表名称“{sheet_name}”表明为{named}", direction, direction_reason
        )
    if named in FAMILY_KINDS:
        family_name = FAMILY_NAMES[named]
        kind = _by_direction(named, direction)
        if kind:
            return KindDecision(
                kind,
                f"工作表名称“{sheet_name}”只表明是{family_name}，未表明方向；"
                f"{direction_reason}，故为{kind}",
                direction,
                direction_reason,
            )
        received, produced = FAMILY_KINDS[named]
        return KindDecision(
            None,
            f"工作表名称“{sheet_name}”只表明是{family_name}，未表明是{received}还是{produced}，"
            f"且{direction_reason}",
            direction,
            direction_reason,
        )
    family, evidence = header_family(columns)
    if family is None:
        why = (
            f"表头“{'、'.join(evidence)}”同时像会议和督查检查考核"
            if evidence
            else "表头也看不出是公文、会议还是督查检查考核"
        )
        return KindDecision(
            None, f"工作表名称“{sheet_name}”未表明类别，{why}", direction, direction_reason
        )
    kind = _by_direction(family, direction)
    family_name = FAMILY_NAMES[family]
    if kind is None:
        received, produced = FAMILY_KINDS[family]
        return KindDecision(
            None,
            f"工作表名称“{sheet_name}”未表明类别；表头“{'、'.join(evidence)}”表明是{family_name}，"
            f"但无法判断是{received}还是{produced}：{direction_reason}",
            direction,
            direction_reason,
        )
    return KindDecision(
        kind,
        f"工作表名称“{sheet_name}”未表明类别；根据表头推断：“{'、'.join(evidence)}”表明是"
        f"{family_name}，{direction_reason}，故为{kind}",
        direction,
        direction_reason,
    )


def undetermined_message(sheet_name: str, reason: str) -> str:
    return (
        f"无法确定工作表“{sheet_name}”的台账类别（{reason}）。请将工作表命名为"
        f"{KIND_CHOICES}之一，或增加“类别”列逐行填写"
    )


def category_kind(value: str, direction: str | None) -> str | None:
    """The kind a 类别 cell names; a family word (会议) needs the sheet's counterpart direction."""
    named = name_kind(value)
    if named in KIND_FAMILY:
        return named
    if named in FAMILY_KINDS:
        return _by_direction(named, direction)
    return None


def category_message(value: str) -> str:
    """Why a 类别 cell could not be read, and what to write instead."""
    named = name_kind(value)
    if named in FAMILY_KINDS:
        received, produced = FAMILY_KINDS[named]
        return f"类别“{value}”未表明是{received}还是{produced}，请填写{received}或{produced}"
    return f"无法识别的类别“{value}”，请填写{KIND_CHOICES}之一"
