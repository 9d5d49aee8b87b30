"""`{% inbox_count request.user as n %}`: how many filings wait for the user's decision (the
待我审批 tab shows it)."""

from __future__ import annotations

from django import template

from ..selectors.workflow import filings_waiting_for

register = template.Library()


@register.simple_tag
def inbox_count(user) -> int:
    return len(filings_waiting_for(user))
