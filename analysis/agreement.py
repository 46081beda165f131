"""Inter-rater agreement: Cohen's kappa and Krippendorff's alpha.

Used when two coders code interview segments (level 3) or two supervisors
rate the same employees. ``cohens_kappa`` wraps
``statsmodels.stats.inter_rater.cohens_kappa`` (asymptotic standard error of
Fleiss, Cohen & Everitt 1969, as printed by SAS PROC FREQ);
``krippendorff_alpha`` wraps the maintained ``krippendorff`` package and
accepts any number of coders and missing codes.

Labels follow Landis & Koch (1977), the bands Indonesian evaluators cite.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import krippendorff
import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.inter_rater import cohens_kappa as sm_cohens_kappa

from analysis._format import fmt_id as _id
from analysis.results import Result

__all__ = ["KappaResult", "KrippendorffResult", "cohens_kappa", "krippendorff_alpha", "landis_koch"]

Level = Literal["nominal", "ordinal", "interval", "ratio"]

# (upper bound inclusive, label_id, label_en), Landis & Koch (1977).
_LANDIS_KOCH: tuple[tuple[float, str, str], ...] = (
    (0.0, "buruk (di bawah kebetulan)", "poor"),
    (0.20, "sangat lemah", "slight"),
    (0.40, "cukup", "fair"),
    (0.60, "sedang", "moderate"),
    (0.80, "kuat", "substantial"),
    (1.0, "hampir sempurna", "almost perfect"),
)


def landis_koch(value: float) -> tuple[str, str]:
    """Landis & Koch (1977) label (Indonesian, English) for a kappa-type coefficient."""
    if np.isnan(value):
        return "tidak terdefinisi", "undefined"
    if value < 0:
        return _LANDIS_KOCH[0][1], _LANDIS_KOCH[0][2]
    for upper, label_id, label_en in _LANDIS_KOCH[1:]:
        if value <= upper:
            return label_id, label_en
    return _LANDIS_KOCH[-1][1], _LANDIS_KOCH[-1][2]


@dataclass(frozen=True)
class KappaResult(Result):
    method: str
    kappa: float
    se: float
    ci_low: float
    ci_high: float
    ci: float
    p_value: float  # H0: kappa = 0, using the SE under H0
    n: int
    observed_agreement: float
    expected_agreement: float
    categories: tuple[str, ...]
    label_id: str
    label_en: str


@dataclass(frozen=True)
class KrippendorffResult(Result):
    method: str
    alpha: float
    level: str
    n: int  # units coded by at least two coders (pairable)
    n_coders: int
    label_id: str
    label_en: str


def _is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value))


def cohens_kappa(
    a: Sequence[Any] | pd.Series,
    b: Sequence[Any] | pd.Series,
    *,
    weights: Literal["linear", "quadratic"] | None = None,
    ci: float = 0.95,
) -> KappaResult:
    """Cohen's kappa for two raters coding the same units (pairs with a missing code are dropped).

    ``weights`` gives a weighted kappa for ordered categories (sorted labels).
    """
    if not 0 < ci < 1:
        raise ValueError("Tingkat kepercayaan (ci) harus di antara 0 dan 1.")
    xs, ys = list(a), list(b)
    if len(xs) != len(ys):
        raise ValueError(f"Jumlah kode penilai A ({len(xs)}) dan B ({len(ys)}) harus sama.")
    pairs = [(x, y) for x, y in zip(xs, ys, strict=True) if not (_is_missing(x) or _is_missing(y))]
    dropped = len(xs) - len(pairs)
    n = len(pairs)
    if n < 2:
        raise ValueError(f"Terlalu sedikit unit yang dikode kedua penilai (n = {n}).")
    try:
        categories = sorted({v for pair in pairs for v in pair})
    except TypeError as exc:
        raise ValueError("Kode kedua penilai harus sejenis (semua angka atau semua teks).") from exc
    if len(categories) < 2:
        raise ValueError("Hanya ada satu kategori; kappa tidak terdefinisi.")
    index = {c: i for i, c in enumerate(categories)}
    table = np.zeros((len(categories), len(categories)))
    for x, y in pairs:
        table[index[x], index[y]] += 1

    if weights is None:
        res = sm_cohens_kappa(table)
    elif weights in ("linear", "quadratic"):
        res = sm_cohens_kappa(table, wt=weights)
    else:
        raise ValueError("weights harus None, 'linear' atau 'quadratic'.")
    kappa = float(res.kappa)
    se = float(res.std_kappa)
    z = float(stats.norm.ppf(0.5 + ci / 2))
    # Wald interval as SAS prints it, clipped to kappa's possible range [-1, 1].
    ci_low, ci_high = max(-1.0, kappa - z * se), min(1.0, kappa + z * se)
    se0 = float(res.std_kappa0)
    p = float(2 * stats.norm.sf(abs(kappa / se0))) if se0 > 0 else float("nan")
    po = float(np.trace(table) / n)
    pe = float((table.sum(axis=1) @ table.sum(axis=0)) / n**2)
    label_id, label_en = landis_koch(kappa)
    warns = []
    if dropped:
        warns.append(f"{dropped} unit tanpa kode dari kedua penilai dikeluarkan.")
    if n < 30:
        warns.append(f"Jumlah unit kecil (n = {n}); interval kepercayaan kappa lebar.")
    if pe > 0.9:
        warns.append(
            "Satu kategori sangat dominan; kappa bisa rendah meski kesepakatan tinggi (paradoks kappa)."
        )
    kind = "Kappa Cohen" if weights is None else f"Kappa Cohen berbobot {weights}"
    pct = round(ci * 100)
    return KappaResult(
        method=f"{kind} (statsmodels; SE asimtotik Fleiss-Cohen-Everitt)",
        kappa=kappa,
        se=se,
        ci_low=ci_low,
        ci_high=ci_high,
        ci=ci,
        p_value=p,
        n=n,
        observed_agreement=po,
        expected_agreement=pe,
        categories=tuple(str(c) for c in categories),
        label_id=label_id,
        label_en=label_en,
        interpretation_id=(
            f"{kind} = {_id(kappa, 3)} (IK {pct}%: {_id(ci_low, 3)} s.d. {_id(ci_high, 3)}; "
            f"n = {n}): kesepakatan {label_id}. Kesepakatan teramati {_id(po * 100, 1)}%, "
            f"harapan kebetulan {_id(pe * 100, 1)}%."
        ),
        interpretation_en=(
            f"Cohen's kappa = {kappa:.3f} ({pct}% CI {ci_low:.3f} to {ci_high:.3f}; n = {n}): "
            f"{label_en} agreement. Observed agreement {po * 100:.1f}%, chance {pe * 100:.1f}%."
        ),
        warnings=tuple(warns),
    )


def krippendorff_alpha(
    data: pd.DataFrame | Sequence[Sequence[Any]],
    *,
    level: Level = "nominal",
) -> KrippendorffResult:
    """Krippendorff's alpha; ``data`` has one row per coder and one column per unit (NaN = not coded).

    Nominal codes may be text; they are mapped to integers first.
    """
    if level not in ("nominal", "ordinal", "interval", "ratio"):
        raise ValueError("level harus 'nominal', 'ordinal', 'interval' atau 'ratio'.")
    frame = data.copy() if isinstance(data, pd.DataFrame) else pd.DataFrame([list(r) for r in data])
    if frame.shape[0] < 2:
        raise ValueError("Dibutuhkan sedikitnya 2 penilai (baris).")
    numeric = frame.apply(pd.to_numeric, errors="coerce")
    if (numeric.isna() & frame.notna()).any().any():
        if level != "nominal":
            raise ValueError(f"Kode teks hanya dapat dipakai untuk level 'nominal', bukan '{level}'.")
        labels = sorted({str(v) for v in frame.stack().dropna()})
        codes = {lab: i for i, lab in enumerate(labels)}
        numeric = frame.apply(lambda col: col.map(lambda v: np.nan if pd.isna(v) else codes[str(v)]))
    matrix = numeric.to_numpy(dtype=float)
    pairable = int((np.sum(~np.isnan(matrix), axis=0) >= 2).sum())
    if pairable < 2:
        raise ValueError("Terlalu sedikit unit yang dikode oleh sedikitnya dua penilai.")
    if np.unique(matrix[~np.isnan(matrix)]).size < 2:
        raise ValueError("Hanya ada satu nilai kode; alpha tidak terdefinisi.")
    alpha = float(krippendorff.alpha(reliability_data=matrix, level_of_measurement=level))
    label_id, label_en = landis_koch(alpha)
    warns = []
    if alpha < 0.667:
        warns.append("Alpha < 0,667: di bawah batas minimal Krippendorff untuk kesimpulan sementara.")
    elif alpha < 0.8:
        warns.append("Alpha 0,667-0,800: hanya cukup untuk kesimpulan sementara (Krippendorff 2004).")
    if pairable < 30:
        warns.append(f"Jumlah unit yang dapat dipasangkan kecil (n = {pairable}).")
    return KrippendorffResult(
        method=f"Alpha Krippendorff ({level}; paket krippendorff)",
        alpha=alpha,
        level=level,
        n=pairable,
        n_coders=int(frame.shape[0]),
        label_id=label_id,
        label_en=label_en,
        interpretation_id=(
            f"Alpha Krippendorff ({level}) = {_id(alpha, 3)} untuk {pairable} unit: kesepakatan {label_id}."
        ),
        interpretation_en=(
            f"Krippendorff's alpha ({level}) = {alpha:.3f} over {pairable} units: {label_en} agreement."
        ),
        warnings=tuple(warns),
    )
