"""Signals of the rules app, for the parts above it (imports point down, ADR 0001)."""

from __future__ import annotations

import logging

from django.dispatch import Signal
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# Sent by the rule-set page and `jianfu rules import` once a new version is stored, with
# `ruleset` (the new RuleSet) and `actor`. Each receiver answers with one sentence in Chinese
# saying what it did about it, which the page or the command shows: the ledgers re-derive the
# lines the new version now decides (ledgers/services/rederive.py).
ruleset_imported = Signal()


def announce_import(ruleset: object, actor: object) -> list[str]:
    """Send `ruleset_imported`; the receivers' sentences. The version is stored whatever a
    receiver does: one that fails is logged and said to have failed."""
    said = []
    for receiver, answer in ruleset_imported.send_robust(
        sender=type(ruleset), ruleset=ruleset, actor=actor
    ):
        if isinstance(answer, Exception):
            logger.error("%r failed after a rule-set import", receiver, exc_info=answer)
            said.append(
                _("按新口径重新判定台账条目时出错（已记录），请到“台账 › 口径变动”手动重新判定。")
            )
        elif answer:
            said.append(str(answer))
    return said
