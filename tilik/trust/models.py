"""External integrity context: the pemda's yearly SPI score (KPK) and each unit's Zona Integritas status.

Both are imported as context, never recomputed (DOMAIN.md). The indices themselves come from survey answers.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class ZIStatus(models.TextChoices):
    PEMBANGUNAN = "zi", _("Pembangunan Zona Integritas (belum berpredikat)")
    WBK = "wbk", _("Wilayah Bebas dari Korupsi (WBK)")
    WBBM = "wbbm", _("Wilayah Birokrasi Bersih dan Melayani (WBBM)")


class SPIScore(models.Model):
    """One Survei Penilaian Integritas score of the pemda for one year (KPK with BPS), 0-100."""

    year = models.PositiveSmallIntegerField(
        _("tahun"), unique=True, validators=[MinValueValidator(2016), MaxValueValidator(2100)]
    )
    score = models.DecimalField(
        _("nilai SPI"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    source = models.CharField(_("sumber"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("dicatat"), auto_now=True)

    class Meta:
        verbose_name = _("nilai SPI (KPK)")
        verbose_name_plural = _("nilai SPI (KPK)")
        ordering = ["year"]

    def __str__(self) -> str:
        return f"SPI {self.year}: {self.score}"


class ZIStatusRecord(models.Model):
    """A service unit's Zona Integritas status in one year (PermenPANRB 90/2021)."""

    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="zi_statuses", verbose_name=_("unit pelayanan")
    )
    year = models.PositiveSmallIntegerField(_("tahun"), validators=[MinValueValidator(2010), MaxValueValidator(2100)])
    status = models.CharField(_("status"), max_length=4, choices=ZIStatus.choices)
    source = models.CharField(_("sumber"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("dicatat"), auto_now=True)

    class Meta:
        verbose_name = _("status Zona Integritas")
        verbose_name_plural = _("status Zona Integritas")
        ordering = ["unit", "year"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="zi_status_unique_unit_year")]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}: {self.get_status_display()}"
