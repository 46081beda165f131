"""Indicators, measurements (one value per entity, indicator and period), and the record of imports."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tilik.performance.choices import ChangeAction, Direction, EntityKind, Frequency, ImportKind, ImportStatus
from tilik.performance.periods import period_code, period_label


class Indicator(models.Model):
    """What is measured: on whom (an employee or a service unit), in which unit, and which way is better.

    ``frequencies`` lists the periods the indicator is reported for (SKP: quarterly and annual).
    ``value_labels`` maps text values to numbers for ordinal indicators (SKP predikat), so imports may
    carry "Baik" and analyses see 4.
    """

    code = models.SlugField(_("kode"), max_length=60, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    entity_kind = models.CharField(_("diukur pada"), max_length=10, choices=EntityKind.choices)
    unit_of_measure = models.CharField(_("satuan"), max_length=40)
    direction = models.CharField(_("arah"), max_length=10, choices=Direction.choices)
    frequencies = models.JSONField(_("frekuensi"), default=list)
    source = models.CharField(_("sumber data"), max_length=200)
    description = models.TextField(_("keterangan"), blank=True)
    value_labels = models.JSONField(_("label nilai"), default=dict, blank=True)
    min_value = models.FloatField(_("nilai minimum"), null=True, blank=True)
    max_value = models.FloatField(_("nilai maksimum"), null=True, blank=True)
    shipped = models.BooleanField(_("bawaan Tilik"), default=False, editable=False)

    class Meta:
        verbose_name = _("indikator")
        verbose_name_plural = _("indikator")
        ordering = ["entity_kind", "name"]

    def __str__(self) -> str:
        return self.name


class ImportBatch(models.Model):
    """One import of a file: who, when, which file (SHA-256), how many rows did what; undoable."""

    kind = models.CharField(_("jenis"), max_length=20, choices=ImportKind.choices)
    layout = models.CharField(_("tata letak sumber"), max_length=100, blank=True)
    mapping = models.JSONField(_("pemetaan kolom"), default=dict)
    file_name = models.CharField(_("nama berkas"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    size_bytes = models.PositiveBigIntegerField(_("ukuran (bita)"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("oleh"),
    )
    by_label = models.CharField(_("label pelaku"), max_length=150, blank=True)
    at = models.DateTimeField(_("waktu"), auto_now_add=True)
    rows = models.PositiveIntegerField(_("baris data"), default=0)
    created = models.PositiveIntegerField(_("dibuat"), default=0)
    updated = models.PositiveIntegerField(_("diubah"), default=0)
    unchanged = models.PositiveIntegerField(_("tidak berubah"), default=0)
    notices = models.JSONField(_("catatan"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.APPLIED)
    undone_at = models.DateTimeField(_("dibatalkan pada"), null=True, blank=True)
    undone_by_label = models.CharField(_("dibatalkan oleh"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("impor")
        verbose_name_plural = _("riwayat impor")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.file_name} ({self.at:%Y-%m-%d %H:%M})"


class Measurement(models.Model):
    """One value of an indicator for one employee or one service unit in one period.

    Natural key: (indicator, entity, frequency, period_start); period_start is the first day of the period.
    ``import_batch`` is the import that created the row (None for rows written otherwise, e.g. the demo).
    """

    # No single-column indexes on the three keys: the composite index and the two unique constraints
    # below start with them and serve those lookups; each index costs time on a 200,000-row import.
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        related_name="measurements",
        verbose_name=_("indikator"),
        db_index=False,
    )
    employee = models.ForeignKey(
        "org.Employee",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="measurements",
        verbose_name=_("pegawai"),
        db_index=False,
    )
    unit = models.ForeignKey(
        "org.Unit",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="measurements",
        verbose_name=_("unit"),
        db_index=False,
    )
    frequency = models.CharField(_("frekuensi"), max_length=10, choices=Frequency.choices)
    period_start = models.DateField(_("awal periode"))
    value = models.FloatField(_("nilai"))
    import_batch = models.ForeignKey(
        ImportBatch,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="created_measurements",
        verbose_name=_("impor"),
    )

    class Meta:
        verbose_name = _("pengukuran")
        verbose_name_plural = _("pengukuran")
        ordering = ["indicator", "period_start"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(employee__isnull=False) & Q(unit__isnull=True))
                | (Q(employee__isnull=True) & Q(unit__isnull=False)),
                name="measurement_one_entity",
            ),
            models.UniqueConstraint(
                fields=["employee", "indicator", "frequency", "period_start"],
                condition=Q(employee__isnull=False),
                name="measurement_unique_employee",
            ),
            models.UniqueConstraint(
                fields=["unit", "indicator", "frequency", "period_start"],
                condition=Q(unit__isnull=False),
                name="measurement_unique_unit",
            ),
        ]
        indexes = [models.Index(fields=["indicator", "frequency", "period_start"])]

    def __str__(self) -> str:
        who = self.employee or self.unit
        return f"{self.indicator.code} {who} {self.period_label}: {self.value}"

    @property
    def period_label(self) -> str:
        return period_label(self.period_start, self.frequency)

    @property
    def period_code(self) -> str:
        return period_code(self.period_start, self.frequency)


class ImportChange(models.Model):
    """What an import did to one existing row (or to a created employee/enrolment), so it can be undone.

    Measurements created by an import are found through ``Measurement.import_batch`` instead (a 200,000-row
    import then writes no change rows).
    """

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="changes", verbose_name=_("impor"))
    model = models.CharField(_("model"), max_length=40)
    object_id = models.BigIntegerField(_("ID objek"))
    action = models.CharField(_("tindakan"), max_length=10, choices=ChangeAction.choices)
    previous = models.JSONField(_("nilai sebelumnya"), default=dict, blank=True)

    class Meta:
        verbose_name = _("perubahan impor")
        verbose_name_plural = _("perubahan impor")
        indexes = [models.Index(fields=["model", "object_id"])]

    def __str__(self) -> str:
        return f"{self.batch_id} {self.action} {self.model}#{self.object_id}"


class SourceLayout(models.Model):
    """A saved column mapping for one source layout (an e-Kinerja export, a puskesmas register)."""

    name = models.CharField(_("nama"), max_length=100, unique=True)
    kind = models.CharField(_("jenis"), max_length=20, choices=ImportKind.choices)
    mapping = models.JSONField(_("pemetaan kolom"), default=dict)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        verbose_name = _("tata letak sumber")
        verbose_name_plural = _("tata letak sumber")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name
