"""Level 4 interrupted time series (segmented regression) for one series.

y_t = b0 + b1·t + b2·post_t + b3·(t − t0)·post_t + e_t, with t = 0, 1, …, n−1,
t0 = ``intervention_index`` (the first post-intervention point) and post_t = 1{t ≥ t0}.
b2 is the immediate level change at the intervention, b3 the change in slope.

Standard errors are Newey–West (HAC, Bartlett kernel) from statsmodels with its
small-sample correction and t(n − 4) inference. Lag rule when ``maxlags`` is None:
floor(4·(n/100)^(2/9)) (Newey & West 1994), at least 1. With short series HAC
SEs are imprecise, so fewer than 8 points on either side gives a warning.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import statsmodels.api as sm

from analysis._format import fmt_p
from analysis.regression import check_ci, fmt_id, interpret_effect, interval
from analysis.results import Coefficient, Estimate, to_jsonable

MIN_SEGMENT = 8


@dataclass(frozen=True)
class ITSResult:
    """Level and slope change at an intervention in one time series."""

    method: str
    level_change: Estimate
    slope_change: Estimate
    n: int
    n_pre: int
    n_post: int
    maxlags: int
    coefficients: Mapping[str, Coefficient] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    interpretation_id: str = ""
    interpretation_en: str = ""
    params: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = to_jsonable(self)
        return out


def newey_west_lags(n: int) -> int:
    """Newey & West (1994) rule of thumb floor(4·(n/100)^(2/9)), at least 1."""
    return max(1, int(math.floor(4 * (n / 100) ** (2 / 9))))


def interrupted_time_series(
    series: pd.Series | Sequence[float],
    *,
    intervention_index: int,
    maxlags: int | None = None,
    ci: float = 0.95,
) -> ITSResult:
    """Segmented regression with Newey–West SEs; ``intervention_index`` is the first post point."""
    check_ci(ci)
    values = pd.Series(series, dtype="object") if not isinstance(series, pd.Series) else series
    y_all = pd.to_numeric(values.reset_index(drop=True), errors="coerce").astype(float)
    n_all = len(y_all)
    if not 0 < intervention_index < n_all:
        raise ValueError(
            f"intervention_index={intervention_index} harus di antara 1 dan {n_all - 1} "
            f"(jumlah titik {n_all})."
        )
    t = np.arange(n_all, dtype=float)
    post = (t >= intervention_index).astype(float)
    keep = y_all.notna().to_numpy()
    warns: list[str] = []
    if (~keep).any():
        warns.append(f"{int((~keep).sum())} titik deret waktu kosong/tidak numerik dibuang.")
    y, t, post = y_all.to_numpy()[keep], t[keep], post[keep]
    n_pre, n_post = int((post == 0).sum()), int((post == 1).sum())
    if n_pre < 2 or n_post < 2:
        raise ValueError(
            "Deret waktu memerlukan minimal 2 titik sebelum dan sesudah intervensi "
            f"(ada {n_pre} dan {n_post})."
        )
    if np.unique(y).size < 2:
        raise ValueError("Deret waktu tidak bervariasi (semua nilainya sama).")
    if n_pre < MIN_SEGMENT or n_post < MIN_SEGMENT:
        warns.append(
            f"Titik sebelum ({n_pre}) atau sesudah ({n_post}) intervensi kurang dari {MIN_SEGMENT}; "
            "estimasi tren dan galat baku Newey–West kurang andal."
        )
    n = len(y)
    lags = newey_west_lags(n) if maxlags is None else int(maxlags)
    if lags < 0:
        raise ValueError("maxlags tidak boleh negatif.")
    x = np.column_stack([np.ones(n), t, post, (t - intervention_index) * post])
    res = sm.OLS(y, x).fit(cov_type="HAC", cov_kwds={"maxlags": lags, "use_correction": True}, use_t=True)
    df_resid = float(res.df_resid)
    if df_resid < 1:
        raise ValueError("Terlalu sedikit titik untuk empat parameter regresi tersegmentasi.")
    names = ["const", "trend", "level_change", "slope_change"]
    coefs = {
        name: Coefficient(float(res.params[j]), float(res.bse[j]), float(res.pvalues[j]))
        for j, name in enumerate(names)
    }
    params = {"intervention_index": intervention_index, "maxlags": lags, "ci": ci}

    def one(i: int, what_id: str, what_en: str) -> Estimate:
        est, s = float(res.params[i]), float(res.bse[i])
        lo, hi, p = interval(est, s, ci, df_resid)
        text_id, text_en = interpret_effect(est, lo, hi, p, ci, "deret", what_id, what_en)
        return Estimate(
            method=f"Interrupted time series, Newey–West HAC (lag {lags})",
            estimate=est, se=s, ci_low=lo, ci_high=hi, p_value=p, n=n,
            interpretation_id=text_id, interpretation_en=text_en, warnings=tuple(warns),
            coefficients={k: v for k, v in coefs.items() if k != names[i]},
            params=params,
        )

    level = one(2, "Intervensi (perubahan tingkat seketika)", "The intervention (immediate level change)")
    slope = one(
        3,
        "Intervensi (perubahan kemiringan tren per periode)",
        "The intervention (change in slope per period)",
    )
    text_id = (
        f"Sebelum intervensi tren per periode {fmt_id(float(res.params[1]))}. "
        f"Saat intervensi tingkat berubah {fmt_id(level.estimate)} ({fmt_p(level.p_value, 'id')}) "
        f"dan kemiringan berubah {fmt_id(slope.estimate)} per periode ({fmt_p(slope.p_value, 'id')})."
    )
    text_en = (
        f"Before the intervention the trend was {float(res.params[1]):,.3f} per period. At the intervention "
        f"the level changed by {level.estimate:,.3f} ({fmt_p(level.p_value, 'en')}) and the slope by "
        f"{slope.estimate:,.3f} per period ({fmt_p(slope.p_value, 'en')})."
    )
    return ITSResult(
        method=f"Segmented regression, Newey–West HAC (lag {lags})",
        level_change=level,
        slope_change=slope,
        n=n,
        n_pre=n_pre,
        n_post=n_post,
        maxlags=lags,
        coefficients=coefs,
        warnings=tuple(warns),
        interpretation_id=text_id,
        interpretation_en=text_en,
        params=params,
    )
