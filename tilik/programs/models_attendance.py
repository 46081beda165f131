"""Attendance per session: the days an angkatan meets, and who was present at each.

Presence is stored (one row per participant per session attended); absence is the missing row, and the
reason for an absent day, when the evaluator gives one, is a ``SessionAbsence`` row (sakit, izin, ...).
A participant's attendance % is derived from these rows and kept on the enrolment
(``Enrollment.attendance_pct``), which the status page and the reports read.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tilik.programs.choices import DayAbsenceReason


class Session(models.Model):
    """One meeting day of an angkatan."""

    offering = models.ForeignKey("programs.Offering", on_delete=models.CASCADE, related_name="sessions",
                                 verbose_name=_("angkatan"))
    date = models.DateField(_("tanggal sesi"))

    class Meta:
        verbose_name = _("sesi")
        verbose_name_plural = _("sesi")
        ordering = ["offering", "date"]
        constraints = [models.UniqueConstraint(fields=["offering", "date"], name="session_unique_per_day")]

    def __str__(self) -> str:
        return f"{self.offering} — {self.date.isoformat()}"


class Attendance(models.Model):
    """A participant was present at a session."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances",
                                verbose_name=_("sesi"))
    enrollment = models.ForeignKey("programs.Enrollment", on_delete=models.CASCADE, related_name="attendances",
                                   verbose_name=_("peserta angkatan"))

    class Meta:
        verbose_name = _("kehadiran sesi")
        verbose_name_plural = _("kehadiran sesi")
        constraints = [models.UniqueConstraint(fields=["session", "enrollment"], name="attendance_unique")]

    def __str__(self) -> str:
        return f"{self.enrollment_id} @ {self.session_id}"


class SessionAbsence(models.Model):
    """Why a participant was absent from one session (only for days without an ``Attendance`` row)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="absences", verbose_name=_("sesi"))
    enrollment = models.ForeignKey("programs.Enrollment", on_delete=models.CASCADE, related_name="absences",
                                   verbose_name=_("peserta angkatan"))
    reason = models.CharField(_("alasan tidak hadir"), max_length=20, choices=DayAbsenceReason.choices)
    note = models.CharField(_("keterangan"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("ketidakhadiran sesi")
        verbose_name_plural = _("ketidakhadiran sesi")
        constraints = [models.UniqueConstraint(fields=["session", "enrollment"], name="absence_unique")]

    def __str__(self) -> str:
        return f"{self.enrollment_id} ∉ {self.session_id}: {self.reason}"
