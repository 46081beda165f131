"""Code lists for certificates, participation interventions and reminder experiments."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CertificateStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu verifikasi")
    VERIFIED = "verified", _("Terverifikasi")
    REJECTED = "rejected", _("Ditolak")


class InterventionKind(models.TextChoices):
    WHATSAPP = "whatsapp", _("Pengingat WhatsApp")
    LETTER = "surat_pimpinan", _("Surat dari pimpinan")
    SCHEDULE = "jadwal", _("Perubahan jadwal")
    E_LEARNING = "e_learning", _("Opsi e-learning")
    OTHER = "lainnya", _("Lainnya")


class ReminderArm(models.TextChoices):
    CONTROL = "kontrol", _("Kontrol (undangan biasa)")
    WHATSAPP = "whatsapp", _("Pengingat WhatsApp")
    LETTER = "surat_pimpinan", _("Surat dari pimpinan")
    BOTH = "whatsapp_surat", _("WhatsApp + surat pimpinan")
