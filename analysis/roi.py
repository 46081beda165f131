"""Kirkpatrick-Phillips level 5: cost metrics and return on investment.

Phillips' rules applied here: benefits are first isolated (the share of the
improvement attributed to the training, ``isolation``) and then discounted
by the estimators' confidence (``confidence``), both in 0-1, before being
compared with fully loaded costs. The assumptions travel with the result so
a report always states them; intangible benefits are reported apart and are
never part of this arithmetic.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from analysis._format import fmt_id as _id
from analysis.results import Result

__all__ = ["CostMetrics", "ROIResult", "ROISensitivity", "cost_metrics", "phillips_roi", "roi_sensitivity"]


@dataclass(frozen=True)
class CostMetrics(Result):
    method: str
    n: int  # participants
    total_cost: float
    cost_per_participant: float | None
    cost_per_jp_participant: float | None  # per participant-JP (participants x JP)
    cost_per_completer: float | None
    completion_rate: float | None


@dataclass(frozen=True)
class ROIResult(Result):
    method: str
    benefits: float
    costs: float
    isolation: float
    confidence: float
    adjusted_benefits: float
    net_benefits: float
    roi_pct: float
    bcr: float
    n: int = 1
    assumptions: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ROISensitivity(Result):
    method: str
    low: ROIResult
    base: ROIResult
    high: ROIResult
    n: int = 3


def _rupiah(value: float) -> str:
    # Indonesian digit grouping: 1.234.567
    return "Rp" + f"{value:,.0f}".replace(",", ".")


def _non_negative(value: float, name: str) -> float:
    out = float(value)
    if math.isnan(out) or math.isinf(out) or out < 0:
        raise ValueError(f"{name} harus angka tidak negatif, bukan {value!r}.")
    return out


def _share(value: float, name: str) -> float:
    out = float(value)
    if math.isnan(out) or not 0.0 <= out <= 1.0:
        raise ValueError(f"{name} harus di antara 0 dan 1, bukan {value!r}.")
    return out


def cost_metrics(total_cost: float, *, participants: int, jp: float, completers: int) -> CostMetrics:
    """Unit costs of one offering; a ratio is None when its denominator is 0."""
    cost = _non_negative(total_cost, "Total biaya")
    n = int(_non_negative(participants, "Jumlah peserta"))
    hours = _non_negative(jp, "JP")
    done = int(_non_negative(completers, "Jumlah lulusan"))
    if done > n:
        raise ValueError(f"Jumlah peserta yang menyelesaikan ({done}) melebihi jumlah peserta ({n}).")
    per_p = cost / n if n else None
    per_jp = cost / (n * hours) if n and hours else None
    per_c = cost / done if done else None
    rate = done / n if n else None
    warns = []
    if n == 0:
        warns.append("Tidak ada peserta; biaya per peserta tidak terdefinisi.")
    if n and done == 0:
        warns.append("Tidak ada peserta yang menyelesaikan program.")
    parts_id = [
        f"{_rupiah(per_p)} per peserta" if per_p is not None else None,
        f"{_rupiah(per_jp)} per JP-peserta" if per_jp is not None else None,
        f"{_rupiah(per_c)} per lulusan" if per_c is not None else None,
    ]
    parts_en = [
        f"{_rupiah(per_p)} per participant" if per_p is not None else None,
        f"{_rupiah(per_jp)} per participant-JP" if per_jp is not None else None,
        f"{_rupiah(per_c)} per completer" if per_c is not None else None,
    ]
    return CostMetrics(
        method="Biaya satuan (total biaya dibagi peserta, JP-peserta, lulusan)",
        n=n,
        total_cost=cost,
        cost_per_participant=per_p,
        cost_per_jp_participant=per_jp,
        cost_per_completer=per_c,
        completion_rate=rate,
        interpretation_id=f"Total {_rupiah(cost)}: " + ", ".join(p for p in parts_id if p) + ".",
        interpretation_en=f"Total {_rupiah(cost)}: " + ", ".join(p for p in parts_en if p) + ".",
        warnings=tuple(warns),
    )


def phillips_roi(
    *, benefits: float, costs: float, isolation: float = 1.0, confidence: float = 1.0
) -> ROIResult:
    """ROI % = (adjusted benefits - costs) / costs x 100; BCR = adjusted benefits / costs."""
    b = _non_negative(benefits, "Manfaat")
    c = _non_negative(costs, "Biaya")
    if c == 0:
        raise ValueError("Biaya harus lebih dari 0 untuk menghitung ROI.")
    iso = _share(isolation, "Faktor isolasi")
    conf = _share(confidence, "Faktor keyakinan")
    adjusted = b * iso * conf
    roi = (adjusted - c) / c * 100.0
    bcr = adjusted / c
    warns = []
    if iso == 1.0:
        warns.append(
            "Faktor isolasi 1: seluruh manfaat diatribusikan ke pelatihan tanpa pemisahan efek lain."
        )
    if conf == 1.0:
        warns.append("Faktor keyakinan 1: estimasi manfaat tidak didiskon menurut keyakinan penaksir.")
    verdict_id = "menguntungkan" if roi > 0 else "impas" if roi == 0 else "merugi"
    verdict_en = "positive" if roi > 0 else "break-even" if roi == 0 else "negative"
    return ROIResult(
        method="ROI Phillips (manfaat disesuaikan isolasi x keyakinan)",
        benefits=b,
        costs=c,
        isolation=iso,
        confidence=conf,
        adjusted_benefits=adjusted,
        net_benefits=adjusted - c,
        roi_pct=roi,
        bcr=bcr,
        assumptions={
            "manfaat": f"Manfaat moneter {_rupiah(b)} sebelum penyesuaian.",
            "isolasi": f"{_id(iso * 100, 0)}% perbaikan diatribusikan ke pelatihan.",
            "keyakinan": f"Estimasi manfaat didiskon ke {_id(conf * 100, 0)}% keyakinan penaksir.",
            "biaya": f"Biaya penuh (fully loaded) {_rupiah(c)}.",
            "intangible": "Manfaat tak berwujud dilaporkan terpisah, tidak dimasukkan dalam ROI.",
        },
        interpretation_id=(
            f"ROI {_id(roi, 1)}% ({verdict_id}); BCR {_id(bcr, 2)}: setiap Rp1 biaya menghasilkan "
            f"Rp{_id(bcr, 2)} manfaat "
            f"yang telah disesuaikan ({_rupiah(adjusted)})."
        ),
        interpretation_en=(
            f"ROI {roi:.1f}% ({verdict_en}); BCR {bcr:.2f}: each Rp1 spent returns Rp{bcr:.2f} in adjusted "
            f"benefits ({_rupiah(adjusted)})."
        ),
        warnings=tuple(warns),
    )


def _triple(value: float | Sequence[float], name: str) -> tuple[float, float, float]:
    if isinstance(value, (int, float)):
        return float(value), float(value), float(value)
    vals = [float(v) for v in value]
    if len(vals) == 2:
        lo, hi = vals
        vals = [lo, (lo + hi) / 2.0, hi]
    if len(vals) != 3 or not vals[0] <= vals[1] <= vals[2]:
        raise ValueError(
            f"{name} harus satu angka, (rendah, tinggi) atau (rendah, dasar, tinggi) yang terurut."
        )
    return vals[0], vals[1], vals[2]


def roi_sensitivity(
    *,
    benefits: float | Sequence[float],
    costs: float | Sequence[float],
    isolation: float | Sequence[float] = (0.5, 0.75, 1.0),
    confidence: float | Sequence[float] = (0.5, 0.75, 1.0),
) -> ROISensitivity:
    """ROI under pessimistic, base and optimistic assumptions.

    Each argument is a number or a (low, high) or (low, base, high) range; a
    (low, high) pair uses its midpoint as base. Low combines low benefits,
    isolation and confidence with high costs; high does the opposite.
    """
    b = _triple(benefits, "Manfaat")
    c = _triple(costs, "Biaya")
    iso = _triple(isolation, "Faktor isolasi")
    conf = _triple(confidence, "Faktor keyakinan")
    low = phillips_roi(benefits=b[0], costs=c[2], isolation=iso[0], confidence=conf[0])
    base = phillips_roi(benefits=b[1], costs=c[1], isolation=iso[1], confidence=conf[1])
    high = phillips_roi(benefits=b[2], costs=c[0], isolation=iso[2], confidence=conf[2])
    warns = []
    if low.roi_pct < 0 < high.roi_pct:
        warns.append("Tanda ROI berubah dalam rentang asumsi: kesimpulan untung/rugi bergantung pada asumsi.")
    return ROISensitivity(
        method="Analisis sensitivitas ROI Phillips (skenario rendah/dasar/tinggi)",
        low=low,
        base=base,
        high=high,
        interpretation_id=(
            f"ROI berkisar {_id(low.roi_pct, 1)}% (pesimistis) hingga {_id(high.roi_pct, 1)}% (optimistis); "
            f"skenario dasar {_id(base.roi_pct, 1)}%."
        ),
        interpretation_en=(
            f"ROI ranges from {low.roi_pct:.1f}% (pessimistic) to {high.roi_pct:.1f}% (optimistic); "
            f"base case {base.roi_pct:.1f}%."
        ),
        warnings=tuple(warns),
    )
