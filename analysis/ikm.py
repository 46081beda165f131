"""Indeks Kepuasan Masyarakat (IKM), PermenPAN-RB No. 14 Tahun 2017.

NRR per unsur = sum of answers / number of respondents who answered it;
IKM = 25 x sum(NRR_u x 1/9). The arithmetic is done in exact fractions and
rounded (half up) to two decimals only at the end: spreadsheets that weight
each unsur by 0.11 instead of 1/9 understate IKM by 1 %, and binary floats
would round 91.475 down.

Unsur are addressed by code (U1..U9), never by column position, because
some published forms swap U8 and U9.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import numpy as np
import pandas as pd

from analysis._format import fmt_id as _id
from analysis.results import Result

__all__ = ["UNSUR", "IKMResult", "ikm", "ikm_grade", "krejcie_morgan"]

UNSUR: dict[str, str] = {
    "U1": "Persyaratan",
    "U2": "Sistem, Mekanisme, dan Prosedur",
    "U3": "Waktu Penyelesaian",
    "U4": "Biaya/Tarif",
    "U5": "Produk Spesifikasi Jenis Pelayanan",
    "U6": "Kompetensi Pelaksana",
    "U7": "Perilaku Pelaksana",
    "U8": "Penanganan Pengaduan, Saran dan Masukan",
    "U9": "Sarana dan Prasarana",
}

# Lower bounds on the (rounded) IKM value, from the regulation's table.
_GRADES: tuple[tuple[float, str, str], ...] = (
    (88.31, "A", "Sangat Baik"),
    (76.61, "B", "Baik"),
    (65.00, "C", "Kurang Baik"),
    (25.00, "D", "Tidak Baik"),
)
_GRADES_EN = {"A": "very good", "B": "good", "C": "poor", "D": "very poor"}

# Krejcie & Morgan (1970) constants.
_CHI2 = 3.841
_P = 0.5
_D = 0.05


@dataclass(frozen=True)
class IKMResult(Result):
    method: str
    ikm: float
    ikm_raw: float
    nrr: dict[str, float]
    nrr_weighted: dict[str, float]
    grade: str
    category: str
    n: int
    n_per_unsur: dict[str, int]


def ikm_grade(value: float) -> tuple[str, str]:
    """Mutu (A-D) and kinerja category for an IKM value on the 25-100 scale."""
    if math.isnan(value) or not 25.0 <= value <= 100.0:
        raise ValueError(f"Nilai IKM {value} di luar rentang 25-100.")
    for cut, grade, category in _GRADES:
        if value >= cut:
            return grade, category
    raise AssertionError("unreachable")  # pragma: no cover


def _round_half_up(value: Fraction, places: int = 2) -> float:
    quantum = Decimal(1).scaleb(-places)
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return float(exact.quantize(quantum, rounding=ROUND_HALF_UP))


def _column_answers(series: pd.Series, code: str) -> list[int]:
    numeric = pd.to_numeric(series, errors="coerce")
    bad_mask = (series.notna() & numeric.isna()) | (numeric.notna() & ~numeric.isin([1, 2, 3, 4]))
    if bad_mask.any():
        idx = bad_mask[bad_mask].index[0]
        raise ValueError(
            f"Kolom '{code}' baris {idx}: nilai {series.loc[idx]!r} tidak sah; jawaban IKM harus bilangan "
            "bulat 1-4."
        )
    return [int(v) for v in numeric.dropna()]


def ikm(data: pd.DataFrame, *, unsur: Sequence[str] = tuple(UNSUR)) -> IKMResult:
    """Compute IKM from one row per respondent and one column per unsur code."""
    codes = list(unsur)
    if not codes:
        raise ValueError("Daftar unsur tidak boleh kosong.")
    if len(set(codes)) != len(codes):
        raise ValueError("Kode unsur tidak boleh berulang.")
    unknown = [c for c in codes if c not in UNSUR]
    if unknown:
        raise ValueError(f"Kode unsur tidak dikenal: {', '.join(unknown)} (gunakan U1-U9).")
    absent = [c for c in codes if c not in data.columns]
    if absent:
        raise ValueError(f"Kolom unsur tidak ditemukan: {', '.join(absent)}.")

    nrr_exact: dict[str, Fraction] = {}
    n_per: dict[str, int] = {}
    for code in codes:
        answers = _column_answers(data[code], code)
        if not answers:
            raise ValueError(f"Unsur {code} ({UNSUR[code]}) tidak memiliki jawaban sama sekali.")
        nrr_exact[code] = Fraction(sum(answers), len(answers))
        n_per[code] = len(answers)

    weight = Fraction(1, len(codes))  # exactly 1/9 for the full form, never 0.11
    raw = 25 * sum((v * weight for v in nrr_exact.values()), Fraction(0))
    value = _round_half_up(raw)
    grade, category = ikm_grade(value)
    n = int(data[codes].apply(pd.to_numeric, errors="coerce").notna().any(axis=1).sum())

    warnings: list[str] = []
    if len(codes) != len(UNSUR):
        warnings.append(
            f"Hanya {len(codes)} dari 9 unsur yang dihitung; bobot tiap unsur 1/{len(codes)}, tidak "
            "sepenuhnya sebanding dengan IKM standar."
        )
    uneven = len(set(n_per.values())) > 1
    if uneven:
        warnings.append("Jumlah penjawab berbeda antarunsur; NRR tiap unsur memakai penjawabnya sendiri.")
    minimum = krejcie_morgan(None)
    if n < minimum:
        warnings.append(
            f"Jumlah responden ({n}) di bawah ukuran sampel Krejcie-Morgan untuk populasi besar ({minimum}); "
            "periksa kecukupan sampel terhadap jumlah populasi penerima layanan."
        )
    lowest = min(nrr_exact, key=lambda c: nrr_exact[c])
    return IKMResult(
        method="IKM PermenPAN-RB 14/2017 (bobot 1/9, pembulatan akhir 2 desimal)",
        ikm=value,
        ikm_raw=float(raw),
        nrr={c: float(v) for c, v in nrr_exact.items()},
        nrr_weighted={c: float(v * weight) for c, v in nrr_exact.items()},
        grade=grade,
        category=category,
        n=n,
        n_per_unsur=n_per,
        interpretation_id=(
            f"IKM {_id(value, 2)}: mutu {grade}, kinerja unit pelayanan {category} (n = {n}). "
            f"Unsur terendah: {lowest} {UNSUR[lowest]} (NRR {_id(float(nrr_exact[lowest]), 2)})."
        ),
        interpretation_en=(
            f"IKM {value:.2f}: grade {grade}, service performance {_GRADES_EN[grade]} (n = {n}). "
            f"Lowest element: {lowest} (NRR {float(nrr_exact[lowest]):.2f})."
        ),
        warnings=tuple(warnings),
    )


def krejcie_morgan(population: int | None) -> int:
    """Required sample size from Krejcie & Morgan (1970).

    S = chi2 N P(1-P) / (d^2 (N-1) + chi2 P(1-P)) with chi2 = 3.841, P = .5,
    d = .05. The published table rounds to the nearest integer (N = 50 -> 44,
    100 -> 80, 1,000 -> 278, 10,000 -> 370, infinite -> 384), not upwards.
    ``None`` means an unknown or very large population.
    """
    pq = _P * (1 - _P)
    if population is None:
        s = _CHI2 * pq / _D**2
    else:
        if isinstance(population, bool) or not isinstance(population, (int, np.integer)):
            raise ValueError("Jumlah populasi harus bilangan bulat.")
        if population < 1:
            raise ValueError(f"Jumlah populasi harus positif, bukan {population}.")
        n = int(population)
        s = _CHI2 * n * pq / (_D**2 * (n - 1) + _CHI2 * pq)
    size = int(Decimal(repr(s)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return size if population is None else min(size, int(population))
