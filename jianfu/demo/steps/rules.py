"""Demo step for the rule set: the county gets the default rule set (DESIGN.md 3, RuleSet)."""

from __future__ import annotations

from jianfu.core.actor import Actor
from jianfu.org.models import County
from jianfu.rules.models import RuleSet
from jianfu.rules.services import ruleset_ensure_default

from ..context import DemoContext


def _ensure_rules(county: County, *, actor: Actor | None = None) -> int:
    """Give the county the default rule set unless it has one; return the rule sets created.

    The rules service records its own audit entry (`config`) when it stores a version.
    """
    had_one = RuleSet.objects.filter(county=county).exists()
    ruleset_ensure_default(county, actor=actor)
    return 0 if had_one else 1


def rules_ensure(ctx: DemoContext) -> None:
    ctx.count("rules", _ensure_rules(ctx.require_county(), actor=ctx.actor))
