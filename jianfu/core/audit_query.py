"""Reading the audit trail: what an audit administrator may see, filters, and the export rows."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.apps import apps
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .audit import ACTIONS
from .models import AuditEvent

RESULTS: dict[str, Any] = {
    "success": gettext_lazy("成功"),
    "failure": gettext_lazy("失败"),
}
CHANNEL_LABELS: dict[str, Any] = {
    "web": gettext_lazy("网页"),
    "api": gettext_lazy("接口"),
    "cli": gettext_lazy("命令行"),
    "job": gettext_lazy("后台任务"),
    "system": gettext_lazy("系统"),
}
# The most rows one export writes; the filter narrows a larger selection.
EXPORT_LIMIT = 100_000


@dataclass(frozen=True)
class AuditFilter:
    date_from: date | None = None
    date_to: date | None = None
    user: str = ""
    action: str = ""
    object_type: str = ""
    result: str = ""

    def as_dict(self) -> dict[str, str]:
        """The filter as plain text, for the export's own audit record."""
        return {
            key: value.isoformat() if isinstance(value, date) else value
            for key, value in self.__dict__.items()
            if value not in (None, "")
        }


def audit_visible(user: Any) -> QuerySet[AuditEvent]:
    """The records an audit administrator may read: those of their county and those that belong
    to no county (failed logins of unknown names, commands run on the server)."""
    queryset = AuditEvent.objects.all()
    county_id = getattr(user, "county_id", None)
    if county_id:
        queryset = queryset.filter(Q(county_id=county_id) | Q(county_id__isnull=True))
    return queryset


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_filter(queryset: QuerySet[AuditEvent], flt: AuditFilter) -> QuerySet[AuditEvent]:
    if flt.date_from:
        queryset = queryset.filter(at__gte=_day_start(flt.date_from))
    if flt.date_to:
        queryset = queryset.filter(at__lt=_day_start(flt.date_to + timedelta(days=1)))
    if flt.user:
        queryset = queryset.filter(username__icontains=flt.user.strip())
    if flt.action:
        queryset = queryset.filter(action=flt.action)
    if flt.object_type:
        queryset = queryset.filter(object_type=flt.object_type)
    if flt.result:
        queryset = queryset.filter(result=flt.result)
    return queryset.order_by("-id")


def object_type_label(object_type: str) -> str:
    """`org.user` -> 用户 (the model's name in Chinese), else the type as stored."""
    if not object_type:
        return ""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return object_type
    return str(model._meta.verbose_name)


def object_type_choices(queryset: QuerySet[AuditEvent]) -> list[tuple[str, str]]:
    types = (
        queryset.exclude(object_type="")
        .order_by("object_type")
        .values_list("object_type", flat=True)
        .distinct()
    )
    return [(t, f"{object_type_label(t)}（{t}）") for t in types]


def action_label(action: str) -> str:
    return str(ACTIONS.get(action, action))


def result_label(result: str) -> str:
    return str(RESULTS.get(result, result))


def audit_changes(event: AuditEvent) -> list[dict[str, Any]]:
    """Field by field: the value before, the value after, and whether it changed."""
    if not isinstance(event.before or {}, dict) or not isinstance(event.after or {}, dict):
        # Not a field snapshot (a list or a plain value): shown whole.
        return [
            {
                "field": "",
                "before": event.before,
                "after": event.after,
                "changed": event.before != event.after,
            }
        ]
    before = event.before or {}
    after = event.after or {}
    keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
    return [
        {
            "field": key,
            "before": before.get(key, ""),
            "after": after.get(key, ""),
            "changed": before.get(key) != after.get(key),
        }
        for key in keys
    ]


def export_headers() -> list[str]:
    return [
        _("编号"),
        _("时间"),
        _("用户"),
        _("单位"),
        _("IP 地址"),
        _("渠道"),
        _("事件"),
        _("对象类型"),
        _("对象编号"),
        _("对象"),
        _("结果"),
        _("变更前"),
        _("变更后"),
        _("请求编号"),
        _("哈希"),
    ]


def export_rows(
    queryset: QuerySet[AuditEvent], unit_names: dict[int, str] | None = None
) -> Iterator[list[Any]]:
    """The rows of an export, as text a spreadsheet shows (local time, Chinese labels).
    `unit_names` maps unit ids to names (the trail keeps ids; units live in a higher layer)."""
    unit_names = unit_names or {}
    for event in queryset[:EXPORT_LIMIT].iterator(chunk_size=2000):
        yield [
            event.id,
            timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M:%S"),
            event.username,
            unit_names.get(event.unit_id, event.unit_id) if event.unit_id else "",
            event.ip or "",
            str(CHANNEL_LABELS.get(event.channel, event.channel)),
            action_label(event.action),
            object_type_label(event.object_type),
            event.object_id,
            event.object_repr,
            result_label(event.result),
            json.dumps(event.before, ensure_ascii=False) if event.before is not None else "",
            json.dumps(event.after, ensure_ascii=False) if event.after is not None else "",
            event.request_id,
            event.hash,
        ]
