"""Programmes, offerings (angkatan), enrolments, the JP ledger and budget lines."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tilik.programs.choices import (
    AbsenceReason,
    BudgetCategory,
    CompetencyType,
    EnrollmentStatus,
    FundSource,
    JPSource,
    Method,
)


class Program(models.Model):
    name = models.CharField(_("nama program"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    objective = models.TextField(_("tujuan"))
    competency_type = models.CharField(_("jenis kompetensi"), max_length=20, choices=CompetencyType.choices)
    method = models.CharField(_("metode"), max_length=20, choices=Method.choices)
    jp = models.PositiveSmallIntegerField(_("JP"), validators=[MinValueValidator(1)],
                                          help_text=_("Jam pelajaran; 1 JP = 45 menit."))
    provider = models.CharField(_("penyelenggara"), max_length=200)
    target_group = models.CharField(_("sasaran peserta"), max_length=255)
    fiscal_year = models.PositiveSmallIntegerField(_("tahun anggaran"), validators=[MinValueValidator(2000)])
    organiser = models.ForeignKey("org.Unit", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("unit penyelenggara"))

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("program")
        ordering = ["-fiscal_year", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.fiscal_year})"


class Offering(models.Model):
    """One angkatan (cohort) of a programme."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="offerings",
                                verbose_name=_("program"))
    batch = models.PositiveSmallIntegerField(_("angkatan ke-"), default=1)
    start_date = models.DateField(_("tanggal mulai"))
    end_date = models.DateField(_("tanggal selesai"))
    place = models.CharField(_("tempat"), max_length=200)
    capacity = models.PositiveSmallIntegerField(_("kapasitas"), validators=[MinValueValidator(1)])
    facilitators = models.TextField(_("fasilitator/widyaiswara"), blank=True)

    class Meta:
        verbose_name = _("angkatan")
        verbose_name_plural = _("angkatan")
        ordering = ["program", "batch"]
        constraints = [
            models.UniqueConstraint(fields=["program", "batch"], name="offering_unique_batch"),
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="offering_end_after_start"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="offering_capacity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.program.name} — angkatan {self.batch}"


class Enrollment(models.Model):
    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, related_name="enrollments",
                                 verbose_name=_("angkatan"))
    employee = models.ForeignKey("org.Employee", on_delete=models.PROTECT, related_name="enrollments",
                                 verbose_name=_("pegawai"))
    status = models.CharField(_("status"), max_length=12, choices=EnrollmentStatus.choices,
                              default=EnrollmentStatus.INVITED, db_index=True)
    reason_code = models.CharField(_("alasan"), max_length=20, choices=AbsenceReason.choices, blank=True)
    reason_text = models.TextField(_("keterangan alasan"), blank=True)
    attendance_pct = models.DecimalField(
        _("kehadiran (%)"), max_digits=5, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    invited_on = models.DateField(_("tanggal diundang"), null=True, blank=True)
    status_changed_on = models.DateField(_("tanggal perubahan status"), null=True, blank=True)

    class Meta:
        verbose_name = _("peserta angkatan")
        verbose_name_plural = _("peserta angkatan")
        ordering = ["offering", "employee__name"]
        constraints = [
            models.UniqueConstraint(fields=["offering", "employee"], name="enrollment_unique_per_offering"),
            models.CheckConstraint(
                condition=Q(attendance_pct__isnull=True) | (Q(attendance_pct__gte=0) & Q(attendance_pct__lte=100)),
                name="enrollment_attendance_0_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee.name} — {self.offering}"


class JPEntry(models.Model):
    """The JP ledger: one row per credited learning activity of an ASN in a year."""

    employee = models.ForeignKey("org.Employee", on_delete=models.CASCADE, related_name="jp_entries",
                                 verbose_name=_("pegawai"))
    year = models.PositiveSmallIntegerField(_("tahun"))
    jp = models.DecimalField(_("JP"), max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal(0))])
    source = models.CharField(_("sumber"), max_length=12, choices=JPSource.choices)
    enrollment = models.OneToOneField(Enrollment, on_delete=models.CASCADE, null=True, blank=True,
                                      related_name="jp_entry", verbose_name=_("pelatihan"))
    description = models.CharField(_("uraian"), max_length=255)
    completed_on = models.DateField(_("tanggal selesai"))

    class Meta:
        verbose_name = _("catatan JP")
        verbose_name_plural = _("buku JP")
        ordering = ["employee", "-year", "-completed_on"]
        indexes = [models.Index(fields=["year", "employee"])]
        constraints = [models.CheckConstraint(condition=Q(jp__gte=0), name="jpentry_jp_non_negative")]

    def __str__(self) -> str:
        return f"{self.employee.name} {self.year}: {self.jp} JP"


class BudgetLine(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="budget_lines",
                                verbose_name=_("program"))
    fiscal_year = models.PositiveSmallIntegerField(_("tahun anggaran"))
    category = models.CharField(_("kategori belanja"), max_length=20, choices=BudgetCategory.choices)
    pagu = models.DecimalField(_("pagu (Rp)"), max_digits=16, decimal_places=2,
                               validators=[MinValueValidator(Decimal(0))])
    realisasi = models.DecimalField(_("realisasi (Rp)"), max_digits=16, decimal_places=2, default=Decimal(0),
                                    validators=[MinValueValidator(Decimal(0))])
    source_of_funds = models.CharField(_("sumber dana"), max_length=10, choices=FundSource.choices,
                                       default=FundSource.APBD)
    note = models.CharField(_("catatan"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("baris anggaran")
        verbose_name_plural = _("anggaran")
        ordering = ["program", "fiscal_year", "category"]
        constraints = [
            models.UniqueConstraint(fields=["program", "fiscal_year", "category", "source_of_funds"],
                                    name="budgetline_unique"),
            models.CheckConstraint(condition=Q(pagu__gte=0) & Q(realisasi__gte=0), name="budgetline_non_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.program.name} {self.fiscal_year} {self.get_category_display()}"

    @property
    def over_pagu(self) -> bool:
        """Realisasi above pagu is allowed (revisions happen) but flagged for the evaluator."""
        return self.realisasi > self.pagu

    @property
    def absorption_pct(self) -> Decimal | None:
        return (self.realisasi / self.pagu * 100) if self.pagu else None
