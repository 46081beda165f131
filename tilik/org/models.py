"""Units (the OPD tree and service units), employees, and unit membership history."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tilik.org.choices import (
    GOLONGAN_CHOICES,
    Education,
    EmploymentType,
    JabatanCategory,
    Jenjang,
    Kecamatan,
    Sex,
    UnitType,
)


class Unit(models.Model):
    """A node of the organisation tree: Pemerintah Kota → OPD → Bidang / Puskesmas / ...

    ``path`` is a materialised path of primary keys ("/1/7/42/") kept by the
    services, so "this unit and everything under it" is one indexed prefix query.
    """

    name = models.CharField(_("nama"), max_length=200)
    short_name = models.CharField(_("singkatan"), max_length=60, blank=True)
    code = models.SlugField(_("kode"), max_length=80, unique=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children",
        verbose_name=_("unit induk"),
    )
    unit_type = models.CharField(_("jenis unit"), max_length=20, choices=UnitType.choices)
    kecamatan = models.CharField(_("kecamatan"), max_length=20, choices=Kecamatan.choices, blank=True)
    serves_public = models.BooleanField(
        _("melayani publik"), default=False, help_text=_("Unit pelayanan publik yang wajib menjalankan SKM/IKM.")
    )
    active = models.BooleanField(_("aktif"), default=True)
    path = models.CharField(_("jalur"), max_length=255, blank=True, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(_("kedalaman"), default=0, editable=False)

    class Meta:
        verbose_name = _("unit kerja")
        verbose_name_plural = _("unit kerja")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name


class Employee(models.Model):
    """An ASN (PNS or PPPK). Birth date, TMT and sex of a PNS are derived from the NIP."""

    nip = models.CharField(_("NIP"), max_length=18, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    employment_type = models.CharField(
        _("status kepegawaian"), max_length=4, choices=EmploymentType.choices, default=EmploymentType.PNS
    )
    golongan = models.CharField(_("golongan/ruang"), max_length=12, choices=GOLONGAN_CHOICES)
    jabatan_category = models.CharField(_("kategori jabatan"), max_length=20, choices=JabatanCategory.choices)
    jenjang = models.CharField(_("jenjang jabatan fungsional"), max_length=20, choices=Jenjang.choices, blank=True)
    position_title = models.CharField(_("nama jabatan"), max_length=200, blank=True)
    education = models.CharField(_("pendidikan terakhir"), max_length=3, choices=Education.choices)
    birth_date = models.DateField(_("tanggal lahir"))
    tmt_cpns = models.DateField(_("TMT CPNS"), null=True, blank=True)
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)
    email = models.EmailField(_("surel"), blank=True)
    phone = models.CharField(_("nomor WhatsApp"), max_length=20, blank=True)
    active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("pegawai (ASN)")
        verbose_name_plural = _("pegawai (ASN)")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(nip__regex=r"^[0-9]{18}$"), name="employee_nip_18_digits"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.nip})"

    def age_on(self, day: dt.date) -> int:
        born = self.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class UnitMembership(models.Model):
    """Which unit an employee belonged to, and when. end_date None means current."""

    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("pegawai")
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("unit"))
    start_date = models.DateField(_("mulai"))
    end_date = models.DateField(_("selesai"), null=True, blank=True)

    class Meta:
        verbose_name = _("riwayat unit")
        verbose_name_plural = _("riwayat unit")
        ordering = ["employee", "start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee"], condition=Q(end_date__isnull=True), name="membership_one_current_per_employee"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="membership_end_after_start",
            ),
        ]
        indexes = [models.Index(fields=["unit", "start_date"])]

    def __str__(self) -> str:
        return f"{self.employee.name} @ {self.unit.name} ({self.start_date}–{self.end_date or '…'})"
