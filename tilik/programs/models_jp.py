"""Corrections of the JP ledger: each change of an entry keeps its before and after values and the reason.

The entry itself holds the current values; this table is its history (never edited or deleted by Tilik's
pages). Every correction is also an audit event (``jp.correct``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JPCorrection(models.Model):
    entry = models.ForeignKey("programs.JPEntry", on_delete=models.CASCADE, related_name="corrections",
                              verbose_name=_("catatan JP"))
    at = models.DateTimeField(_("waktu koreksi"), auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                           related_name="+", verbose_name=_("oleh"))
    reason = models.CharField(_("alasan koreksi"), max_length=300)
    before = models.JSONField(_("sebelum"))
    after = models.JSONField(_("sesudah"))

    class Meta:
        verbose_name = _("koreksi buku JP")
        verbose_name_plural = _("koreksi buku JP")
        ordering = ["entry", "-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.entry_id} @ {self.at:%Y-%m-%d}: {self.reason}"
