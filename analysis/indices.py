"""Official ASN indices: IP ASN, SKP predikat, and the 20 JP right.

IP ASN (PermenPAN-RB 38/2018; Peraturan BKN 8/2019): weighted sum of four
dimension scores. Only the Kualifikasi weight is firmly confirmed and BKN is
reworking the formula, so the weights are data (``IP_ASN_DEFAULT_WEIGHTS``)
that callers can replace, not constants baked into the arithmetic.

Category boundaries: the regulation publishes integer bands (91-100,
81-90, 71-80, 61-70, <=60). A non-integer score is not rounded first; it
belongs to the band whose lower neighbour's upper bound it exceeds, i.e.
> 90 Sangat Tinggi, > 80 Tinggi, > 70 Sedang, > 60 Rendah, else Sangat
Rendah. So 90.4 is Sangat Tinggi and 60.0 is Sangat Rendah; every integer
lands exactly where the published table puts it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from analysis._format import fmt_id as _id
from analysis.results import Result

__all__ = [
    "IP_ASN_DEFAULT_WEIGHTS",
    "IPASNResult",
    "JPCompliance",
    "SKP_MATRIX",
    "ip_asn",
    "ip_asn_category",
    "jp_compliance",
    "skp_predikat",
]

IP_ASN_DEFAULT_WEIGHTS: Mapping[str, float] = MappingProxyType(
    {"kualifikasi": 0.25, "kompetensi": 0.40, "kinerja": 0.30, "disiplin": 0.05}
)

# (exclusive lower bound, category); see module docstring.
_IP_BANDS: tuple[tuple[float, str, str], ...] = (
    (90.0, "Sangat Tinggi", "very high"),
    (80.0, "Tinggi", "high"),
    (70.0, "Sedang", "moderate"),
    (60.0, "Rendah", "low"),
)


@dataclass(frozen=True)
class IPASNResult(Result):
    method: str
    score: float
    category: str
    contributions: dict[str, float]
    weights: dict[str, float]
    n: int = 1


@dataclass(frozen=True)
class JPCompliance(Result):
    method: str
    n: int
    n_compliant: int
    pct: float
    mean_jp: float
    median_jp: float
    target: float
    gaps: dict[str, float]  # person -> JP still missing, only for those below target
    total_gap: float


def _ip_category(score: float) -> tuple[str, str]:
    for cut, label_id, label_en in _IP_BANDS:
        if score > cut:
            return label_id, label_en
    return "Sangat Rendah", "very low"


def ip_asn_category(score: float) -> str:
    """Category of an IP ASN score (0-100)."""
    if math.isnan(score) or not 0.0 <= score <= 100.0:
        raise ValueError(f"Skor IP ASN {score} di luar rentang 0-100.")
    return _ip_category(score)[0]


def ip_asn(scores: Mapping[str, float], weights: Mapping[str, float] | None = None) -> IPASNResult:
    """IP ASN = sum of weight x dimension score; dimension scores are on 0-100.

    Sub-scores published as already-weighted points (e.g. Kualifikasi S-3 =
    25) must be divided by the dimension weight first to put them on 0-100.
    """
    w = dict(IP_ASN_DEFAULT_WEIGHTS if weights is None else weights)
    if not w:
        raise ValueError("Bobot dimensi tidak boleh kosong.")
    for name, value in w.items():
        if math.isnan(value) or value < 0:
            raise ValueError(f"Bobot dimensi '{name}' tidak sah: {value}.")
    total_w = math.fsum(w.values())
    if not math.isclose(total_w, 1.0, abs_tol=1e-9):
        raise ValueError(f"Jumlah bobot harus 1 (100%), bukan {total_w:g}.")
    missing = [d for d in w if d not in scores]
    if missing:
        raise ValueError(f"Skor dimensi belum diisi: {', '.join(missing)}.")
    extra = [d for d in scores if d not in w]
    if extra:
        raise ValueError(f"Dimensi tanpa bobot: {', '.join(extra)}.")
    for name in w:
        value = float(scores[name])
        if math.isnan(value) or not 0.0 <= value <= 100.0:
            raise ValueError(f"Skor dimensi '{name}' = {value} di luar rentang 0-100.")
    contributions = {d: w[d] * float(scores[d]) for d in w}
    score = math.fsum(contributions.values())
    score = min(100.0, max(0.0, score))  # guard against 100.00000000000001
    label_id, label_en = _ip_category(score)
    warnings = []
    if weights is None:
        warnings.append(
            "Bobot Kompetensi, Kinerja dan Disiplin belum terkonfirmasi (BKN sedang merevisi rumus); "
            "sesuaikan bila ada ketentuan terbaru."
        )
    return IPASNResult(
        method="Indeks Profesionalitas ASN (jumlah tertimbang 4 dimensi)",
        score=score,
        category=label_id,
        contributions=contributions,
        weights=w,
        interpretation_id=f"Skor IP ASN {_id(score, 2)}: kategori {label_id}.",
        interpretation_en=f"IP ASN score {score:.2f}: {label_en} professionalism.",
        warnings=tuple(warnings),
    )


_RATING_ALIASES = {
    "di_atas": "di_atas",
    "diatas": "di_atas",
    "di_atas_ekspektasi": "di_atas",
    "diatas_ekspektasi": "di_atas",
    "above": "di_atas",
    "sesuai": "sesuai",
    "sesuai_ekspektasi": "sesuai",
    "as_expected": "sesuai",
    "di_bawah": "di_bawah",
    "dibawah": "di_bawah",
    "di_bawah_ekspektasi": "di_bawah",
    "dibawah_ekspektasi": "di_bawah",
    "below": "di_bawah",
}

# PermenPAN-RB 6/2022: rows = rating hasil kerja, columns = rating perilaku kerja.
SKP_MATRIX: Mapping[tuple[str, str], str] = MappingProxyType(
    {
        ("di_atas", "di_atas"): "Sangat Baik",
        ("di_atas", "sesuai"): "Baik",
        ("di_atas", "di_bawah"): "Kurang/Misconduct",
        ("sesuai", "di_atas"): "Baik",
        ("sesuai", "sesuai"): "Baik",
        ("sesuai", "di_bawah"): "Kurang/Misconduct",
        ("di_bawah", "di_atas"): "Butuh Perbaikan",
        ("di_bawah", "sesuai"): "Butuh Perbaikan",
        ("di_bawah", "di_bawah"): "Sangat Kurang",
    }
)


def _normalise_rating(value: str, what: str) -> str:
    key = "_".join(str(value).strip().lower().replace("-", " ").replace("_", " ").split())
    if key not in _RATING_ALIASES:
        raise ValueError(
            f"Rating {what} '{value}' tidak dikenal; gunakan 'di_atas', 'sesuai' atau 'di_bawah' "
            "(atau 'Di Atas Ekspektasi', 'Sesuai Ekspektasi', 'Di Bawah Ekspektasi')."
        )
    return _RATING_ALIASES[key]


def skp_predikat(hasil: str, perilaku: str) -> str:
    """Predikat kinerja from the two ratings (PermenPAN-RB 6/2022 matrix)."""
    return SKP_MATRIX[
        (_normalise_rating(hasil, "hasil kerja"), _normalise_rating(perilaku, "perilaku kerja"))
    ]


def jp_compliance(jp_by_person: Mapping[str, float] | Sequence[float], target: float = 20) -> JPCompliance:
    """Share of people who reached the yearly JP target (PP 11/2017: 20 JP).

    A sequence is keyed by position ("0", "1", ...) in ``gaps``.
    """
    if math.isnan(target) or target <= 0:
        raise ValueError(f"Target JP harus positif, bukan {target}.")
    items = (
        [(str(k), v) for k, v in jp_by_person.items()]
        if isinstance(jp_by_person, Mapping)
        else [(str(i), v) for i, v in enumerate(jp_by_person)]
    )
    if not items:
        raise ValueError("Data JP kosong.")
    values: list[tuple[str, float]] = []
    for person, raw in items:
        value = float(raw)
        if math.isnan(value) or value < 0:
            raise ValueError(f"JP untuk '{person}' tidak sah: {raw!r} (harus angka >= 0).")
        values.append((person, value))
    n = len(values)
    gaps = {p: target - v for p, v in values if v < target}
    n_ok = n - len(gaps)
    pct = n_ok / n * 100.0
    jps = sorted(v for _, v in values)
    mid = n // 2
    median = jps[mid] if n % 2 else (jps[mid - 1] + jps[mid]) / 2.0
    mean = math.fsum(jps) / n
    total_gap = math.fsum(gaps.values())
    warnings = []
    if target != 20:
        warnings.append(f"Target JP {target:g}, bukan 20 JP sesuai PP 11/2017.")
    return JPCompliance(
        method=f"Kepatuhan hak pengembangan kompetensi (target {target:g} JP per tahun)",
        n=n,
        n_compliant=n_ok,
        pct=pct,
        mean_jp=mean,
        median_jp=median,
        target=float(target),
        gaps=gaps,
        total_gap=total_gap,
        interpretation_id=(
            f"{n_ok} dari {n} pegawai ({_id(pct, 1)}%) telah memenuhi {target:g} JP; "
            f"rata-rata {_id(mean, 1)} JP. "
            f"Kekurangan total {_id(total_gap, 1)} JP pada {len(gaps)} pegawai."
        ),
        interpretation_en=(
            f"{n_ok} of {n} employees ({pct:.1f}%) reached {target:g} JP; mean {mean:.1f} JP. "
            f"Total shortfall {total_gap:.1f} JP across {len(gaps)} employees."
        ),
        warnings=tuple(warnings),
    )
