"""The Word template in use (BKPSDM may upload a restyled one) and the evaluator's edits per report."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportTemplate(models.Model):
    """An uploaded replacement for tilik/reports/templates_docx/laporan.docx; the newest active one is used."""

    name = models.CharField(_("nama"), max_length=200)
    file = models.FileField(
        _("berkas .docx"), upload_to="laporan/templat/", validators=[FileExtensionValidator(["docx"])]
    )
    active = models.BooleanField(_("aktif"), default=True)
    uploaded_at = models.DateTimeField(_("diunggah"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pengunggah"),
    )

    objects: models.Manager[ReportTemplate] = models.Manager()

    class Meta:
        verbose_name = _("templat laporan Word")
        verbose_name_plural = _("templat laporan Word")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.name


class ReportEdit(models.Model):
    """The evaluator's text for one report ("program:<slug>" or "year:<yyyy>"): recommendations by key."""

    key = models.CharField(_("laporan"), max_length=140, unique=True)
    recommendations = models.JSONField(_("teks rekomendasi"), default=dict, blank=True)
    conclusion = models.TextField(_("kesimpulan tambahan"), blank=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diperbarui oleh"),
    )

    objects: models.Manager[ReportEdit] = models.Manager()

    class Meta:
        verbose_name = _("suntingan laporan")
        verbose_name_plural = _("suntingan laporan")
        ordering = ["key"]

    def __str__(self) -> str:
        return self.key
