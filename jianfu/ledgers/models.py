"""The dual ledgers: every unit's daily work ledger (日常工作台账) and its import batches.

The statistics ledger (统计台账) is not a second table: it is the daily ledger's decision columns
(counted, quota_charged, category, rule, reason), derived by the rule set and re-derived when the
rule set changes (each change kept in `DecisionChange`, so a reclassification is never mistaken for
a real reduction).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from jianfu.org.models import County, Unit

from .fields import LineKeyField


class Kind(models.TextChoices):
    RECEIVED_DOC = "收文", _("收文")
    ISSUED_DOC = "发文", _("发文")
    ATTENDED = "参会", _("参会")
    HELD = "办会", _("办会")
    INSPECTED = "受检", _("受检")
    INSPECTING = "督查", _("督查")


RECEIVED_KINDS = frozenset({Kind.RECEIVED_DOC, Kind.ATTENDED, Kind.INSPECTED})
PRODUCED_KINDS = frozenset({Kind.ISSUED_DOC, Kind.HELD, Kind.INSPECTING})


class Source(models.TextChoices):
    FORM = "form", _("网页录入")
    IMPORT = "import", _("Excel 导入")
    API = "api", _("接口推送")
    DEMO = "demo", _("演示数据")


class Level(models.TextChoices):
    HIGHER = "higher", _("上级")
    COUNTY = "county", _("县级")
    DEPARTMENT = "department", _("部门")
    TOWNSHIP = "township", _("乡镇")
    UNKNOWN = "unknown", _("未识别")


class ImportBatch(models.Model):
    """One workbook a unit imported (or tried to): the original file is kept with it."""

    class Status(models.TextChoices):
        PREVIEW = "preview", _("待确认")
        COMMITTED = "committed", _("已导入")
        REFUSED = "refused", _("已拒绝")
        CANCELLED = "cancelled", _("已取消")

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="ledger_batches")
    filename = models.CharField(_("文件名"), max_length=255)
    stored_file = models.CharField(_("存储文件"), max_length=255, blank=True)
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveBigIntegerField(_("大小"), default=0)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices)
    partial = models.BooleanField(_("仅导入有效行"), default=False)
    rows = models.PositiveIntegerField(_("读取行数"), default=0)
    imported = models.PositiveIntegerField(_("导入行数"), default=0)
    duplicates = models.PositiveIntegerField(_("重复行数"), default=0)
    error_count = models.PositiveIntegerField(_("错误行数"), default=0)
    errors = models.JSONField(_("错误"), default=list, blank=True)
    channel = models.CharField(_("渠道"), max_length=16, default="web")
    # progress of a running import, polled by the browser: stage (read / classify / store / done)
    progress_stage = models.CharField(max_length=16, blank=True)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    created_by = models.CharField(_("导入人"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("导入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("导入批次")
        verbose_name_plural = _("导入批次")
        ordering = ["-id"]
        indexes = [models.Index(fields=["county", "unit", "created_at"])]

    def __str__(self) -> str:
        return f"{self.filename}（{self.get_status_display()}）"


class LedgerEntry(models.Model):
    """One line of a unit's daily ledger, with the statistics decision derived from it."""

    # No single-column indexes on county, unit and counterpart_unit: the composite index below
    # starts with county, the unique constraint with unit, and no read looks lines up by their
    # counterpart alone (it filters the unit's or the county's lines), so they would only slow
    # bulk imports.
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+", db_index=False)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="ledger_entries", db_index=False
    )
    kind = models.CharField(_("类别"), max_length=4, choices=Kind.choices)
    date = models.DateField(_("日期"))
    counterpart = models.CharField(_("对方单位"), max_length=255, blank=True)
    counterpart_unit = models.ForeignKey(
        Unit,
        verbose_name=_("对方单位（已识别）"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    originator_level = models.CharField(
        _("发起方层级"), max_length=16, choices=Level.choices, default=Level.UNKNOWN
    )
    doc_no = models.CharField(_("文号"), max_length=128, blank=True)
    doc_no_norm = models.CharField(max_length=128, blank=True)
    title = models.CharField(_("标题"), max_length=500)
    title_norm = models.CharField(max_length=500)
    # THE identity of the line in its unit's ledger (linekey.py): set whenever the line is saved
    line_key = LineKeyField()
    genre = models.CharField(_("文种"), max_length=32, blank=True)
    meeting_form = models.CharField(_("会议形式"), max_length=32, blank=True)
    duration_minutes = models.PositiveIntegerField(_("时长（分钟）"), null=True, blank=True)
    inspection_type = models.CharField(_("检查类型"), max_length=32, blank=True)
    materials_requested = models.BooleanField(_("要求提供材料"), null=True, blank=True)
    remarks = models.CharField(_("备注"), max_length=500, blank=True)
    extras = models.JSONField(_("其他列"), default=dict, blank=True)

    # the statistics decision (统计台账)
    counted = models.BooleanField(_("计入统计"), default=False)
    quota_charged = models.BooleanField(_("占用数额"), default=False)
    category = models.CharField(_("统计类别"), max_length=16, blank=True)
    rule = models.CharField(_("规则"), max_length=16, blank=True)
    reason = models.CharField(_("理由"), max_length=500, blank=True)
    ruleset_version = models.PositiveIntegerField(_("规则版本"), default=0)

    # where the line came from
    source = models.CharField(_("来源"), max_length=16, choices=Source.choices)
    # No index: every imported line would write it (~0.45 s per 100,000 lines, ADR 0004); a
    # batch's lines are read through its unit (selectors/entries.py), and batches are never
    # deleted.
    batch = models.ForeignKey(
        ImportBatch,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entries",
        db_index=False,
    )
    source_sheet = models.CharField(_("工作表"), max_length=64, blank=True)
    source_row = models.PositiveIntegerField(_("行号"), null=True, blank=True)
    idempotency_key = models.CharField(max_length=128, blank=True)
    created_by = models.CharField(_("录入人"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("台账条目")
        verbose_name_plural = _("台账条目")
        ordering = ["-date", "-id"]
        constraints = [
            # A line already in the ledger is a duplicate, not a second entry (DESIGN.md 5.3):
            # the line key hashes unit, kind, date, 文号 and title (linekey.py). Unit and date
            # lead, so that this one index also serves every "unit's lines in a period" read.
            models.UniqueConstraint(
                fields=["unit", "date", "line_key"], name="ledger_line_key_unique"
            ),
        ]
        # The only other index: the county's lines by date (statistics, the list, reconciliation,
        # re-derivation). Every index is written by every imported line (ADR 0004).
        indexes = [
            models.Index(fields=["county", "date", "counted"]),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.kind} {self.title}"


class DecisionChange(models.Model):
    """A line whose decision moved when the rule set changed: which line, from what, to what."""

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+")
    entry = models.ForeignKey(LedgerEntry, on_delete=models.CASCADE, related_name="changes")
    from_version = models.PositiveIntegerField()
    to_version = models.PositiveIntegerField()
    old_counted = models.BooleanField()
    new_counted = models.BooleanField()
    old_rule = models.CharField(max_length=16)
    new_rule = models.CharField(max_length=16)
    new_reason = models.CharField(max_length=500)
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("口径变动")
        verbose_name_plural = _("口径变动")
        indexes = [models.Index(fields=["county", "to_version"])]

    def __str__(self) -> str:
        return f"{self.entry_id}: {self.old_rule} → {self.new_rule}"


from .models_compare import *  # noqa
from .models_rollup import *  # noqa
