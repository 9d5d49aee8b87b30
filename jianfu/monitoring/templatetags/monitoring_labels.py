"""Template helpers of the monitoring pages: an alert code in words (`{{ a.rule|alert_label }}`),
a drill-down link to the ledger lines behind a figure (`{% ledger_url ... %}`), the sections of a
row that are over quota (`r.sections|over_only`) and a list's ids (`points|ids`)."""

from django import template

from .. import links
from ..labels import alert_label as _alert_label

register = template.Library()


@register.filter
def alert_label(code: str) -> str:
    return _alert_label(code)


@register.simple_tag
def ledger_url(*, kind="", received=False, **kwargs) -> str:
    """`{% ledger_url unit_id=p.unit_id kind="收文" start=period.start end=period.end %}`;
    `received=True`: the three received kinds; `counterpart_unit=0` an unrecognised sender."""
    return links.ledger_lines_url(kind=links.RECEIVED if received else kind, **kwargs)


@register.filter
def over_only(sections) -> list:
    return [s for s in sections or [] if s.get("over")]


@register.filter
def ids(rows, key: str = "unit_id") -> list:
    return [r[key] for r in rows or []]
