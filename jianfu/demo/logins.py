"""The demo logins table: who can sign in to the demo county, as what, with which password."""

from __future__ import annotations

import unicodedata
from dataclasses import asdict, dataclass

from django.utils.translation import gettext as _

from jianfu.org.models import Role, User

from .data import COUNTY_CODE, DEMO_PASSWORD, USERS


@dataclass(frozen=True)
class DemoLogin:
    username: str
    name: str
    role: str
    role_label: str
    unit: str
    title: str
    password: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def demo_logins() -> list[DemoLogin]:
    """The demo accounts that exist in the database, in the demo's order. Reads only."""
    accounts = (
        User.objects.filter(county__code=COUNTY_CODE)
        .select_related("unit")
        .in_bulk([spec.username for spec in USERS], field_name="username")
    )
    rows = []
    for spec in USERS:
        user = accounts.get(spec.username)
        if user is None:
            continue
        rows.append(
            DemoLogin(
                username=user.username,
                name=user.display_name,
                role=user.role,
                role_label=str(Role(user.role).label),
                unit=user.unit.name if user.unit else "",
                title=user.title,
                password=DEMO_PASSWORD,
            )
        )
    return rows


def _width(text: str) -> int:
    """Columns a terminal gives the text: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def logins_table(rows: list[DemoLogin]) -> str:
    """A plain-text table, columns aligned also for Chinese text."""
    headers = [_("用户名"), _("姓名"), _("角色"), _("单位"), _("职务"), _("密码")]
    body = [[r.username, r.name, r.role_label, r.unit, r.title, r.password] for r in rows]
    widths = [max(_width(str(c)) for c in col) for col in zip(headers, *body, strict=False)]
    lines = [
        "  ".join(_pad(str(c), w) for c, w in zip(row, widths, strict=True)).rstrip()
        for row in [headers, *body]
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
