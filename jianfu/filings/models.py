"""The three gates (三个关口): an item (事项) filed in advance (报备), approved (审批) and archived
afterwards (备案), with its 一事一码, and the quotas (数额) and annual plans it is checked against.

One `Filing` row is one item and its workflow: a document, a meeting or an inspection a unit
means to produce, with the kind-specific facts the checks read. Approval stages are data
(`ApprovalStage`), chosen by item kind and originator level; every decision is a `FilingDecision`.
`version` is bumped by every change, so that two reviewers deciding the same version cannot both
win (R16: the service updates `WHERE version = seen`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jianfu.org.models import County, Unit


class ItemKind(models.TextChoices):
    DOCUMENT = "document", _("发文")
    MEETING = "meeting", _("会议")
    INSPECTION = "inspection", _("督查检查考核")


class Status(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PENDING = "pending", _("待审批")
    RETURNED = "returned", _("已退回")
    REJECTED = "rejected", _("已驳回")
    WITHDRAWN = "withdrawn", _("已撤回")
    APPROVED = "approved", _("已批准")
    ARCHIVED = "archived", _("已备案")


# Statuses whose item counts as approved for reconciliation, quotas and 一事一码.
APPROVED_STATUSES = frozenset({Status.APPROVED, Status.ARCHIVED})
# Statuses in which the originating unit may still edit the item without re-approval.
EDITABLE_STATUSES = frozenset({Status.DRAFT, Status.RETURNED, Status.WITHDRAWN})


class StageRole(models.TextChoices):
    """Who acts at an approval stage (a role of DESIGN.md section 2)."""

    PRINCIPAL = "leader", _("单位主要负责人签批")
    COORDINATOR = "coordinator", _("县委办/政府办审核")
    APPROVER = "approver", _("县领导审批")


class ApprovalStage(models.Model):
    """One stage of an approval route, as data: for items of `item_kind` from units of
    `originator_kind`, stages run in `order`. A county edits these rows to change its routes."""

    county = models.ForeignKey(County, on_delete=models.CASCADE, related_name="+")
    item_kind = models.CharField(_("事项类别"), max_length=16, choices=ItemKind.choices)
    originator_kind = models.CharField(_("发起单位类型"), max_length=16)  # UnitKind value
    order = models.PositiveSmallIntegerField(_("顺序"))
    name = models.CharField(_("环节名称"), max_length=64)
    role = models.CharField(_("办理角色"), max_length=16, choices=StageRole.choices)

    class Meta:
        verbose_name = _("审批环节")
        verbose_name_plural = _("审批环节")
        ordering = ["county", "item_kind", "originator_kind", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["county", "item_kind", "originator_kind", "order"],
                name="approval_stage_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_item_kind_display()} {self.order}. {self.name}"


class PlanItem(models.Model):
    """One line of a unit's annual meeting plan or inspection plan (年度会议计划 / 督检考计划)."""

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="plan_items")
    year = models.PositiveSmallIntegerField(_("年度"))
    kind = models.CharField(_("类别"), max_length=16, choices=ItemKind.choices)
    code = models.CharField(_("计划编号"), max_length=32)  # e.g. 2025-NY-01
    title = models.CharField(_("名称"), max_length=255)
    month = models.PositiveSmallIntegerField(_("计划月份"), null=True, blank=True)
    targets = models.CharField(_("对象"), max_length=255, blank=True)
    comprehensive = models.BooleanField(_("综合性"), default=False)
    approved = models.BooleanField(_("已审定"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("年度计划事项")
        verbose_name_plural = _("年度计划事项")
        ordering = ["year", "unit", "code"]
        constraints = [
            models.UniqueConstraint(fields=["county", "code"], name="plan_item_code_unique")
        ]
        indexes = [models.Index(fields=["county", "unit", "year", "kind"])]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Filing(models.Model):
    """One item (事项) and its way through the three gates."""

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="filings")
    kind = models.CharField(_("事项类别"), max_length=16, choices=ItemKind.choices)
    title = models.CharField(_("标题"), max_length=500)
    title_norm = models.CharField(max_length=500, blank=True)
    date = models.DateField(_("计划日期"))
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    version = models.PositiveIntegerField(default=1)
    stage_order = models.PositiveSmallIntegerField(_("当前环节"), default=0)  # 0: not submitted
    one_off = models.BooleanField(_("一事一报"), default=False)

    # documents (发文)
    genre = models.CharField(_("文种"), max_length=32, blank=True)
    issuing_name = models.CharField(_("发文名义"), max_length=32, blank=True)
    doc_no = models.CharField(_("文号"), max_length=128, blank=True)
    recipients = models.CharField(_("主送单位"), max_length=500, blank=True)
    chars = models.PositiveIntegerField(_("字数"), null=True, blank=True)
    task_specific = models.BooleanField(_("部署具体工作任务"), default=False)
    normative = models.BooleanField(_("规范性文件"), default=False)
    forwards_higher = models.BooleanField(_("转发上级文件"), default=False)
    text = models.TextField(_("正文"), blank=True)

    # meetings (会议)
    meeting_form = models.CharField(_("会议形式"), max_length=16, blank=True)
    convener = models.CharField(_("召集领导"), max_length=64, blank=True)
    convener_level = models.CharField(_("召集人层级"), max_length=16, blank=True)
    duration_minutes = models.PositiveIntegerField(_("计划时长（分钟）"), null=True, blank=True)
    main_speech_minutes = models.PositiveIntegerField(
        _("主要讲话时长（分钟）"), null=True, blank=True
    )
    attendees = models.JSONField(_("参会人员"), default=list, blank=True)  # [{unit, level}]
    expected_attendance = models.PositiveIntegerField(_("预计参会人数"), null=True, blank=True)
    agenda = models.JSONField(_("议程"), default=list, blank=True)  # [{item, minutes}]
    comprehensive = models.BooleanField(_("综合性工作会议"), default=False)

    # inspections (督查检查考核)
    inspection_type = models.CharField(_("检查类型"), max_length=16, blank=True)
    items_checked = models.TextField(_("检查内容"), blank=True)
    targets = models.JSONField(_("检查对象"), default=list, blank=True)  # unit codes
    days = models.PositiveSmallIntegerField(_("天数"), null=True, blank=True)
    materials = models.JSONField(_("要求提供材料"), default=list, blank=True)
    requires_principal = models.BooleanField(_("要求主要负责同志陪同"), default=False)
    plan_item = models.ForeignKey(
        PlanItem, null=True, blank=True, on_delete=models.PROTECT, related_name="filings"
    )

    # the checks run at filing, and the applicant's declarations for the reviewer items
    checks = models.JSONField(_("检查结果"), default=list, blank=True)  # [{code, result, reason}]
    declarations = models.JSONField(_("申报声明"), default=dict, blank=True)  # code → {ok, note}

    # 一事一码: given at approval
    reg_no = models.CharField(_("登记编号"), max_length=32, blank=True)
    verify_code = models.CharField(_("核验码"), max_length=16, blank=True)
    approved_at = models.DateTimeField(_("批准时间"), null=True, blank=True)

    # 备案: what actually happened
    archived_at = models.DateTimeField(_("备案时间"), null=True, blank=True)
    actual_date = models.DateField(_("实际日期"), null=True, blank=True)
    actual_duration_minutes = models.PositiveIntegerField(
        _("实际时长（分钟）"), null=True, blank=True
    )
    actual_attendance = models.PositiveIntegerField(_("实际参会人数"), null=True, blank=True)
    actual_targets = models.JSONField(_("实际检查对象"), default=list, blank=True)
    actual_days = models.PositiveSmallIntegerField(_("实际天数"), null=True, blank=True)
    archive_note = models.TextField(_("备案说明"), blank=True)
    differences = models.JSONField(_("与批准不符"), default=list, blank=True)  # [{code, reason}]

    # R17: soft deletion, restorable for 30 days; archived items can never be deleted
    deleted_at = models.DateTimeField(null=True, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("报备事项")
        verbose_name_plural = _("报备事项")
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["county", "reg_no"],
                condition=~models.Q(reg_no=""),
                name="filing_reg_no_unique",
            ),
            models.UniqueConstraint(
                fields=["verify_code"],
                condition=~models.Q(verify_code=""),
                name="filing_verify_code_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["county", "unit", "kind", "date"]),
            models.Index(fields=["county", "status", "date"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.title}"


class FilingDecision(models.Model):
    """One step of an item's history: submitted, signed, approved, returned (with a comment),
    rejected, withdrawn, resubmitted, tightened, edited after approval, archived."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("提交报备")
        RESUBMIT = "resubmit", _("重新提交")
        WITHDRAW = "withdraw", _("撤回")
        PASS = "pass", _("同意")
        RETURN = "return", _("退回修改")
        REJECT = "reject", _("不予同意")
        TIGHTEN = "tighten", _("压减规格")
        EDIT = "edit", _("批准后修改")
        ARCHIVE = "archive", _("备案")

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+")
    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="decisions")
    stage_order = models.PositiveSmallIntegerField(default=0)
    stage_name = models.CharField(max_length=64, blank=True)
    action = models.CharField(_("操作"), max_length=16, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(_("办理人"), max_length=150, blank=True)
    comment = models.TextField(_("意见"), blank=True)
    changes = models.JSONField(default=dict, blank=True)  # field → [old, new] when tightened
    version = models.PositiveIntegerField()  # the item version the decision was made on
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("审批记录")
        verbose_name_plural = _("审批记录")
        ordering = ["filing", "at", "id"]

    def __str__(self) -> str:
        return f"{self.filing_id} {self.get_action_display()}"


class FilingAttachment(models.Model):
    """A file kept with an item: its text, meeting materials, the inspection report."""

    class Purpose(models.TextChoices):
        TEXT = "text", _("文件正文")
        NORMATIVE = "normative", _("规范性文件")
        MATERIALS = "materials", _("会议材料")
        REPORT = "report", _("督查报告")
        OTHER = "other", _("其他")

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+")
    filing = models.ForeignKey(Filing, on_delete=models.PROTECT, related_name="attachments")
    purpose = models.CharField(_("用途"), max_length=16, choices=Purpose.choices)
    filename = models.CharField(_("文件名"), max_length=255)
    stored_file = models.CharField(max_length=255)  # server-generated name under MEDIA_ROOT
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField(default=0)
    uploaded_by = models.CharField(max_length=150, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    def __str__(self) -> str:
        return self.filename


class Quota(models.Model):
    """A unit's annual quota (数额) for one kind; `amount` is the base, adjustments add to it."""

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="quotas")
    year = models.PositiveSmallIntegerField(_("年度"))
    kind = models.CharField(_("类别"), max_length=16, choices=ItemKind.choices)
    amount = models.PositiveIntegerField(_("年度数额"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("数额")
        verbose_name_plural = _("数额")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "kind"], name="quota_unique")
        ]
        indexes = [models.Index(fields=["county", "year"])]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year} {self.kind} {self.amount}"


class QuotaAdjustment(models.Model):
    """统筹调配: an extra allocation (or a cut) with reason and approver, visible to the unit."""

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+")
    quota = models.ForeignKey(Quota, on_delete=models.PROTECT, related_name="adjustments")
    delta = models.IntegerField(_("调整数"))
    reason = models.CharField(_("理由"), max_length=500)
    approver = models.CharField(_("批准人"), max_length=150)
    created_by = models.CharField(_("经办人"), max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("数额调配")
        verbose_name_plural = _("数额调配")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.quota_id} {self.delta:+d}"


class GrowthExplanation(models.Model):
    """只减不增 (L-D-3): a unit above last year's count files a written explanation."""

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    kind = models.CharField(_("类别"), max_length=16, choices=ItemKind.choices)
    text = models.TextField(_("书面说明"))
    filed_by = models.CharField(max_length=150, blank=True)
    filed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("增量说明")
        verbose_name_plural = _("增量说明")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "kind"], name="growth_expl_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year} {self.kind}"
