"""What the project's management commands share: the county they act on and date options.

Usage errors leave with exit status 2 (DESIGN.md 5: 0 success, 1 input refused, 2 usage).
"""

from __future__ import annotations

from datetime import date

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from .models import County


def command_county(code: str | None) -> County:
    """The county named by --county, or the only one there is."""
    if code:
        county = County.objects.filter(code=code).first()
        if county is None:
            raise CommandError(_("县（区）“%(code)s”不存在。") % {"code": code}, returncode=2)
        return county
    counties = list(County.objects.order_by("code")[:2])
    if len(counties) == 1:
        return counties[0]
    if not counties:
        raise CommandError(
            _("数据库中还没有县（区）：请先导入单位或运行 jianfu demo。"), returncode=2
        )
    raise CommandError(_("有多个县（区），请用 --county CODE 指定。"), returncode=2)


def command_date(value: str | None, option: str) -> date | None:
    """A YYYY-MM-DD option value, or None when not given."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(
            _("%(option)s 须为 YYYY-MM-DD 格式的日期：%(value)s")
            % {"option": option, "value": value},
            returncode=2,
        ) from exc


def error_line(sheet: str, row: int | None, column: str, value: str, message: str) -> str:
    """One problem of a workbook as a command prints it: `收文 第 12 行 “日期”列（2025-02-30）：…`,
    or the message alone when it has no place."""
    where = (sheet or "") + (f" 第 {row} 行" if row else "")
    place = f"{where} {f'“{column}”列' if column else ''}{f'（{value}）' if value else ''}".strip()
    return f"{place}：{message}" if place else message
