"""Audit log and role assignments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Admin")
    EVALUATOR = "evaluator", _("Evaluator (BKPSDM)")
    UNIT_HEAD = "pimpinan_unit", _("Pimpinan unit")
    REGIONAL_HEAD = "pimpinan_daerah", _("Pimpinan daerah")
    PARTICIPANT = "peserta", _("Peserta (ASN)")
    # Codes only the interview transcripts an evaluator assigned to them (issue 19): no lists of
    # people, certificates, dashboards or deletions.
    CODER = "pengode", _("Pengode wawancara")


class Profile(models.Model):
    """A user's role in Tilik and, where the role needs it, their unit or employee record."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile", verbose_name=_("pengguna")
    )
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices, default=Role.PARTICIPANT)
    unit = models.ForeignKey(
        "org.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit"),
        help_text=_("Wajib untuk pimpinan unit: unit dan sub-unitnya yang boleh dilihat."),
    )
    employee = models.OneToOneField(
        "org.Employee",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="profile",
        verbose_name=_("pegawai"),
    )
    # Empty: Indonesian (settings.LANGUAGE_CODE). The browser's Accept-Language never decides.
    language = models.CharField(
        _("bahasa"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Bahasa tampilan dan e-mail. Kosong: Bahasa Indonesia."),
    )

    class Meta:
        verbose_name = _("profil pengguna")
        verbose_name_plural = _("profil pengguna")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="pimpinan_unit") | models.Q(unit__isnull=False),
                name="profile_unit_head_has_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class AuditEvent(models.Model):
    """Append-only record of who did what. Nothing in Tilik updates or deletes these rows."""

    at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pelaku"),
    )
    actor_label = models.CharField(_("label pelaku"), max_length=150, blank=True)
    action = models.CharField(_("tindakan"), max_length=80, db_index=True)
    target_type = models.CharField(_("jenis objek"), max_length=80, blank=True)
    target_id = models.CharField(_("ID objek"), max_length=64, blank=True)
    target_repr = models.CharField(_("objek"), max_length=255, blank=True)
    detail = models.JSONField(_("rincian"), default=dict, blank=True)

    class Meta:
        verbose_name = _("catatan audit")
        verbose_name_plural = _("log audit")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.target_repr}"


from tilik.core.models_privacy import ConsentRecord, CorrectionRequest  # noqa: E402

__all__ = ["AuditEvent", "ConsentRecord", "CorrectionRequest", "Profile", "Role"]
