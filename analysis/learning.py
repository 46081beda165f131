"""Kirkpatrick level 2: pre-test / post-test comparison of the same people.

The paired t-test and its interval come from ``scipy.stats.ttest_rel``. The
Wilcoxon signed-rank test is run through ``scipy.stats.wilcoxon`` but with the
method chosen the way R's ``wilcox.test(paired = TRUE)`` chooses it, so that
reports match what evaluators get in R or SPSS:

* zero differences are dropped first (``zero_method="wilcox"``);
* exact p-value when fewer than 50 non-zero differences remain and there are
  neither ties nor zeros;
* otherwise the normal approximation with continuity correction and the
  tie-corrected variance.

Effect sizes (Lakens 2013): ``cohens_dz`` = mean difference / SD of the
differences; ``hedges_gav`` = mean difference / mean of the two SDs, times
Hedges' small-sample factor J = 1 - 3 / (4 df - 1) with df = n - 1.

Normalised gain (Hake 1998) is the class-average gain
<g> = (mean post - mean pre) / (max - mean pre); the mean of individual gains
is reported beside it because the two differ when pre-test scores vary.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from analysis._format import fmt_id as _id
from analysis._format import fmt_p
from analysis.results import Result

__all__ = ["PrePostResult", "prepost"]

EXACT = "exact"
NORMAL_CC = "normal approximation with continuity correction"
R_EXACT_LIMIT = 50
# Differences are rounded before ranking so that floating-point noise
# (1.1 - -0.2 vs 0.1 - -1.2) does not break ties that exist in the data.
RANK_DECIMALS = 9


@dataclass(frozen=True)
class PrePostResult(Result):
    method: str
    n: int
    mean_pre: float
    mean_post: float
    mean_diff: float
    sd_diff: float
    t: float
    df: int
    p_value: float
    ci_low: float
    ci_high: float
    ci: float
    cohens_dz: float
    hedges_gav: float
    wilcoxon_p: float
    wilcoxon_method: str
    wilcoxon_v: float  # sum of ranks of positive differences (R's V)
    normalized_gain: float | None
    normalized_gain_individual: float | None
    pass_rate_pre: float | None
    pass_rate_post: float | None
    pass_mark: float | None = None
    max_score: float | None = None


def _to_array(values: Sequence[float | None] | pd.Series | np.ndarray, name: str) -> np.ndarray:
    try:
        arr = pd.to_numeric(pd.Series(list(values), dtype="object"), errors="raise").to_numpy(dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"Skor {name} berisi nilai yang bukan angka.") from exc
    return arr


def _wilcoxon_r(diff: np.ndarray) -> tuple[float, str, float]:
    """Two-sided signed-rank p-value with R's defaults; returns (p, method, V)."""
    d = np.round(diff, RANK_DECIMALS)
    has_zero = bool((d == 0).any())
    d = d[d != 0]
    if d.size == 0:
        return float("nan"), NORMAL_CC, 0.0
    ranks = stats.rankdata(np.abs(d))
    v = float(ranks[d > 0].sum())
    has_ties = np.unique(np.abs(d)).size < d.size
    if d.size < R_EXACT_LIMIT and not has_ties and not has_zero:
        res = stats.wilcoxon(d, zero_method="wilcox", method="exact")
        return float(res.pvalue), EXACT, v
    res = stats.wilcoxon(d, zero_method="wilcox", correction=True, method="approx")
    return float(res.pvalue), NORMAL_CC, v


