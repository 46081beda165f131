"""Internal-consistency reliability: Cronbach's alpha with Feldt's interval.

Alpha is computed from the item covariance matrix, as R's ``psych::alpha``
and pingouin do: ``alpha = k/(k-1) * (1 - trace(C) / sum(C))``. With
``missing="pairwise"`` each covariance uses every respondent who answered
both items (pandas ``DataFrame.cov``), which reproduces pingouin's and
psych's ``use="pairwise"``; ``"listwise"`` first drops incomplete rows.

The corrected item-total correlation and alpha-if-dropped are derived from
the same covariance matrix (psych's ``r.drop`` and ``alpha.drop``), so they
stay consistent with the headline alpha under pairwise deletion.

pingouin is only a test dependency (to check the published values); the
few lines of linear algebra here avoid making it a runtime one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import stats

from analysis._format import fmt_id as _id
from analysis.results import Result, to_jsonable

__all__ = ["ItemReliability", "ReliabilityResult", "cronbach_alpha"]

LOW_ALPHA = 0.7
SMALL_N = 30


@dataclass(frozen=True)
class ItemReliability:
    """Diagnostics for one item."""

    item: str
    alpha_if_dropped: float
    item_total_r: float  # corrected: item against the sum of the other items

    def to_dict(self) -> dict[str, Any]:
        return dict(to_jsonable(self))


@dataclass(frozen=True)
class ReliabilityResult(Result):
    method: str
    alpha: float
    ci_low: float
    ci_high: float
    ci: float
    n: int
    k: int
    missing: str
    items: tuple[ItemReliability, ...]


def _alpha_from_cov(cov: np.ndarray) -> float:
    k = cov.shape[0]
    total = float(cov.sum())
    if total <= 0:
        return float("nan")
    return float((k / (k - 1)) * (1.0 - float(np.trace(cov)) / total))


def _feldt(alpha: float, n: int, k: int, ci: float) -> tuple[float, float]:
    # Feldt, Woodruff & Salih (1987): (1 - alpha) / (1 - alpha_hat) ~ F(n-1, (n-1)(k-1)).
    df1 = n - 1
    df2 = df1 * (k - 1)
    tail = (1.0 - ci) / 2.0
    lower = 1.0 - (1.0 - alpha) * float(stats.f.isf(tail, df1, df2))
    upper = 1.0 - (1.0 - alpha) * float(stats.f.isf(1.0 - tail, df1, df2))
    return lower, upper


def _label(alpha: float) -> tuple[str, str]:
    # George & Mallery (2003) rule of thumb, the one Indonesian theses usually cite.
    bands = [
        (0.9, "sangat baik", "excellent"),
        (0.8, "baik", "good"),
        (0.7, "dapat diterima", "acceptable"),
        (0.6, "dipertanyakan", "questionable"),
        (0.5, "buruk", "poor"),
    ]
    for cut, label_id, label_en in bands:
        if alpha >= cut:
            return label_id, label_en
    return "tidak dapat diterima", "unacceptable"


def cronbach_alpha(
    data: pd.DataFrame,
    *,
    items: Sequence[str] | None = None,
    reverse: Sequence[str] = (),
    scale_min: float | None = None,
    scale_max: float | None = None,
    missing: Literal["pairwise", "listwise"] = "pairwise",
    ci: float = 0.95,
) -> ReliabilityResult:
    """Cronbach's alpha of ``items`` (default: every column) in wide format."""
    if missing not in ("pairwise", "listwise"):
        raise ValueError("missing harus 'pairwise' atau 'listwise'.")
    if not 0 < ci < 1:
        raise ValueError("Tingkat kepercayaan (ci) harus di antara 0 dan 1.")
    cols = list(items) if items is not None else [str(c) for c in data.columns]
    absent = [c for c in cols if c not in data.columns]
    if absent:
        raise ValueError(f"Kolom tidak ditemukan: {', '.join(absent)}.")
    if len(cols) < 2:
        raise ValueError("Cronbach's alpha membutuhkan sedikitnya 2 butir.")
    bad_rev = [c for c in reverse if c not in cols]
    if bad_rev:
        raise ValueError(f"Butir yang dibalik harus termasuk dalam items: {', '.join(bad_rev)}.")
    if reverse and (scale_min is None or scale_max is None):
        raise ValueError("Membalik butir (reverse) membutuhkan scale_min dan scale_max.")

    try:
        frame = data[cols].apply(pd.to_numeric, errors="raise").astype(float)
    except (TypeError, ValueError) as exc:
        raise ValueError("Semua butir harus berisi angka.") from exc
    if scale_min is not None and scale_max is not None:
        for c in cols:
            answered = frame[c].dropna()
            out = answered[(answered < scale_min) | (answered > scale_max)]
            if not out.empty:
                raise ValueError(
                    f"Kolom '{c}' baris {out.index[0]}: nilai {out.iloc[0]:g} di luar skala "
                    f"{scale_min:g}-{scale_max:g}."
                )
        for c in reverse:
            frame[c] = scale_min + scale_max - frame[c]

    frame = frame.dropna(how="all")
    if missing == "listwise":
        frame = frame.dropna(how="any")
    n, k = frame.shape
    if n < 2:
        raise ValueError(f"Terlalu sedikit responden (n = {n}); dibutuhkan sedikitnya 2.")

    cov_df = frame.cov()
    if cov_df.isna().any().any():
        raise ValueError("Ada pasangan butir tanpa cukup jawaban bersama untuk menghitung kovarians.")
    cov = cov_df.to_numpy()
    alpha = _alpha_from_cov(cov)
    ci_low, ci_high = _feldt(alpha, n, k, ci)

    diagnostics: list[ItemReliability] = []
    for i, name in enumerate(cols):
        keep = [j for j in range(k) if j != i]
        rest = cov[np.ix_(keep, keep)]
        alpha_drop = _alpha_from_cov(rest) if k > 2 else float("nan")
        denom = float(cov[i, i]) * float(rest.sum())
        r_drop = float(cov[i, keep].sum()) / float(np.sqrt(denom)) if denom > 0 else float("nan")
        diagnostics.append(ItemReliability(item=name, alpha_if_dropped=alpha_drop, item_total_r=r_drop))

    warnings: list[str] = []
    if np.isnan(alpha):
        warnings.append("Alpha tidak dapat dihitung karena total varians nol (semua jawaban sama).")
    elif alpha < LOW_ALPHA:
        warnings.append(
            f"Reliabilitas rendah: alpha = {alpha:.3f} < {LOW_ALPHA}; skor skala kurang dapat diandalkan."
        )
    if n < SMALL_N:
        warnings.append(f"Jumlah responden kecil (n = {n}); interval kepercayaan alpha lebar.")
    weak = [d.item for d in diagnostics if not np.isnan(d.item_total_r) and d.item_total_r < 0.3]
    if weak:
        warnings.append(f"Korelasi butir-total terkoreksi < 0,30 pada: {', '.join(weak)}.")
    if missing == "pairwise" and data[cols].isna().any().any():
        warnings.append("Ada jawaban kosong; kovarians dihitung berpasangan (pairwise).")

    label_id, label_en = _label(alpha) if not np.isnan(alpha) else ("tidak terdefinisi", "undefined")
    pct = round(ci * 100)
    return ReliabilityResult(
        method=f"Cronbach's alpha (kovarians {missing}), IK Feldt",
        alpha=alpha,
        ci_low=ci_low,
        ci_high=ci_high,
        ci=ci,
        n=int(n),
        k=int(k),
        missing=missing,
        items=tuple(diagnostics),
        interpretation_id=(
            f"Alpha Cronbach {_id(alpha, 3)} (IK {pct}%: {_id(ci_low, 3)} s.d. {_id(ci_high, 3)}) "
            f"untuk {k} butir, "
            f"n = {n}: konsistensi internal {label_id}."
        ),
        interpretation_en=(
            f"Cronbach's alpha {alpha:.3f} ({pct}% CI {ci_low:.3f}-{ci_high:.3f}) for {k} items, "
            f"n = {n}: {label_en} internal consistency."
        ),
        warnings=tuple(warnings),
    )
