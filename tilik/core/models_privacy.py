"""UU PDP records: consent to voluntary processing and data subjects' correction requests."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ConsentRecord(models.Model):
    """One consent given (or refused) to one purpose, with the exact text shown.

    For anonymous surveys pass no employee and no subject key: the record then proves only that
    consent text was shown and accepted, without linking anyone to a response.
    """

    purpose = models.CharField(_("tujuan"), max_length=120, db_index=True, help_text=_("mis. survei:gelombang:12"))
    text = models.TextField(_("teks persetujuan yang ditampilkan"))
    text_sha256 = models.CharField(_("sidik teks (SHA-256)"), max_length=64)
    given = models.BooleanField(_("setuju"), default=True)
    employee = models.ForeignKey(
        "org.Employee",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consents",
        verbose_name=_("pegawai"),
    )
    subject_key = models.CharField(
        _("kunci subjek (pseudonim)"),
        max_length=64,
        blank=True,
        db_index=True,
        help_text=_("Kunci pseudonim untuk responden tanpa akun; kosong untuk survei anonim."),
    )
    at = models.DateTimeField(_("waktu"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("ditarik pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("catatan persetujuan")
        verbose_name_plural = _("catatan persetujuan")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.purpose} ({'setuju' if self.given else 'menolak'})"


class CorrectionRequest(models.Model):
    """A data subject asks Tilik to correct their data; an evaluator resolves it (UU PDP art. 6)."""

    class Status(models.TextChoices):
        OPEN = "terbuka", _("Terbuka")
        DONE = "selesai", _("Selesai dikoreksi")
        REJECTED = "ditolak", _("Ditolak")

    employee = models.ForeignKey(
        "org.Employee",
        on_delete=models.CASCADE,
        related_name="correction_requests",
        verbose_name=_("pegawai"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("pemohon"),
    )
    field = models.CharField(_("data yang dikoreksi"), max_length=120)
    current_value = models.CharField(_("nilai saat ini"), max_length=500, blank=True)
    requested_value = models.CharField(_("nilai yang benar"), max_length=500)
    reason = models.TextField(_("alasan"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    resolution_note = models.TextField(_("catatan penyelesaian"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diselesaikan oleh"),
    )
    created_at = models.DateTimeField(_("diajukan pada"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("diselesaikan pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("permohonan koreksi data")
        verbose_name_plural = _("permohonan koreksi data")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="terbuka") | models.Q(resolved_at__isnull=False),
                name="correction_resolved_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id}: {self.field} ({self.get_status_display()})"


class ProcessingRestriction(models.Model):
    """A data subject asks that their data be held but not processed (UU PDP art. 11; cf. GDPR art. 18).

    It takes effect when asked: while ACTIVE the employee is left out of survey invitations, analysis
    frames and exports (``tilik.core.privacy.restriction.restricted_employee_ids``). An evaluator lifts
    it, with a note, once the correction or objection behind it is settled.
    """

    class Status(models.TextChoices):
        ACTIVE = "aktif", _("Aktif (pemrosesan dibatasi)")
        LIFTED = "dicabut", _("Dicabut")

    employee = models.ForeignKey(
        "org.Employee",
        on_delete=models.CASCADE,
        related_name="processing_restrictions",
        verbose_name=_("pegawai"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pemohon"),
    )
    reason = models.TextField(_("alasan"))
    correction = models.ForeignKey(
        CorrectionRequest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="restrictions",
        verbose_name=_("permohonan koreksi terkait"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    resolution_note = models.TextField(_("catatan pencabutan"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dicabut oleh"),
    )
    created_at = models.DateTimeField(_("diajukan pada"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("dicabut pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("pembatasan pemrosesan data")
        verbose_name_plural = _("pembatasan pemrosesan data")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="aktif") | models.Q(resolved_at__isnull=False),
                name="restriction_lifted_has_time",
            ),
            models.UniqueConstraint(
                fields=["employee"], condition=models.Q(status="aktif"), name="one_active_restriction_per_employee"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id}: {self.get_status_display()}"
