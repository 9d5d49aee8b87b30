"""The left navigation: every part of the platform, shown to the roles that may use it.

A part whose pages are not built yet is listed without a link and marked 建设中, so that nothing
looks as if it worked before it does.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from jianfu.org.access import has_perm


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str
    url_name: str | None  # None: not built yet
    permission: str


NAV_ITEMS: tuple[NavItem, ...] = (
    NavItem("home", _("首页"), "web:home", "home.view"),
    NavItem("ledgers", _("台账"), "ledgers:index", "ledger.view"),
    NavItem("filings", _("报备审批"), "filings:index", "filing.view"),
    NavItem("quotas", _("数额"), "filings:quotas", "quota.view"),
    NavItem("monitoring", _("监测分析"), "monitoring:dashboard", "monitoring.view"),
    NavItem("bulletins", _("通报"), "reports:index", "report.view"),
    NavItem("oversight", _("督导"), "supervision:index", "supervision.view"),
    NavItem("learning", _("学习培训"), "learning:index", "learning.view"),
    NavItem("rules", _("规则"), "rules:index", "rules.view"),
    NavItem("org", _("单位与用户"), "org:units", "unit.view"),
    NavItem("users", _("用户管理"), "org:users", "user.view"),
    NavItem("audit", _("审计日志"), "web:audit", "audit.view"),
    NavItem("apitokens", _("接口令牌"), "apitokens:index", "apitoken.manage"),
)


def nav_for(user, current: str = "") -> list[dict]:
    items = []
    for item in NAV_ITEMS:
        if not has_perm(user, item.permission):
            continue
        url = None
        if item.url_name:
            try:
                url = reverse(item.url_name)
            except NoReverseMatch:
                url = None
        items.append({
            "key": item.key,
            "label": item.label,
            "url": url,
            "built": url is not None,
            "active": item.key == current,
        })
    return items
