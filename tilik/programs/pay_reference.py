"""Reference monthly income per PNS golongan and the hourly cost of an ASN, for ROI benefit assumptions.

Data only (plus one formula), kept in one place so that a new pay regulation is a one-file change.

Sources:

* Gaji pokok: Lampiran PP No. 5 Tahun 2024 (Perubahan Kesembilan Belas atas PP No. 7 Tahun 1977
  tentang Peraturan Gaji PNS), in force 1 January 2024. Each golongan/ruang has a range by masa kerja
  golongan (MKG); Tilik uses the midpoint of that range (an ASN of average seniority).
* Jam kerja: Perpres No. 21 Tahun 2023 (hari kerja dan jam kerja ASN): 5 working days and
  37 jam 30 menit per week, i.e. 7.5 hours a day.
* Tunjangan (allowances): an **editable assumption**, not a regulation figure for any one person:
  tunjangan keluarga 10 % of gaji pokok for a spouse + 2 % for each of two children (PP 7/1977),
  tunjangan pangan for four people at Rp 72.420 each (10 kg of rice at Rp 7.242/kg), and tunjangan
  umum by golongan (Perpres 12/2006: I Rp 175.000, II Rp 180.000, III Rp 185.000, IV Rp 190.000).
  Tambahan penghasilan pegawai (TPP) differs by pemda and is *not* included: add it to the allowance
  in the ROI form when it is known.
* Working days per month: 21 (about 52 × 5 = 260 weekdays less national holidays and cuti bersama,
  ÷ 12) — also an assumption.

PPPK (golongan I–XVII, Perpres 11/2024) is not in the table: enter their hourly cost by hand.

Formula (what the tests pin):

    hourly cost = (gaji pokok + tunjangan) / (working days per month × hours per day)
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

PAY_SOURCE = "PP No. 5 Tahun 2024 (gaji pokok PNS, titik tengah rentang masa kerja)"
HOURS_SOURCE = "Perpres No. 21 Tahun 2023 (37,5 jam kerja per minggu, 5 hari kerja)"
ALLOWANCE_SOURCE = (
    "asumsi yang dapat diubah: tunjangan keluarga 14 % gaji pokok (pasangan + 2 anak), tunjangan pangan "
    "4 jiwa × Rp 72.420, tunjangan umum per golongan (Perpres 12/2006); tanpa TPP"
)

WORKING_DAYS_PER_MONTH = Decimal(21)
HOURS_PER_DAY = Decimal("7.5")

# golongan/ruang -> (gaji pokok lowest MKG, highest MKG), rupiah per month, Lampiran PP 5/2024.
GAJI_POKOK_PP_5_2024: dict[str, tuple[int, int]] = {
    "I/a": (1_685_700, 2_522_600),
    "I/b": (1_840_800, 2_670_700),
    "I/c": (1_918_700, 2_783_700),
    "I/d": (1_999_900, 2_901_400),
    "II/a": (2_184_000, 3_643_400),
    "II/b": (2_385_000, 3_797_500),
    "II/c": (2_485_900, 3_958_200),
    "II/d": (2_591_100, 4_125_600),
    "III/a": (2_785_700, 4_575_200),
    "III/b": (2_903_600, 4_768_800),
    "III/c": (3_026_400, 4_970_500),
    "III/d": (3_154_400, 5_180_700),
    "IV/a": (3_287_800, 5_399_900),
    "IV/b": (3_426_900, 5_628_300),
    "IV/c": (3_571_900, 5_866_400),
    "IV/d": (3_723_000, 6_114_500),
    "IV/e": (3_880_400, 6_373_200),
}

# The allowance assumption (see the module docstring).
FAMILY_ALLOWANCE_SHARE = Decimal("0.14")
FOOD_ALLOWANCE = Decimal(4 * 72_420)
GENERAL_ALLOWANCE = {"I": Decimal(175_000), "II": Decimal(180_000), "III": Decimal(185_000), "IV": Decimal(190_000)}

GOLONGAN = tuple(GAJI_POKOK_PP_5_2024)
RUPIAH = Decimal(1)


@dataclass(frozen=True)
class HourlyCost:
    """How the hourly cost of an ASN of one golongan was derived; stored beside the ROI assumption."""

    golongan: str
    base_pay: Decimal  # gaji pokok per month
    allowance: Decimal  # tunjangan per month (assumed or entered)
    allowance_entered: bool  # True when the evaluator replaced the default allowance
    working_days: Decimal
    hours_per_day: Decimal
    hourly: Decimal  # rupiah per hour, rounded to whole rupiah

    @property
    def monthly(self) -> Decimal:
        return self.base_pay + self.allowance

    def as_basis(self) -> dict[str, str | bool]:
        """JSON-safe record of the derivation (decimals as strings: no float rounding in storage)."""
        return {
            "golongan": self.golongan,
            "gaji_pokok": str(self.base_pay),
            "tunjangan": str(self.allowance),
            "tunjangan_diisi": self.allowance_entered,
            "hari_kerja_per_bulan": str(self.working_days),
            "jam_per_hari": str(self.hours_per_day),
            "biaya_per_jam": str(self.hourly),
            "sumber_gaji": PAY_SOURCE,
            "sumber_jam": HOURS_SOURCE,
            "sumber_tunjangan": ALLOWANCE_SOURCE,
        }


def base_pay(golongan: str) -> Decimal:
    """Gaji pokok used for a golongan: the midpoint of its PP 5/2024 range, whole rupiah."""
    low, high = GAJI_POKOK_PP_5_2024[golongan]
    return (Decimal(low + high) / 2).quantize(RUPIAH, rounding=ROUND_HALF_UP)


def default_allowance(golongan: str) -> Decimal:
    """The assumed monthly tunjangan for a golongan (keluarga + pangan + umum, no TPP), whole rupiah."""
    pay = base_pay(golongan)
    general = GENERAL_ALLOWANCE[golongan.split("/")[0]]
    return (pay * FAMILY_ALLOWANCE_SHARE + FOOD_ALLOWANCE + general).quantize(RUPIAH, rounding=ROUND_HALF_UP)


def hourly_cost(golongan: str, *, allowance: Decimal | None = None) -> HourlyCost:
    """Hourly cost = (gaji pokok + tunjangan) / (working days per month × hours per day).

    ``allowance`` replaces the default tunjangan assumption (e.g. to add the pemda's TPP).
    KeyError for a golongan outside the table (PPPK, or a typo).
    """
    pay = base_pay(golongan)
    entered = allowance is not None
    extra = allowance if allowance is not None else default_allowance(golongan)
    if extra < 0:
        raise ValueError("allowance must not be negative")
    hours = WORKING_DAYS_PER_MONTH * HOURS_PER_DAY
    hourly = ((pay + extra) / hours).quantize(RUPIAH, rounding=ROUND_HALF_UP)
    return HourlyCost(golongan, pay, extra, entered, WORKING_DAYS_PER_MONTH, HOURS_PER_DAY, hourly)
