"""Published batches of a wave's responses: what aggregate-only readers see (issue 19, differencing)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ResultSnapshot(models.Model):
    """The set of responses whose aggregates are published, frozen until at least k more arrive.

    Readers without live access compute every number over ``response_ids`` of the newest snapshot, so
    two readings differ by a batch of at least TILIK_MIN_CELL responses, never by one person.
    """

    wave = models.ForeignKey(
        "surveys.Wave", on_delete=models.CASCADE, related_name="snapshots", verbose_name=_("gelombang")
    )
    n = models.PositiveIntegerField(_("jumlah respons terbit"))
    response_ids = models.JSONField(_("respons yang diterbitkan"), default=list)
    published_at = models.DateTimeField(_("diterbitkan"), auto_now_add=True)

    class Meta:
        verbose_name = _("cuplikan hasil")
        verbose_name_plural = _("cuplikan hasil")
        ordering = ["wave", "-id"]
        indexes = [models.Index(fields=["wave", "-id"], name="snapshot_wave_newest")]

    def __str__(self) -> str:
        return f"{self.wave_id} n={self.n}"
