"""The dual-ledger comparison (双台账比对): a unit's hand-made statistics ledger and how each of
its lines (and each counted line it lacks) compares with the derived statistics ledger."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from jianfu.org.models import County, Unit

__all__ = ["HandLedger", "HandLedgerLine", "Outcome"]


class Outcome(models.TextChoices):
    AGREED = "agreed", _("一致")
    MISSED = "missed", _("漏统")
    WRONG = "wrong", _("错统")
    NOT_IN_DAILY = "not_in_daily", _("日常台账无记录")
    DUPLICATE = "duplicate", _("手工台账重复")


class HandLedger(models.Model):
    """One uploaded hand-made statistics ledger of a unit for a period, with its result.

    accuracy = agreed / (agreed + missed + wrong + not_in_daily); None when all four are zero.
    """

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="hand_ledgers")
    date_from = models.DateField(_("起始日期"))
    date_to = models.DateField(_("截止日期"))
    filename = models.CharField(_("文件名"), max_length=255)
    stored_file = models.CharField(_("存储文件"), max_length=255, blank=True)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField(_("大小"), default=0)
    rows = models.PositiveIntegerField(_("手工台账行数"), default=0)
    outside_period = models.PositiveIntegerField(_("期间外行数"), default=0)
    agreed = models.PositiveIntegerField(_("一致"), default=0)
    missed = models.PositiveIntegerField(_("漏统"), default=0)
    wrong = models.PositiveIntegerField(_("错统"), default=0)
    not_in_daily = models.PositiveIntegerField(_("日常台账无记录"), default=0)
    duplicates = models.PositiveIntegerField(_("手工台账重复"), default=0)
    accuracy = models.FloatField(_("准确率"), null=True, blank=True)
    uploaded_by = models.CharField(_("上传人"), max_length=150, blank=True)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("手工统计台账")
        verbose_name_plural = _("手工统计台账")
        ordering = ["-id"]
        indexes = [models.Index(fields=["county", "unit", "uploaded_at"])]

    def __str__(self) -> str:
        return f"{self.filename}（{self.date_from}～{self.date_to}）"

    @property
    def accuracy_percent(self) -> str:
        """The rate as people read it: 83.3%（"—" when there was nothing to rate)."""
        return "—" if self.accuracy is None else f"{self.accuracy * 100:.1f}%"


class HandLedgerLine(models.Model):
    """One line of the comparison: a hand-made row, a derived line, or both when they matched."""

    hand_ledger = models.ForeignKey(HandLedger, on_delete=models.CASCADE, related_name="lines")
    outcome = models.CharField(_("比对结果"), max_length=16, choices=Outcome.choices)
    entry = models.ForeignKey(
        "ledgers.LedgerEntry", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # the hand-made row (empty for a missed line)
    sheet = models.CharField(_("工作表"), max_length=64, blank=True)
    row = models.PositiveIntegerField(_("行号"), null=True, blank=True)
    kind = models.CharField(_("类别"), max_length=4, blank=True)
    date = models.DateField(_("日期"), null=True, blank=True)
    doc_no = models.CharField(_("文号"), max_length=128, blank=True)
    title = models.CharField(_("标题"), max_length=500, blank=True)
    hand_category = models.CharField(_("手工统计类别"), max_length=32, blank=True)
    # how it matched and what the criteria say about the daily line
    method = models.CharField(_("匹配方式"), max_length=16, blank=True)
    score = models.FloatField(_("相似度"), null=True, blank=True)
    rule = models.CharField(_("规则"), max_length=16, blank=True)
    reason = models.CharField(_("理由"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("比对结果行")
        verbose_name_plural = _("比对结果行")
        ordering = ["id"]
        indexes = [models.Index(fields=["hand_ledger", "outcome"])]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} {self.title}"
