"""Code lists for indicators, measurements and imports."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EntityKind(models.TextChoices):
    EMPLOYEE = "employee", _("Pegawai (ASN)")
    UNIT = "unit", _("Unit pelayanan")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Makin tinggi makin baik")
    LOWER = "lower", _("Makin rendah makin baik")


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Bulanan")
    QUARTERLY = "quarterly", _("Triwulanan")
    SEMESTER = "semester", _("Semesteran")
    ANNUAL = "annual", _("Tahunan")


class ImportKind(models.TextChoices):
    MEASUREMENTS = "measurements", _("Data kinerja/layanan")
    EMPLOYEES = "employees", _("Data pegawai")
    ENROLMENTS = "enrolments", _("Peserta pelatihan")


class ImportStatus(models.TextChoices):
    APPLIED = "applied", _("Diterapkan")
    UNDONE = "undone", _("Dibatalkan")


class ChangeAction(models.TextChoices):
    CREATED = "created", _("Dibuat")
    UPDATED = "updated", _("Diubah")
