"""Scheduled reminders of a wave: the days after opening the evaluator chose (``Wave.reminder_days``), and one
row per (wave, day) once `tilik jadwal` has dealt with it, so no day's reminder is ever queued twice."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_REMINDER_DAY = 365


def validate_reminder_days(value: object) -> None:
    if not isinstance(value, list) or not all(isinstance(d, int) and 1 <= d <= MAX_REMINDER_DAY for d in value):
        raise ValidationError(_("Hari pengingat harus daftar bilangan bulat 1–365."))
    if value != sorted(set(value)):
        raise ValidationError(_("Hari pengingat harus urut naik tanpa pengulangan."))


class ScheduledReminder(models.Model):
    class Outcome(models.TextChoices):
        QUEUED = "queued", _("diantrekan")
        SKIPPED = "skipped", _("dilewati (hari berikutnya sudah tiba)")

    wave = models.ForeignKey(
        "surveys.Wave", on_delete=models.CASCADE, related_name="scheduled_reminders", verbose_name=_("gelombang")
    )
    day = models.PositiveSmallIntegerField(_("hari setelah dibuka"))
    outcome = models.CharField(_("hasil"), max_length=10, choices=Outcome.choices)
    job = models.ForeignKey(
        "jobs.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("tugas")
    )
    at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        verbose_name = _("pengingat terjadwal")
        verbose_name_plural = _("pengingat terjadwal")
        constraints = [models.UniqueConstraint(fields=["wave", "day"], name="surveys_reminder_once_per_wave_day")]

    def __str__(self) -> str:
        return f"{self.wave_id} +{self.day} ({self.outcome})"
