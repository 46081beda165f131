"""Code lists for the organisation (DOMAIN.md: ranks and positions)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitType(models.TextChoices):
    PEMDA = "pemda", _("Pemerintah daerah")
    SETDA = "setda", _("Sekretariat")
    BADAN = "badan", _("Badan")
    DINAS = "dinas", _("Dinas")
    INSPEKTORAT = "inspektorat", _("Inspektorat")
    SATPOL = "satpol", _("Satuan Polisi Pamong Praja")
    KECAMATAN = "kecamatan", _("Kecamatan")
    KELURAHAN = "kelurahan", _("Kelurahan/Desa")
    BIDANG = "bidang", _("Bidang/Bagian")
    PUSKESMAS = "puskesmas", _("Puskesmas")
    RSUD = "rsud", _("Rumah sakit daerah")
    UPTD = "uptd", _("UPTD")
    LAINNYA = "lainnya", _("Lainnya")


class Kecamatan(models.TextChoices):
    BARAT = "denpasar_barat", "Denpasar Barat"
    TIMUR = "denpasar_timur", "Denpasar Timur"
    SELATAN = "denpasar_selatan", "Denpasar Selatan"
    UTARA = "denpasar_utara", "Denpasar Utara"


class EmploymentType(models.TextChoices):
    PNS = "PNS", "PNS"
    PPPK = "PPPK", "PPPK"


PNS_GOLONGAN = [
    f"{roman}/{letter}"
    for roman, letters in (("I", "abcd"), ("II", "abcd"), ("III", "abcd"), ("IV", "abcde"))
    for letter in letters
]
PPPK_GOLONGAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV",
                 "XV", "XVI", "XVII"]
GOLONGAN_CHOICES = [(g, g) for g in PNS_GOLONGAN] + [(f"PPPK {g}", f"PPPK {g}") for g in PPPK_GOLONGAN]


class JabatanCategory(models.TextChoices):
    JPT_UTAMA = "jpt_utama", _("JPT Utama")
    JPT_MADYA = "jpt_madya", _("JPT Madya")
    JPT_PRATAMA = "jpt_pratama", _("JPT Pratama")
    ADMINISTRATOR = "administrator", _("Administrator")
    PENGAWAS = "pengawas", _("Pengawas")
    FUNGSIONAL = "fungsional", _("Fungsional")
    PELAKSANA = "pelaksana", _("Pelaksana")


MANAGERIAL = {JabatanCategory.JPT_UTAMA, JabatanCategory.JPT_MADYA, JabatanCategory.JPT_PRATAMA,
              JabatanCategory.ADMINISTRATOR, JabatanCategory.PENGAWAS}


class Jenjang(models.TextChoices):
    AHLI_PERTAMA = "ahli_pertama", _("Ahli Pertama")
    AHLI_MUDA = "ahli_muda", _("Ahli Muda")
    AHLI_MADYA = "ahli_madya", _("Ahli Madya")
    AHLI_UTAMA = "ahli_utama", _("Ahli Utama")
    PEMULA = "pemula", _("Pemula")
    TERAMPIL = "terampil", _("Terampil")
    MAHIR = "mahir", _("Mahir")
    PENYELIA = "penyelia", _("Penyelia")


class Education(models.TextChoices):
    SD = "SD", "SD"
    SMP = "SMP", "SMP"
    SMA = "SMA", _("SMA/SMK")
    D1 = "D1", "D-I"
    D2 = "D2", "D-II"
    D3 = "D3", "D-III"
    D4 = "D4", "D-IV"
    S1 = "S1", "S-1"
    S2 = "S2", "S-2"
    S3 = "S3", "S-3"


class Sex(models.TextChoices):
    MALE = "L", _("Laki-laki")
    FEMALE = "P", _("Perempuan")
