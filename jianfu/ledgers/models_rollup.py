"""The monthly rollup of the ledger: counts of lines per unit, month and decision (ADR 0006).

A derived table, never edited by hand: `services/rollup.py rollup_refresh` recomputes the
touched (unit, month) buckets from the lines inside the writing transaction, and
`jianfu rollup_rebuild` recomputes a county. Figures over whole months read it instead of the
lines; the partial months at the edges of a period are read from the lines.
"""

from __future__ import annotations

from django.db import models

from jianfu.org.models import County, Unit

__all__ = ["LedgerRollup"]


class LedgerRollup(models.Model):
    county = models.ForeignKey(County, on_delete=models.CASCADE, related_name="+", db_index=False)
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", db_index=False)
    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=4)
    category = models.CharField(max_length=16, blank=True)
    rule = models.CharField(max_length=16, blank=True)
    counted = models.BooleanField()
    quota_charged = models.BooleanField()
    counterpart_unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    n = models.PositiveIntegerField()
    minutes_sum = models.PositiveBigIntegerField(default=0)
    with_minutes = models.PositiveIntegerField(default=0)
    onsite = models.PositiveIntegerField(default=0)
    materials = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["county", "year", "month"]),
            models.Index(fields=["unit", "year", "month"]),
        ]

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d} {self.kind} {self.category} {self.n}"
