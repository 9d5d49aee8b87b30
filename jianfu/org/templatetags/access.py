"""`{% load access %}{% if request.user|can:"ledger.compare" %}`: templates ask the one
permission module too, so that a link is shown only to those who may follow it."""

from django import template

from jianfu.org.access import has_perm

register = template.Library()


@register.filter
def can(user, action: str) -> bool:
    return has_perm(user, action)
