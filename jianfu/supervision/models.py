"""Models of the supervision part: the groups (督导组) with their members and assigned units,
on-site visits with their findings, rectification tasks (限期整改), the units' responses with
evidence, and the group's verification.

A group's assigned units are also written to `User.assigned_units` of its members: that link is
the one source of the inspectors' data scope (`jianfu.org.access.visible_units`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jianfu.org.models import County, Unit

from .status import TaskStatus

__all__ = [
    "Finding",
    "RectificationTask",
    "Severity",
    "SupervisionGroup",
    "TaskEvidence",
    "TaskResponse",
    "TaskStatus",
    "Visit",
]


class SupervisionGroup(models.Model):
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("督导组名称"), max_length=64)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("组长"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_supervision_groups",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("成员"),
        blank=True,
        related_name="supervision_groups",
    )
    units = models.ManyToManyField(
        Unit, verbose_name=_("联系单位"), blank=True, related_name="supervision_groups"
    )
    # the basis of the assignment (分系统、分片区), kept so that it can be shown and re-applied
    systems = models.JSONField(_("联系系统"), default=list, blank=True)
    areas = models.JSONField(_("联系片区"), default=list, blank=True)
    note = models.CharField(_("备注"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("督导组")
        verbose_name_plural = _("督导组")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["county", "name"], name="supervision_group_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Visit(models.Model):
    """One on-site visit (实地督导) of a group to a unit."""

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+")
    group = models.ForeignKey(
        SupervisionGroup, verbose_name=_("督导组"), on_delete=models.PROTECT, related_name="visits"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("被督导单位"), on_delete=models.PROTECT, related_name="visits"
    )
    date = models.DateField(_("督导日期"))
    members_present = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("参加人员"), blank=True, related_name="+"
    )
    checked = models.TextField(_("督导内容"), max_length=2000)
    summary = models.TextField(_("总体情况"), max_length=4000, blank=True)
    recorded_by = models.CharField(_("记录人"), max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("督导记录")
        verbose_name_plural = _("督导记录")
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["county", "date"]),
            models.Index(fields=["county", "unit", "date"]),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.unit}"


class Severity(models.TextChoices):
    MINOR = "minor", _("一般")
    MAJOR = "major", _("较重")
    SEVERE = "severe", _("严重")


class Finding(models.Model):
    """One problem a visit found (发现问题)."""

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+")
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="findings")
    position = models.PositiveSmallIntegerField(default=1)
    text = models.TextField(_("问题描述"), max_length=2000)
    severity = models.CharField(
        _("严重程度"), max_length=8, choices=Severity.choices, default=Severity.MINOR
    )

    class Meta:
        verbose_name = _("发现问题")
        verbose_name_plural = _("发现问题")
        ordering = ["visit_id", "position", "id"]

    def __str__(self) -> str:
        return self.text[:40]


class RectificationTask(models.Model):
    """A rectification task (限期整改) made of one finding, for the visited unit."""

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+")
    finding = models.OneToOneField(
        Finding, on_delete=models.PROTECT, related_name="task", verbose_name=_("问题")
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("整改单位"),
        on_delete=models.PROTECT,
        related_name="rectification_tasks",
    )
    group = models.ForeignKey(
        SupervisionGroup, verbose_name=_("督导组"), on_delete=models.PROTECT, related_name="tasks"
    )
    title = models.CharField(_("整改事项"), max_length=200)
    requirement = models.TextField(_("整改要求"), max_length=2000, blank=True)
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("责任人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    responsible_name = models.CharField(_("责任人"), max_length=64, blank=True)
    deadline = models.DateField(_("整改期限"))
    status = models.CharField(
        _("状态"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("核验人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("销号时间"), null=True, blank=True)
    verify_comment = models.TextField(_("核验意见"), max_length=1000, blank=True)
    created_by = models.CharField(_("下达人"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("下达时间"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("整改任务")
        verbose_name_plural = _("整改任务")
        ordering = ["deadline", "id"]
        indexes = [
            models.Index(fields=["county", "status", "deadline"]),
            models.Index(fields=["county", "unit", "status"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def responsible(self) -> str:
        if self.responsible_user_id:
            return str(self.responsible_user)
        return self.responsible_name


class TaskResponse(models.Model):
    """What the unit reports it did (整改反馈), and the group's answer to it."""

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+")
    task = models.ForeignKey(RectificationTask, on_delete=models.CASCADE, related_name="responses")
    text = models.TextField(_("整改情况"), max_length=4000)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    responded_at = models.DateTimeField(_("反馈时间"), default=timezone.now, editable=False)
    # the group's decision on this response: "" (pending), "verified" or "returned"
    outcome = models.CharField(_("核验结果"), max_length=12, blank=True)
    outcome_comment = models.TextField(_("核验意见"), max_length=1000, blank=True)
    outcome_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("整改反馈")
        verbose_name_plural = _("整改反馈")
        ordering = ["task_id", "id"]

    def __str__(self) -> str:
        return self.text[:40]


class TaskEvidence(models.Model):
    """One evidence file (佐证材料) of a response, kept under MEDIA_ROOT with a server name."""

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+")
    response = models.ForeignKey(TaskResponse, on_delete=models.CASCADE, related_name="evidence")
    filename = models.CharField(_("文件名"), max_length=255)
    stored_file = models.CharField(max_length=255)
    kind = models.CharField(_("类型"), max_length=8)  # pdf docx xlsx jpg png, by content
    size = models.PositiveBigIntegerField(_("大小"))
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.filename
