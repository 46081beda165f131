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


class Letterhead(models.Model):
    """The kop surat and the lembar pengesahan of every report, set by the evaluator (one row, the newest wins).

    Kept as entered; the report prints it as is. ``nip`` is checked by tilik.org.nip in ``clean``.
    """

    pemda = models.CharField(_("pemerintah daerah"), max_length=200, help_text=_("mis. Pemerintah Kota Denpasar"))
    instansi = models.CharField(_("instansi"), max_length=200)
    address = models.CharField(_("alamat"), max_length=300)
    phone = models.CharField(_("telepon"), max_length=60, blank=True)
    email = models.EmailField(_("surel"), blank=True)
    website = models.CharField(_("laman"), max_length=200, blank=True)
    logo = models.FileField(_("logo"), upload_to="laporan/kop/", blank=True)
    number = models.CharField(_("nomor"), max_length=120, blank=True)
    place = models.CharField(_("tempat pengesahan"), max_length=100)
    signed_on = models.DateField(_("tanggal pengesahan"), null=True, blank=True)
    signer_name = models.CharField(_("nama penanda tangan"), max_length=200)
    signer_nip = models.CharField(_("NIP penanda tangan"), max_length=30, blank=True)
    signer_position = models.CharField(_("jabatan penanda tangan"), max_length=200)
    signer_rank = models.CharField(_("pangkat/golongan penanda tangan"), max_length=120, blank=True)
    is_demo = models.BooleanField(_("data contoh (demo)"), default=False)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diperbarui oleh"),
    )

    objects: models.Manager[Letterhead] = models.Manager()

    class Meta:
        verbose_name = _("kop surat dan pengesahan")
        verbose_name_plural = _("kop surat dan pengesahan")
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return self.instansi

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from tilik.org.nip import normalize_nip, parse_nip

        if self.signer_nip:
            try:
                parse_nip(self.signer_nip)
            except ValidationError as exc:
                raise ValidationError({"signer_nip": exc.messages}) from exc
            self.signer_nip = normalize_nip(self.signer_nip)
