"""Rule sets stored per county: versioned, effective-dated, the parsed YAML kept as data."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from jianfu.org.models import County


class RuleSet(models.Model):
    """One version of a county's rule set. Never edited in place: a change is a new version.

    `data` holds the parsed YAML without its metadata (name, version, effective_from), which live
    in the columns; `source` is the YAML text as imported, comments included.
    """

    county = models.ForeignKey(
        County, verbose_name=_("县（区）"), on_delete=models.PROTECT, related_name="rulesets"
    )
    version = models.PositiveIntegerField(_("版本"))
    name = models.CharField(_("名称"), max_length=128)
    effective_from = models.DateField(_("生效日期"))
    effective_to = models.DateField(_("失效日期"), null=True, blank=True)
    data = models.JSONField(_("规则数据"))
    source = models.TextField(_("YAML 原文"), blank=True)
    created_by = models.CharField(_("导入人"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("导入时间"), auto_now_add=True)
    note = models.CharField(_("说明"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("规则集")
        verbose_name_plural = _("规则集")
        ordering = ["county", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["county", "version"], name="ruleset_version_unique_in_county"
            ),
        ]
        indexes = [models.Index(fields=["county", "effective_from"])]

    def __str__(self) -> str:
        return f"{self.name}（第{self.version}版）"
