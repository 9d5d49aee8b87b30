"""Shared steps of the workflow tests."""

from __future__ import annotations

from jianfu.core.actor import Actor
from jianfu.filings.models import Filing
from jianfu.filings.services.checks import declare_codes, filing_checks_run
from jianfu.filings.services.workflow import filing_decide, filing_submit


def actor(user) -> Actor:
    return Actor(channel="web", user=user, username=user.username)


def declare_all(filing: Filing) -> Filing:
    """Answer every `declare` item the checks raise (the applicant's declarations)."""
    checks = filing_checks_run(filing)
    filing.declarations = {code: {"ok": True, "note": ""} for code in declare_codes(checks)}
    Filing.objects.filter(pk=filing.pk).update(declarations=filing.declarations)
    return filing


def submit(filing: Filing, clerk) -> Filing:
    declare_all(filing)
    return filing_submit(actor=actor(clerk), filing=filing)


def decide(filing: Filing, user, action: str = "pass", comment: str = "", **kw) -> Filing:
    filing.refresh_from_db()
    return filing_decide(
        actor=actor(user),
        filing=filing,
        seen_version=filing.version,
        action=action,
        comment=comment,
        **kw,
    )


def approve_fully(filing: Filing, users) -> Filing:
    """Department meeting route: leader → coordinator → approver."""
    submit(filing, users["clerk_ny"])
    decide(filing, users["leader_ny"])
    decide(filing, users["coordinator"])
    return decide(filing, users["approver"])
