"""Realisasi of a budget line by month; the line's ``realisasi`` is their sum once any month is recorded."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class BudgetMonth(models.Model):
    line = models.ForeignKey("programs.BudgetLine", on_delete=models.CASCADE, related_name="months",
                             verbose_name=_("baris anggaran"))
    month = models.PositiveSmallIntegerField(_("bulan"), validators=[MinValueValidator(1), MaxValueValidator(12)])
    realisasi = models.DecimalField(_("realisasi (Rp)"), max_digits=16, decimal_places=2,
                                    validators=[MinValueValidator(Decimal(0))])

    class Meta:
        verbose_name = _("realisasi bulanan")
        verbose_name_plural = _("realisasi bulanan")
        ordering = ["line", "month"]
        constraints = [
            models.UniqueConstraint(fields=["line", "month"], name="budgetmonth_unique"),
            models.CheckConstraint(condition=Q(month__gte=1) & Q(month__lte=12) & Q(realisasi__gte=0),
                                   name="budgetmonth_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.line_id} / {self.month}: {self.realisasi}"