def prepost(
    pre: Sequence[float | None] | pd.Series | np.ndarray,
    post: Sequence[float | None] | pd.Series | np.ndarray,
    *,
    pass_mark: float | None = None,
    max_score: float | None = None,
    ci: float = 0.95,
) -> PrePostResult:
    """Compare paired pre- and post-test scores (post - pre)."""
    if not 0 < ci < 1:
        raise ValueError("Tingkat kepercayaan (ci) harus di antara 0 dan 1.")
    x = _to_array(pre, "pre-test")
    y = _to_array(post, "post-test")
    if x.size != y.size:
        raise ValueError(
            f"Jumlah skor pre-test ({x.size}) dan post-test ({y.size}) harus sama (data berpasangan)."
        )
    complete = ~(np.isnan(x) | np.isnan(y))
    dropped = int((~complete).sum())
    x, y = x[complete], y[complete]
    n = int(x.size)
    if n < 2:
        raise ValueError(f"Terlalu sedikit pasangan skor lengkap (n = {n}); dibutuhkan sedikitnya 2.")
    if max_score is not None:
        if (x > max_score).any() or (y > max_score).any() or (x < 0).any() or (y < 0).any():
            raise ValueError(f"Skor harus di antara 0 dan skor maksimum {max_score:g}.")

    diff = y - x
    mean_diff = float(diff.mean())
    sd_diff = float(diff.std(ddof=1))
    warnings: list[str] = []
    if dropped:
        warnings.append(f"{dropped} peserta tanpa pasangan skor lengkap dikeluarkan dari analisis.")
    if n < 10:
        warnings.append(f"Jumlah pasangan kecil (n = {n}); uji dan interval kurang andal.")

    if sd_diff > 0:
        res = stats.ttest_rel(y, x)
        t, p = float(res.statistic), float(res.pvalue)
        interval = res.confidence_interval(confidence_level=ci)
        ci_low, ci_high = float(interval.low), float(interval.high)
        dz = mean_diff / sd_diff
    else:
        t = p = dz = float("nan")
        ci_low = ci_high = mean_diff
        warnings.append("Semua selisih skor sama; uji t tidak dapat dihitung.")

    sd_avg = (float(x.std(ddof=1)) + float(y.std(ddof=1))) / 2.0
    j = 1.0 - 3.0 / (4.0 * (n - 1) - 1.0)
    g_av = mean_diff / sd_avg * j if sd_avg > 0 else float("nan")

    w_p, w_method, w_v = _wilcoxon_r(diff)

    gain = gain_ind = None
    if max_score is not None:
        mean_pre = float(x.mean())
        if mean_pre < max_score:
            gain = (float(y.mean()) - mean_pre) / (max_score - mean_pre)
        else:
            warnings.append("Rata-rata pre-test sudah maksimum; gain ternormalisasi tidak terdefinisi.")
        room = x < max_score
        if room.any():
            gain_ind = float(((y[room] - x[room]) / (max_score - x[room])).mean())
        if not room.all():
            warnings.append(
                f"{int((~room).sum())} peserta dengan pre-test maksimum tidak masuk rata-rata gain individu."
            )

    rate_pre = rate_post = None
    if pass_mark is not None:
        rate_pre = float((x >= pass_mark).mean())
        rate_post = float((y >= pass_mark).mean())

    pct = round(ci * 100)
    signif = p < 0.05
    arah_id = "naik" if mean_diff > 0 else "turun" if mean_diff < 0 else "tidak berubah"
    arah_en = "rose" if mean_diff > 0 else "fell" if mean_diff < 0 else "did not change"
    gain_txt_id = f"; gain ternormalisasi {_id(gain, 2)}" if gain is not None else ""
    gain_txt_en = f"; normalised gain {gain:.2f}" if gain is not None else ""
    return PrePostResult(
        method="Uji t berpasangan + uji peringkat bertanda Wilcoxon",
        n=n,
        mean_pre=float(x.mean()),
        mean_post=float(y.mean()),
        mean_diff=mean_diff,
        sd_diff=sd_diff,
        t=t,
        df=n - 1,
        p_value=p,
        ci_low=ci_low,
        ci_high=ci_high,
        ci=ci,
        cohens_dz=dz,
        hedges_gav=g_av,
        wilcoxon_p=w_p,
        wilcoxon_method=w_method,
        wilcoxon_v=w_v,
        normalized_gain=gain,
        normalized_gain_individual=gain_ind,
        pass_rate_pre=rate_pre,
        pass_rate_post=rate_post,
        pass_mark=pass_mark,
        max_score=max_score,
        interpretation_id=(
            f"Skor rata-rata {arah_id} {_id(abs(mean_diff), 2)} poin "
            f"(IK {pct}%: {_id(ci_low, 2)} s.d. {_id(ci_high, 2)}; "
            f"t({n - 1}) = {_id(t, 2)}, {fmt_p(p, 'id')}; ukuran efek d berpasangan {_id(dz, 2)}{gain_txt_id}). "
            + (
                "Perubahan bermakna secara statistik."
                if signif
                else "Perubahan tidak bermakna secara statistik."
            )
        ),
        interpretation_en=(
            f"The mean score {arah_en} by {abs(mean_diff):.2f} points "
            f"({pct}% CI {ci_low:.2f} to {ci_high:.2f}; "
            f"t({n - 1}) = {t:.2f}, {fmt_p(p, 'en')}; paired effect size d {dz:.2f}{gain_txt_en}). "
            + (
                "The change is statistically significant."
                if signif
                else "The change is not statistically significant."
            )
        ),
        warnings=tuple(warnings),
    )
