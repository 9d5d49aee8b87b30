"""Models of the monitoring part: the county's burden-in-hours model, alerts and reminders.

- `BurdenModel`: per county, the figures that turn what a township received (收文 / 参会 / 受检
  lines) into cadre-hours (see `burden.py` for the arithmetic and the documented defaults).
- `Alert`: raised by `alerts_scan` (idempotent upsert on `key`), each citing its rule code with a
  readable Chinese reason and the figures behind it; open until a later scan no longer finds it.
- `Reminder` (提醒): sent to a unit's principals (its leaders); counted in 人次 = one per
  recipient, so `recipient_count` is stored with the reminder.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jianfu.org.models import County, Unit


class BurdenModel(models.Model):
    """How many cadre-hours a received line costs a township (one row per county)."""

    county = models.OneToOneField(County, on_delete=models.CASCADE, related_name="+")
    minutes_per_kchar = models.DecimalField(
        _("阅读每千字（分钟）"), max_digits=6, decimal_places=1, default=8
    )
    minutes_per_document = models.DecimalField(
        _("无字数文件每件（分钟）"), max_digits=6, decimal_places=1, default=30
    )
    handling_minutes_per_document = models.DecimalField(
        _("每件文件办理（分钟）"), max_digits=6, decimal_places=1, default=30
    )
    default_meeting_minutes = models.PositiveIntegerField(_("会议默认时长（分钟）"), default=120)
    attendees_per_meeting = models.PositiveSmallIntegerField(_("每次参会人数"), default=1)
    level_weight_principal = models.DecimalField(
        _("主要负责同志权重"), max_digits=4, decimal_places=2, default=2
    )
    level_weight_deputy = models.DecimalField(
        _("分管负责同志权重"), max_digits=4, decimal_places=2, default=1.5
    )
    level_weight_staff = models.DecimalField(
        _("工作人员权重"), max_digits=4, decimal_places=2, default=1
    )
    travel_minutes_onsite = models.PositiveIntegerField(_("现场会往返（分钟）"), default=60)
    inspection_days = models.DecimalField(
        _("检查默认天数"), max_digits=4, decimal_places=1, default=1
    )
    inspection_hours_per_day = models.DecimalField(
        _("每天陪同（小时）"), max_digits=4, decimal_places=1, default=4
    )
    inspection_staff = models.PositiveSmallIntegerField(_("陪同人数"), default=2)
    materials_hours_per_item = models.DecimalField(
        _("每项材料准备（小时）"), max_digits=5, decimal_places=1, default=6
    )
    updated_by = models.CharField(max_length=150, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("负担工时模型")
        verbose_name_plural = _("负担工时模型")

    def __str__(self) -> str:
        return f"{self.county_id} burden model"


class Alert(models.Model):
    """One condition a rule found: quota use, pace, unfiled items, overtime, negative lists …"""

    class State(models.TextChoices):
        OPEN = "open", _("未关闭")
        CLOSED = "closed", _("已关闭")

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="alerts")
    rule = models.CharField(_("规则"), max_length=16)
    message = models.CharField(_("预警内容"), max_length=500)
    key = models.CharField(max_length=160)  # rule:unit:subject — the idempotency key
    year = models.PositiveSmallIntegerField(_("年度"))
    figures = models.JSONField(default=dict, blank=True)
    link = models.CharField(_("明细链接"), max_length=300, blank=True)
    status = models.CharField(_("状态"), max_length=8, choices=State.choices, default=State.OPEN)
    bulletin = models.BooleanField(_("拟通报"), default=False)
    first_seen = models.DateField(_("首次发现"))
    last_seen = models.DateField(_("最近发现"))
    closed_on = models.DateField(_("关闭日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("预警")
        verbose_name_plural = _("预警")
        ordering = ["-last_seen", "rule", "id"]
        constraints = [
            models.UniqueConstraint(fields=["county", "key"], name="alert_key_unique"),
        ]
        indexes = [
            models.Index(fields=["county", "status", "last_seen"]),
            models.Index(fields=["county", "unit", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.rule} {self.message}"


class Reminder(models.Model):
    """提醒: the coordinator reminds a unit's principals; each recipient is one 人次."""

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="reminders")
    alert = models.ForeignKey(
        Alert, null=True, blank=True, on_delete=models.SET_NULL, related_name="reminders"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_by_name = models.CharField(_("提醒人"), max_length=150, blank=True)
    to = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("提醒对象"), related_name="reminders_received"
    )
    recipient_count = models.PositiveSmallIntegerField(_("人次"), default=0)
    message = models.TextField(_("提醒内容"))
    bulletin = models.BooleanField(_("拟通报"), default=False)
    sent_at = models.DateTimeField(_("提醒时间"))
    acknowledged_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("提醒")
        verbose_name_plural = _("提醒")
        ordering = ["-sent_at", "-id"]
        indexes = [models.Index(fields=["county", "sent_at"])]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.sent_at:%Y-%m-%d}"
