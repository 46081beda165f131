"""Programmes, offerings (angkatan), enrolments, the JP ledger and budget lines."""

from __future__ import annotations

import uuid
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tilik.programs.choices import (
    AbsenceReason,
    BudgetCategory,
    CompetencyType,
    DeliveryMode,
    EnrollmentStatus,
    FundSource,
    JPSource,
    Method,
)
from tilik.programs.choices_participation import CertificateStatus, InterventionKind, ReminderArm


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
    # Blank only for angkatan recorded before the field existed; the form asks for it on every save.
    mode = models.CharField(_("moda pelaksanaan"), max_length=10, choices=DeliveryMode.choices, blank=True)
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


# --- certificates, participation strategies, reminder experiments, ROI assumptions (issue 7) ---

MAX_CERTIFICATE_JP = 200
SHARE_VALIDATORS = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))]


def certificate_upload_to(instance: Certificate, filename: str) -> str:
    """A random stored name: the original name (often the person's name) is kept only in the row."""
    return f"sertifikat/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()[:6]}"


class Certificate(models.Model):
    """An external learning certificate uploaded by an ASN; its JP count once an evaluator verifies it."""

    employee = models.ForeignKey("org.Employee", on_delete=models.CASCADE, related_name="certificates",
                                 verbose_name=_("pegawai"))
    title = models.CharField(_("nama kegiatan"), max_length=255)
    provider = models.CharField(_("penyelenggara"), max_length=200)
    competency_type = models.CharField(_("jenis kompetensi"), max_length=20, choices=CompetencyType.choices,
                                       blank=True)
    jp = models.DecimalField(_("JP"), max_digits=6, decimal_places=2,
                             validators=[MinValueValidator(Decimal("0.5")),
                                         MaxValueValidator(Decimal(MAX_CERTIFICATE_JP))])
    completed_on = models.DateField(_("tanggal selesai"))
    file = models.FileField(_("berkas sertifikat"), upload_to=certificate_upload_to, max_length=255)
    original_name = models.CharField(_("nama berkas asli"), max_length=255, blank=True)
    content_type = models.CharField(_("jenis berkas"), max_length=40, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=CertificateStatus.choices,
                              default=CertificateStatus.PENDING, db_index=True)
    uploaded_at = models.DateTimeField(_("diunggah"), auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    blank=True, related_name="+", verbose_name=_("pengunggah"))
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    blank=True, related_name="+", verbose_name=_("verifikator"))
    reviewed_at = models.DateTimeField(_("diverifikasi"), null=True, blank=True)
    review_note = models.CharField(_("catatan verifikasi"), max_length=255, blank=True)
    jp_entry = models.OneToOneField(JPEntry, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="certificate_record", verbose_name=_("catatan JP"))

    class Meta:
        verbose_name = _("sertifikat")
        verbose_name_plural = _("sertifikat")
        ordering = ["-uploaded_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(jp__gt=0) & Q(jp__lte=MAX_CERTIFICATE_JP),
                                   name="certificate_jp_range"),
        ]

    def __str__(self) -> str:
        return f"{self.title} — {self.employee.name} ({self.jp} JP)"


class Intervention(models.Model):
    """A participation strategy applied to an offering or a unit (reminder, letter, schedule, e-learning)."""

    kind = models.CharField(_("jenis strategi"), max_length=20, choices=InterventionKind.choices)
    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, null=True, blank=True,
                                 related_name="interventions", verbose_name=_("angkatan"))
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("unit"))
    started_on = models.DateField(_("tanggal mulai"))
    description = models.TextField(_("uraian"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("dicatat oleh"))

    class Meta:
        verbose_name = _("strategi partisipasi")
        verbose_name_plural = _("strategi partisipasi")
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(offering__isnull=False) | Q(unit__isnull=False),
                                   name="intervention_offering_or_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.started_on})"


class ReminderExperiment(models.Model):
    """A randomised assignment of reminder strategies among the invitees of one offering."""

    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, related_name="experiments",
                                 verbose_name=_("angkatan"))
    name = models.CharField(_("nama eksperimen"), max_length=200)
    arms = models.JSONField(_("kelompok"), default=list, help_text=_("Kelompok pertama adalah kontrol."))
    seed = models.PositiveIntegerField(_("seed pengacakan"))
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("dibuat oleh"))

    class Meta:
        verbose_name = _("eksperimen pengingat")
        verbose_name_plural = _("eksperimen pengingat")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


class ReminderAssignment(models.Model):
    experiment = models.ForeignKey(ReminderExperiment, on_delete=models.CASCADE, related_name="assignments",
                                   verbose_name=_("eksperimen"))
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="reminder_assignments",
                                   verbose_name=_("peserta angkatan"))
    arm = models.CharField(_("kelompok"), max_length=20, choices=ReminderArm.choices)

    class Meta:
        verbose_name = _("penempatan eksperimen")
        verbose_name_plural = _("penempatan eksperimen")
        constraints = [
            models.UniqueConstraint(fields=["experiment", "enrollment"],
                                    name="assignment_unique_per_experiment"),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment_id} → {self.arm}"


class BenefitAssumption(models.Model):
    """The monetised-benefit assumptions behind a programme's Phillips ROI, shown beside the result."""

    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="benefit_assumption",
                                   verbose_name=_("program"))
    description = models.TextField(_("uraian manfaat"))
    hours_saved_per_participant = models.DecimalField(
        _("jam kerja dihemat per lulusan per tahun"), max_digits=8, decimal_places=2,
        validators=[MinValueValidator(Decimal(0))])
    hourly_cost = models.DecimalField(_("biaya per jam ASN (Rp)"), max_digits=12, decimal_places=2,
                                      validators=[MinValueValidator(Decimal(0))])
    golongan_basis = models.CharField(_("dasar golongan"), max_length=40, blank=True)
    # The derivation of hourly_cost when it came from the golongan pay table (tilik.programs.pay_reference):
    # stored so the assumption shown beside the ROI stays true after the table changes.
    hourly_cost_basis = models.JSONField(_("dasar perhitungan biaya per jam"), default=dict, blank=True)
    isolation = models.DecimalField(_("faktor isolasi (0–1)"), max_digits=4, decimal_places=3,
                                    validators=SHARE_VALIDATORS)
    confidence = models.DecimalField(_("faktor keyakinan (0–1)"), max_digits=4, decimal_places=3,
                                     validators=SHARE_VALIDATORS)
    outcome_label = models.CharField(_("ukuran hasil"), max_length=120, blank=True)
    outcome_change = models.DecimalField(_("perubahan hasil terukur"), max_digits=12, decimal_places=3,
                                         null=True, blank=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        verbose_name = _("asumsi manfaat (ROI)")
        verbose_name_plural = _("asumsi manfaat (ROI)")

    def __str__(self) -> str:
        return f"{self.program}"


# Attendance per session (issue 17) lives in its own module; imported here so Django registers it.
from tilik.programs.models_attendance import Attendance, Session, SessionAbsence  # noqa: E402, F401
from tilik.programs.models_budget import BudgetMonth  # noqa: E402, F401
from tilik.programs.models_jp import JPCorrection  # noqa: E402, F401
