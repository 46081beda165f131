"""NIP (Nomor Induk Pegawai) parsing and validation, as DOMAIN.md describes.

PNS: YYYYMMDD birth date + YYYYMM TMT CPNS + sex digit (1 male, 2 female) + NNN
sequence from 001. PPPK layouts are disputed, so they are checked leniently:
18 digits and a plausible birth date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MIN_BIRTH_YEAR = 1940
MIN_AGE_AT_TMT = 18


@dataclass(frozen=True)
class NipInfo:
    nip: str
    birth_date: dt.date
    tmt: dt.date | None  # first day of the TMT CPNS month (PNS only)
    sex: str | None  # "L" or "P" (PNS only)
    sequence: int | None


def normalize_nip(raw: str) -> str:
    """Accept the printed form with spaces or dots (19860926 201505 1 001)."""
    return "".join(ch for ch in str(raw).strip() if ch not in " .-")


def _birth_date(nip: str, today: dt.date) -> dt.date:
    try:
        born = dt.date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        raise ValidationError(
            _("NIP: digit ke-1 s.d. 8 (tanggal lahir %(value)s) bukan tanggal yang sah."),
            code="nip_birth_date",
            params={"value": nip[0:8]},
        ) from None
    if born.year < MIN_BIRTH_YEAR or born > today:
        raise ValidationError(
            _("NIP: digit ke-1 s.d. 8: tahun lahir %(year)s tidak masuk akal."),
            code="nip_birth_year",
            params={"year": born.year},
        )
    return born


def parse_nip(raw: str, *, employment_type: str = "PNS", today: dt.date | None = None) -> NipInfo:
    """Validate a NIP and derive what it encodes. Raises ValidationError in Indonesian."""
    today = today or dt.date.today()
    nip = normalize_nip(raw)
    if not nip.isdigit():
        raise ValidationError(_("NIP hanya boleh berisi angka."), code="nip_digits")
    if len(nip) != 18:
        raise ValidationError(
            _("NIP harus 18 digit, bukan %(n)s digit."), code="nip_length", params={"n": len(nip)}
        )
    born = _birth_date(nip, today)
    if employment_type != "PNS":
        return NipInfo(nip=nip, birth_date=born, tmt=None, sex=None, sequence=None)

    year, month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= month <= 12:
        raise ValidationError(
            _("NIP: digit ke-13 dan 14 (bulan TMT CPNS) harus 01 s.d. 12, bukan %(value)s."),
            code="nip_tmt_month",
            params={"value": nip[12:14]},
        )
    tmt = dt.date(year, month, 1)
    adult = dt.date(born.year + MIN_AGE_AT_TMT, born.month, min(born.day, 28))
    if tmt < adult.replace(day=1):
        raise ValidationError(
            _("NIP: digit ke-9 s.d. 14 (TMT CPNS %(value)s) harus setelah ulang tahun ke-18."),
            code="nip_tmt_too_early",
            params={"value": nip[8:14]},
        )
    if tmt > today:
        raise ValidationError(
            _("NIP: digit ke-9 s.d. 14 (TMT CPNS %(value)s) tidak boleh di masa depan."),
            code="nip_tmt_future",
            params={"value": nip[8:14]},
        )
    sex_digit = nip[14]
    if sex_digit not in "12":
        raise ValidationError(
            _("NIP: digit ke-15 (jenis kelamin) harus 1 atau 2, bukan %(value)s."),
            code="nip_sex",
            params={"value": sex_digit},
        )
    sequence = int(nip[15:18])
    if sequence == 0:
        raise ValidationError(_("NIP: digit ke-16 s.d. 18 (nomor urut) dimulai dari 001."), code="nip_sequence")
    return NipInfo(nip=nip, birth_date=born, tmt=tmt, sex="L" if sex_digit == "1" else "P", sequence=sequence)
