"""Suspicious bursts of public-survey responses and the short-lived trace they are found from.

A public (citizen) survey has no login and no token, so one person could answer many times. Three rules
(services.bursts, docs/keamanan.md) group such responses into a ``Burst`` that the evaluator reviews: it
keeps the responses (a kiosk tablet at the counter, a busy hour behind one office network) or excludes
them from every result, IKM and export (``Response.objects.counted()``).

``PublicTrace`` holds, per public response, the keys the window rules compare (salted hashes of the
address, the device token and the answers) with the minute it arrived. It lives only as long as the
window (TILIK_BURST_MINUTES): rows older than that are deleted at the next public submission and by
``tilik purge``. The response itself keeps only its date and the hashed device token.

``KioskDevice``: a device the evaluator registered, from one of its bursts, as a kiosk of the wave (one
tablet at a counter that citizen after citizen fills in). Its responses are not flagged for their number
over the wave, only when N of them arrive within M minutes, faster than people take turns.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BurstReason(models.TextChoices):
    DEVICE = "perangkat", _("banyak respons dari satu perangkat")
    ADDRESS = "alamat", _("banyak respons dari satu alamat internet dalam waktu singkat")
    ANSWERS = "jawaban", _("jawaban identik berulang dalam waktu singkat")


class BurstDecision(models.TextChoices):
    PENDING = "", _("Belum ditinjau")
    KEEP = "pertahankan", _("Dipertahankan")
    EXCLUDE = "keluarkan", _("Dikeluarkan")


class Burst(models.Model):
    """Responses to one public wave flagged as "mencurigakan", and the evaluator's decision on them."""

    wave = models.ForeignKey(
        "surveys.Wave", on_delete=models.CASCADE, related_name="bursts", verbose_name=_("gelombang")
    )
    reasons = models.JSONField(_("alasan"), default=list)
    first_at = models.DateTimeField(_("pertama terlihat"))
    last_at = models.DateTimeField(_("terakhir terlihat"))
    decision = models.CharField(
        _("keputusan"), max_length=12, choices=BurstDecision.choices, default=BurstDecision.PENDING, blank=True
    )
    decision_reason = models.TextField(_("alasan keputusan"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diputuskan oleh"),
    )
    decided_at = models.DateTimeField(_("diputuskan"), null=True, blank=True)

    class Meta:
        verbose_name = _("lonjakan mencurigakan")
        verbose_name_plural = _("lonjakan mencurigakan")
        ordering = ["wave", "-first_at"]

    def __str__(self) -> str:
        return f"{self.wave_id} {self.first_at:%Y-%m-%d %H:%M}"


class PublicTrace(models.Model):
    """One public response's comparison keys for the burst window; deleted once the window has passed."""

    wave = models.ForeignKey("surveys.Wave", on_delete=models.CASCADE, related_name="+")
    response = models.OneToOneField("surveys.Response", on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField()
    address_key = models.CharField(max_length=64, blank=True)
    device_key = models.CharField(max_length=64, blank=True)
    answers_key = models.CharField(max_length=64)

    class Meta:
        indexes = [models.Index(fields=["wave", "at"], name="publictrace_wave_at")]

    def __str__(self) -> str:
        return f"{self.wave_id} {self.at:%H:%M}"


class KioskDevice(models.Model):
    """A device of one public wave registered as a kiosk (its salted device key, never the token)."""

    wave = models.ForeignKey(
        "surveys.Wave", on_delete=models.CASCADE, related_name="kiosks", verbose_name=_("gelombang")
    )
    device_key = models.CharField(max_length=64)
    reason = models.TextField(_("alasan"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    registered_at = models.DateTimeField(_("didaftarkan"), auto_now_add=True)

    class Meta:
        verbose_name = _("perangkat kios")
        verbose_name_plural = _("perangkat kios")
        constraints = [models.UniqueConstraint(fields=["wave", "device_key"], name="kioskdevice_wave_device")]

    def __str__(self) -> str:
        return f"{self.wave_id} kios {self.pk}"
