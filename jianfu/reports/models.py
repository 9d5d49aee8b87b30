"""Stored, versioned reports: each generation of a period's analysis is one `Report` row.

Generating the same kind and period again makes version n + 1; earlier versions stay and can
still be downloaded (a bulletin that was sent out must remain what it was). The figures are kept
as the JSON the command prints (DESIGN.md 5.6); the .docx and .xlsx are files under MEDIA_ROOT
with server-generated names and their SHA-256.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jianfu.org.models import County


class ReportKind(models.TextChoices):
    WEEKLY = "weekly", _("每周一分析")
    MONTHLY = "monthly", _("每月一研判")
    QUARTERLY = "quarterly", _("每季一通报")


class Report(models.Model):
    class Status(models.TextChoices):
        GENERATING = "generating", _("生成中")
        READY = "ready", _("已生成")
        FAILED = "failed", _("生成失败")

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类型"), max_length=16, choices=ReportKind.choices)
    period = models.CharField(_("期间"), max_length=16)  # 2025-W32 / 2025-08 / 2025-Q3
    period_start = models.DateField(_("起始日期"))
    period_end = models.DateField(_("截止日期"))
    version = models.PositiveIntegerField(_("版本"), default=1)
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.GENERATING
    )
    doc_no = models.CharField(_("文号"), max_length=64, blank=True)
    title = models.CharField(_("标题"), max_length=255, blank=True)
    figures = models.JSONField(_("数据"), default=dict, blank=True)
    docx_file = models.CharField(max_length=255, blank=True)
    docx_sha256 = models.CharField(max_length=64, blank=True)
    docx_size = models.PositiveIntegerField(default=0)
    xlsx_file = models.CharField(max_length=255, blank=True)
    xlsx_sha256 = models.CharField(max_length=64, blank=True)
    xlsx_size = models.PositiveIntegerField(default=0)
    error = models.CharField(_("错误"), max_length=500, blank=True)
    channel = models.CharField(_("方式"), max_length=8, default="web")  # web / cli / job
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    generated_by_name = models.CharField(_("生成人"), max_length=150, blank=True)
    generated_at = models.DateTimeField(_("生成时间"), auto_now_add=True)
    seconds = models.FloatField(_("用时（秒）"), default=0)

    class Meta:
        verbose_name = _("分析通报")
        verbose_name_plural = _("分析通报")
        ordering = ["-period_end", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["county", "kind", "period", "version"], name="report_version_unique"
            ),
        ]
        indexes = [models.Index(fields=["county", "kind", "period_end"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period} v{self.version}"

    @property
    def generated_by_label(self) -> str:
        """Who generated it, for people: a command run by an operating-system user (recorded as
        `os:<name>` for the audit trail) reads 命令行（<name>）."""
        name = self.generated_by_name
        if name.startswith("os:"):
            return _("命令行（%(name)s）") % {"name": name[3:]}
        return name
