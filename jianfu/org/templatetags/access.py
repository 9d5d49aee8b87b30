"""`{% load access %}{% if request.user|can:"ledger.compare" %}`: templates ask the one
permission module too, so that a link is shown only to those who may follow it."""

from django import template

from jianfu.org.access import has_perm

register = template.Library()


@register.filter
def can(user, action: str) -> bool:
    return has_perm(user, action)


@register.filter
def person(username: str, names: dict | None) -> str:
    """`{{ batch.created_by|person:names }}` with `names` from org.people.names_of."""
    if not username:
        return ""
    return (names or {}).get(username) or username
