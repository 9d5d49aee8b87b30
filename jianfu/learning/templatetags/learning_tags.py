"""Template filters of the learning pages."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def percent(rate):
    """0.8333 → 83.3%; None → —."""
    return "—" if rate is None else f"{rate * 100:.1f}%"


@register.filter
def signed(value):
    return "—" if value is None else f"{value:+.1f}"
