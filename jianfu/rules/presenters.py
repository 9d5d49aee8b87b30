"""How a rule set is shown: rules grouped by section (来源 / 发文 / 会议 / 督检考), then the spec
limits (规格) and the negative lists (负面清单). Plain data for the templates."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .data import RuleSetData

RULE_SECTIONS = ("originator", "documents", "meetings", "inspections")


@dataclass
class SectionView:
    key: str
    label: str
    kind: str  # rules | limits | negatives
    rows: list = field(default_factory=list)
    groups: list = field(default_factory=list)  # negatives: [(list label, [items])]


def _params(params: dict) -> str:
    return "；".join(
        f"{k}={'、'.join(map(str, v)) if isinstance(v, list) else v}" for k, v in params.items()
    )


def ruleset_sections(data: RuleSetData) -> list[SectionView]:
    labels = data.section_labels
    sections = []
    for key in RULE_SECTIONS:
        rows = [
            {
                "code": r.code,
                "text": r.text,
                "counted": r.counted,
                "quota_charged": r.counted and r.quota_charged,
                "category": r.category.replace("{level}", _("按发起单位级别")),
                "stage": data.stage_labels.get(r.stage, r.stage),
                "kinds": "、".join(r.kinds),
            }
            for r in data.rules
            if r.section == key
        ]
        if rows:
            sections.append(SectionView(key, labels.get(key, key), "rules", rows))
    limits = [
        {
            "code": x.code,
            "text": x.text,
            "params": _params(x.params),
            "source": x.source,
            "section": labels.get(x.section, x.section),
        }
        for x in data.limits
    ]
    sections.append(SectionView("limits", labels.get("limits", "limits"), "limits", limits))
    groups = []
    for list_key, list_label in data.negative_lists.items():
        items = [n for n in data.negatives if n.list == list_key]
        if items:
            groups.append((list_label, items))
    sections.append(
        SectionView("negatives", labels.get("negatives", "negatives"), "negatives", groups=groups)
    )
    return sections
