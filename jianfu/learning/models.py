"""Models of the learning part: the policy library (资料汇编) and the county's own FAQ entries,
study records (学习记录), trainings with their invitations and materials, pilot measures (试点)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from jianfu.org.models import County, Unit


class DocLevel(models.TextChoices):
    CENTRAL = "central", _("中央")
    PROVINCE = "province", _("省级")
    CITY = "city", _("市级")
    COUNTY = "county", _("县级")


class StoredFile(models.Model):
    """A file kept under MEDIA_ROOT with a server-generated name (R11)."""

    filename = models.CharField(_("文件名"), max_length=255, blank=True)
    stored_file = models.CharField(_("存储文件"), max_length=255, blank=True)
    file_type = models.CharField(_("文件类型"), max_length=8, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveBigIntegerField(_("大小"), default=0)

    class Meta:
        abstract = True

    @property
    def has_file(self) -> bool:
        return bool(self.stored_file)


class PolicyDocument(StoredFile):
    """One document of the policy library: central, provincial, municipal or county."""

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("标题"), max_length=300)
    level = models.CharField(_("层级"), max_length=16, choices=DocLevel.choices)
    issuer = models.CharField(_("发布机关"), max_length=128, blank=True)
    doc_no = models.CharField(_("文号"), max_length=128, blank=True)
    date = models.DateField(_("发布日期"))
    summary = models.TextField(_("摘要"), blank=True)
    tags = models.CharField(_("标签"), max_length=200, blank=True, help_text=_("多个标签用、分隔"))
    is_core = models.BooleanField(
        _("必学文件"), default=False, help_text=_("学习全覆盖按必学文件统计")
    )
    is_criteria = models.BooleanField(_("统计口径解释"), default=False)
    created_by = models.CharField(_("上传人"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("政策文件")
        verbose_name_plural = _("政策文件")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["county", "level", "date"])]
        constraints = [
            models.UniqueConstraint(fields=["county", "title"], name="policy_title_unique"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def tag_list(self) -> list[str]:
        return [t for t in self.tags.replace(";", "、").replace("，", "、").split("、") if t]


class FaqEntry(models.Model):
    """A question the county office added to the FAQ, with the sample ledger lines whose live
    classification answers it (the default questions live in faq.yaml)."""

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+")
    question = models.CharField(_("问题"), max_length=200)
    samples = models.JSONField(_("示例台账条目"), default=list)
    note = models.TextField(_("补充说明"), blank=True)
    created_by = models.CharField(_("添加人"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("添加时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("常见问题")
        verbose_name_plural = _("常见问题")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.question


class StudyForm(models.TextChoices):
    STANDING = "standing", _("常委会集中学")
    LEADERS = "leaders", _("处级领导深入学")
    DEPARTMENT = "department", _("职能部门重点学")
    UNITS = "units", _("各单位分头学")


class StudyRecord(models.Model):
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="study_records")
    person_name = models.CharField(_("姓名"), max_length=64)
    is_leader = models.BooleanField(_("处级领导"), default=False)
    form = models.CharField(_("学习形式"), max_length=16, choices=StudyForm.choices)
    topic = models.CharField(_("学习内容"), max_length=300)
    document = models.ForeignKey(
        PolicyDocument,
        verbose_name=_("学习文件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="study_records",
    )
    date = models.DateField(_("学习日期"))
    hours = models.DecimalField(_("学时"), max_digits=5, decimal_places=1, default=1)
    source = models.CharField(_("来源"), max_length=16, default="form")
    created_by = models.CharField(_("录入人"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("学习记录")
        verbose_name_plural = _("学习记录")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["county", "date"]), models.Index(fields=["unit", "date"])]

    def __str__(self) -> str:
        return f"{self.person_name} {self.topic}"


class TrainingKind(models.TextChoices):
    CRITERIA = "criteria", _("统计口径培训提升班")
    POLICY = "policy", _("政策解读培训")
    BUSINESS = "business", _("业务培训")
    OTHER = "other", _("其他培训")


class Training(models.Model):
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+")
    topic = models.CharField(_("培训主题"), max_length=200)
    kind = models.CharField(_("培训类型"), max_length=16, choices=TrainingKind.choices)
    date = models.DateField(_("培训日期"))
    place = models.CharField(_("地点"), max_length=128, blank=True)
    description = models.TextField(_("内容安排"), blank=True)
    created_by = models.CharField(_("创建人"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("培训")
        verbose_name_plural = _("培训")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["county", "date"])]

    def __str__(self) -> str:
        return self.topic


class TrainingMaterial(StoredFile):
    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="materials")
    uploaded_by = models.CharField(_("上传人"), max_length=150, blank=True)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("培训材料")
        verbose_name_plural = _("培训材料")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.filename


class Invitation(models.Model):
    """A unit (and, where named, a person of it) invited to a training; attended or not."""

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+")
    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="invitations")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="training_invitations")
    person_name = models.CharField(_("参训人员"), max_length=64, blank=True)
    attended = models.BooleanField(_("已参训"), default=False)
    proposed_accuracy = models.FloatField(_("邀请时准确率"), null=True, blank=True)

    class Meta:
        verbose_name = _("培训邀请")
        verbose_name_plural = _("培训邀请")
        ordering = ["unit__code", "person_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["training", "unit", "person_name"], name="invitation_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.person_name}".strip()


class PilotMeasure(models.Model):
    """A reform measure a pilot unit (试点单位) tries, from the date it started."""

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="pilot_measures")
    title = models.CharField(_("改革举措"), max_length=200)
    started = models.DateField(_("开始日期"))
    description = models.TextField(_("具体做法"), blank=True)
    created_by = models.CharField(_("录入人"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("试点举措")
        verbose_name_plural = _("试点举措")
        ordering = ["unit__code", "started", "id"]

    def __str__(self) -> str:
        return self.title
