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
from dataclasses import dataclass, field, replace

from analysis._format import fmt_id as _id
from analysis.results import Result

__all__ = [
    "CostMetrics",
    "ROIInterval",
    "ROIResult",
    "cost_metrics",
    "phillips_roi",
    "roi_from_effect",
]


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


def phillips_roi(*, benefits: float, costs: float, isolation: float = 1.0, confidence: float = 1.0) -> ROIResult:
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
        warns.append("Faktor isolasi 1: seluruh manfaat diatribusikan ke pelatihan tanpa pemisahan efek lain.")
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
        raise ValueError(f"{name} harus satu angka, (rendah, tinggi) atau (rendah, dasar, tinggi) yang terurut.")
    return vals[0], vals[1], vals[2]


@dataclass(frozen=True)
class ROIInterval(Result):
    """Phillips ROI/BCR carried through from a measured effect's 95 % CI and a cost range.

    ``concluded`` is False when the effect is not credibly different from zero or points the wrong way:
    then every ROI/BCR field is None and ``reason`` says why ("not_credible" or "wrong_sign").
    """

    method: str
    concluded: bool
    reason: str
    effect: float  # oriented: positive = improvement, in the indicator's unit per beneficiary per year
    effect_low: float
    effect_high: float
    value_per_unit: float  # Rp per unit of improvement (the conversion, shown once)
    beneficiaries: int
    isolation: float
    confidence: float
    costs: float
    costs_low: float
    costs_high: float
    benefits: float | None = None  # adjusted benefits (isolation x confidence), base
    benefits_low: float | None = None
    benefits_high: float | None = None
    benefit_per_beneficiary: float | None = None  # Rp per beneficiary (ASN) per year, base
    roi_pct: float | None = None
    roi_low: float | None = None
    roi_high: float | None = None
    bcr: float | None = None
    bcr_low: float | None = None
    bcr_high: float | None = None
    n: int = 1


def roi_from_effect(
    *,
    effect: float,
    ci_low: float,
    ci_high: float,
    higher_is_better: bool,
    value_per_unit: float,
    beneficiaries: int,
    costs: float | Sequence[float],
    isolation: float = 1.0,
    confidence: float = 1.0,
) -> ROIInterval:
    """ROI only from a credible effect: benefits = beneficiaries x effect x value per unit x isolation x confidence.

    The pessimistic end pairs the CI's lower end with the highest cost, the optimistic end the CI's upper
    end with the lowest cost. ``costs`` is one number or a (low, high) / (low, base, high) range (fully
    loaded: programme spending plus participants' time).
    """
    if not all(math.isfinite(v) for v in (effect, ci_low, ci_high)) or ci_low > ci_high:
        raise ValueError("Efek dan IK 95 % harus angka terhingga dengan batas bawah ≤ batas atas.")
    value = _non_negative(value_per_unit, "Nilai rupiah per satuan")
    people = int(_non_negative(beneficiaries, "Jumlah penerima manfaat"))
    iso = _share(isolation, "Faktor isolasi")
    conf = _share(confidence, "Faktor keyakinan")
    c_low, c_base, c_high = _triple(costs, "Biaya")
    if c_low <= 0:
        raise ValueError("Biaya harus lebih dari 0 untuk menghitung ROI.")
    est, lo, hi = (effect, ci_low, ci_high) if higher_is_better else (-effect, -ci_high, -ci_low)
    base = ROIInterval(
        method="ROI Phillips dari efek terukur (IK 95 % efek × rentang biaya penuh)",
        concluded=False,
        reason="",
        effect=est,
        effect_low=lo,
        effect_high=hi,
        value_per_unit=value,
        beneficiaries=people,
        isolation=iso,
        confidence=conf,
        costs=c_base,
        costs_low=c_low,
        costs_high=c_high,
    )
    if lo <= 0:
        wrong = est < 0
        why_id = "efek mengarah ke arah yang memburuk" if wrong else "IK 95 % efek memuat nol"
        why_en = "the effect points the wrong way" if wrong else "the effect's 95 % CI includes zero"
        return replace(
            base,
            reason="wrong_sign" if wrong else "not_credible",
            interpretation_id=f"ROI tidak dapat disimpulkan: {why_id}.",
            interpretation_en=f"ROI cannot be concluded: {why_en}.",
        )

    def adjusted(e: float) -> float:
        return people * e * value * iso * conf

    b_low, b_base, b_high = adjusted(lo), adjusted(est), adjusted(hi)
    roi_low, roi_base, roi_high = (
        ((b_low - c_high) / c_high * 100),
        (b_base - c_base) / c_base * 100,
        ((b_high - c_low) / c_low * 100),
    )
    warns = []
    if roi_low < 0 < roi_high:
        warns.append("Rentang ROI memuat nol: untung atau rugi bergantung pada besar efek dan biaya.")
    bcr, bcr_low, bcr_high = b_base / c_base, b_low / c_high, b_high / c_low
    return replace(
        base,
        concluded=True,
        benefits=b_base,
        benefits_low=b_low,
        benefits_high=b_high,
        benefit_per_beneficiary=b_base / people if people else None,
        roi_pct=roi_base,
        roi_low=roi_low,
        roi_high=roi_high,
        bcr=bcr,
        bcr_low=bcr_low,
        bcr_high=bcr_high,
        interpretation_id=(
            f"ROI {_id(roi_base, 1)}% (rentang {_id(roi_low, 1)}% s.d. {_id(roi_high, 1)}%); "
            f"BCR {_id(bcr, 2)} (rentang {_id(bcr_low, 2)} s.d. {_id(bcr_high, 2)})."
        ),
        interpretation_en=(
            f"ROI {roi_base:.1f}% (range {roi_low:.1f}% to {roi_high:.1f}%); "
            f"BCR {bcr:.2f} (range {bcr_low:.2f} to {bcr_high:.2f})."
        ),
        warnings=tuple(warns),
    )
