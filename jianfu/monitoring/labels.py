"""The Chinese names of alert codes, for pages, reminder texts, notices and the bulletin.

Alert codes are either rule codes of the rule table (L-M-2, N-M-03 …: cited as they are, with
their name) or monitoring's own codes (QUOTA-80, EVASION …), which users never see raw."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# monitoring's own codes: shown by name only
OWN_LABELS = {
    "QUOTA-80": _("数额使用达 80%"),
    "QUOTA-100": _("数额使用达 100%"),
    "PACE": _("超过上年进度"),
    "UNFILED": _("未报备事项"),
    "TASK-OVERDUE": _("整改逾期"),
    "EVASION": _("规避统计"),
}
# rule codes of the rule table an alert may carry: cited with their name
RULE_CODE_LABELS = {
    "L-M-2": _("会议超时"),
    "L-I-1": _("计划外督检考"),
}
# every alert code with a name, in the order of the alert list's rule filter
RULE_LABELS = {**OWN_LABELS, **RULE_CODE_LABELS}


def alert_label(code: str) -> str:
    """The alert code in words: 规避统计 for EVASION, 会议超时 L-M-2 for a named rule code, the
    code itself for any other rule code (N-M-03 …, cited as the rule table names it)."""
    code = code or ""
    if code in OWN_LABELS:
        return str(OWN_LABELS[code])
    if code in RULE_CODE_LABELS:
        return f"{RULE_CODE_LABELS[code]} {code}"
    return code


def reminder_text(alert=None) -> str:
    """The prefilled text of a reminder: one short sentence naming what the alert is about (the
    alert's own text stays on the alert, linked from the reminder)."""
    if alert is None:
        return str(_("请贵单位对照减负要求，严格控制发文、会议和督查检查考核数量。"))
    label = alert_label(alert.rule)
    return str(_("贵单位出现“%(label)s”预警，请对照减负要求及时整改。") % {"label": label})
