"""`{{ checks|check_table:check_texts }}`: check results as the table rows of `_checks.html`."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

RESULT_TAGS = {
    "pass": ("tag-green", _("通过")),
    "fail": ("tag-red", _("不通过")),
    "declare": ("tag-orange", _("须申报")),
}


@register.filter
def check_table(checks, texts=None) -> list[dict]:
    """Each check with its rule text (hover), the colour and the word for its result."""
    texts = texts or {}
    rows = []
    for c in checks or []:
        if not isinstance(c, dict):
            continue
        tag, word = RESULT_TAGS.get(c.get("result"), ("tag-grey", c.get("result", "")))
        rows.append({**c, "text": texts.get(c.get("code"), ""), "tag": tag, "word": word})
    return rows
