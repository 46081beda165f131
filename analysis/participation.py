"""Participation and non-participation: rates, intervals and a logit model.

* ``wilson_ci``: Wilson score interval via statsmodels (Newcombe 1998 found it
  far better than the Wald interval for the small groups typical of an OPD).
* ``rates_by_group``: each group's rate with its Wilson interval, and a flag
  when the rate is significantly *lower* than in all other groups pooled.
  The test is Fisher's exact test, one-sided (group lower than the rest),
  because many groups are small enough that a chi-square or z test is
  unreliable; p-values are Holm-adjusted across groups so that a table of
  twenty OPD does not flag one by chance.
* ``nonparticipation_logit``: statsmodels ``Logit`` with odds ratios.
"""

from __future__ import annotations

import warnings as pywarnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint
from statsmodels.tools.sm_exceptions import (
    ConvergenceWarning,
    PerfectSeparationError,
    PerfectSeparationWarning,
)

from analysis._format import fmt_id as _id
from analysis.results import Result, to_jsonable

__all__ = ["GroupRate", "LogitResult", "OddsRatio", "nonparticipation_logit", "rates_by_group", "wilson_ci"]

ALPHA = 0.05
MIN_CELL = 5
EVENTS_PER_PARAMETER = 10


@dataclass(frozen=True)
class GroupRate(Result):
    method: str
    group: str
    n: int
    k: int
    rate: float
    ci_low: float
    ci_high: float
    rate_rest: float | None
    p_value: float | None  # one-sided Fisher, group lower than the rest
    p_adjusted: float | None  # Holm across groups
    lower_than_rest: bool


@dataclass(frozen=True)
class OddsRatio:
    term: str
    coef: float
    se: float
    odds_ratio: float
    ci_low: float
    ci_high: float
    p_value: float

    def to_dict(self) -> dict[str, Any]:
        return dict(to_jsonable(self))


@dataclass(frozen=True)
class LogitResult(Result):
    method: str
    n: int
    n_events: int
    outcome: str
    odds_ratios: tuple[OddsRatio, ...]
    pseudo_r2: float  # McFadden
    llr_p: float
    converged: bool
    reference_levels: dict[str, str]


def wilson_ci(successes: int, n: int, ci: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for successes / n."""
    if n <= 0:
        raise ValueError(f"Jumlah pengamatan harus positif, bukan {n}.")
    if not 0 <= successes <= n:
        raise ValueError(f"Jumlah kejadian ({successes}) harus di antara 0 dan n ({n}).")
    if not 0 < ci < 1:
        raise ValueError("Tingkat kepercayaan (ci) harus di antara 0 dan 1.")
    low, high = proportion_confint(successes, n, alpha=1 - ci, method="wilson")
    return float(low), float(high)


def _binary(series: pd.Series, name: str) -> pd.Series:
    values = series.dropna()
    if values.dtype == bool:
        return series.astype("float")
    numeric = pd.to_numeric(values, errors="coerce")
    bad = values[numeric.isna() | ~numeric.isin([0, 1])]
    if not bad.empty:
        raise ValueError(f"Kolom '{name}' baris {bad.index[0]}: nilai {bad.iloc[0]!r} bukan 0/1.")
    return pd.to_numeric(series, errors="coerce")


def rates_by_group(df: pd.DataFrame, *, outcome: str, group: str) -> tuple[GroupRate, ...]:
    """Rate of ``outcome`` (0/1) in each ``group``, flagging groups lower than the rest."""
    for col in (outcome, group):
        if col not in df.columns:
            raise ValueError(f"Kolom '{col}' tidak ditemukan.")
    y = _binary(df[outcome], outcome)
    frame = pd.DataFrame({"y": y, "g": df[group]}).dropna()
    if frame.empty:
        raise ValueError("Tidak ada baris dengan hasil dan kelompok yang terisi.")
    total_n, total_k = len(frame), int(frame["y"].sum())
    summary = frame.groupby("g", sort=True, observed=True)["y"].agg(["count", "sum"])
    rows: list[dict[str, Any]] = []
    for name, (n_g, k_g) in summary.iterrows():
        n_g, k_g = int(n_g), int(k_g)
        n_r, k_r = total_n - n_g, total_k - k_g
        p = None
        if n_r > 0:
            table = [[k_g, n_g - k_g], [k_r, n_r - k_r]]
            p = float(stats.fisher_exact(table, alternative="less").pvalue)
        rows.append({"group": str(name), "n": n_g, "k": k_g, "n_r": n_r, "k_r": k_r, "p": p})
    tested = [r for r in rows if r["p"] is not None]
    if tested:
        adjusted = multipletests([r["p"] for r in tested], alpha=ALPHA, method="holm")[1]
        for r, adj in zip(tested, adjusted, strict=True):
            r["p_adj"] = float(adj)
    out = []
    for r in rows:
        low, high = wilson_ci(r["k"], r["n"])
        rate = r["k"] / r["n"]
        rest = r["k_r"] / r["n_r"] if r["n_r"] else None
        p_adj = r.get("p_adj")
        flag = p_adj is not None and p_adj < ALPHA
        warns = []
        if r["n"] < MIN_CELL:
            warns.append(f"Kelompok '{r['group']}' sangat kecil (n = {r['n']}); laju tidak stabil.")
        if rest is None:
            warns.append("Hanya ada satu kelompok; tidak ada pembanding.")
        status_id = (
            "lebih rendah secara bermakna daripada kelompok lain" if flag else "tidak berbeda bermakna"
        )
        status_en = "significantly lower than the other groups" if flag else "not significantly lower"
        out.append(
            GroupRate(
                method="Proporsi + IK Wilson; uji eksak Fisher satu sisi vs. kelompok lain, koreksi Holm",
                group=r["group"],
                n=r["n"],
                k=r["k"],
                rate=rate,
                ci_low=low,
                ci_high=high,
                rate_rest=rest,
                p_value=r["p"],
                p_adjusted=p_adj,
                lower_than_rest=flag,
                interpretation_id=(
                    f"{r['group']}: {_id(rate * 100, 1)}% ({r['k']}/{r['n']}; "
                    f"IK 95% {_id(low * 100, 1)} s.d. {_id(high * 100, 1)}%), {status_id}."
                ),
                interpretation_en=(
                    f"{r['group']}: {rate * 100:.1f}% ({r['k']}/{r['n']}; 95% CI {low * 100:.1f}-"
                    f"{high * 100:.1f}%), {status_en}."
                ),
                warnings=tuple(warns),
            )
        )
    return tuple(out)


def _design(
    frame: pd.DataFrame, predictors: Sequence[str], categorical: Sequence[str]
) -> tuple[pd.DataFrame, dict[str, str]]:
    parts = []
    refs: dict[str, str] = {}
    for col in predictors:
        if col in categorical:
            cat = frame[col].astype(str)
            levels = sorted(cat.unique())
            refs[col] = levels[0]  # first level alphabetically is the reference
            dummies = pd.get_dummies(
                pd.Categorical(cat, categories=levels), prefix=col, prefix_sep="=", drop_first=True
            )
            dummies.index = frame.index
            parts.append(dummies.astype(float))
        else:
            try:
                parts.append(pd.to_numeric(frame[col], errors="raise").astype(float).to_frame(col))
            except (TypeError, ValueError) as exc:
                raise ValueError(
                    f"Prediktor '{col}' bukan angka; masukkan ke daftar categorical bila kategorik."
                ) from exc
    x = pd.concat(parts, axis=1) if parts else pd.DataFrame(index=frame.index)
    return sm.add_constant(x, has_constant="add"), refs


def nonparticipation_logit(
    df: pd.DataFrame,
    *,
    outcome: str,
    predictors: Sequence[str],
    categorical: Sequence[str] = (),
) -> LogitResult:
    """Logistic regression of a 0/1 ``outcome`` (e.g. did not take part) on predictors."""
    if not predictors:
        raise ValueError("Daftar prediktor tidak boleh kosong.")
    cols = [outcome, *predictors]
    absent = [c for c in cols if c not in df.columns]
    if absent:
        raise ValueError(f"Kolom tidak ditemukan: {', '.join(absent)}.")
    stray = [c for c in categorical if c not in predictors]
    if stray:
        raise ValueError(f"Kolom kategorik harus termasuk prediktor: {', '.join(stray)}.")
    y_all = _binary(df[outcome], outcome)
    frame = df[list(predictors)].assign(**{"__y": y_all}).dropna()
    dropped = len(df) - len(frame)
    warns: list[str] = []
    if dropped:
        warns.append(f"{dropped} baris dengan data kosong dikeluarkan (listwise).")
    y = frame.pop("__y").astype(float)
    n, events = len(y), int(y.sum())
    if n < 10:
        raise ValueError(f"Terlalu sedikit baris lengkap untuk regresi logistik (n = {n}).")
    if events == 0 or events == n:
        raise ValueError(
            "Hasil hanya berisi satu nilai (semua 0 atau semua 1); model tidak dapat diestimasi."
        )
    x, refs = _design(frame, predictors, categorical)
    n_params = x.shape[1] - 1
    if min(events, n - events) < EVENTS_PER_PARAMETER * max(n_params, 1):
        warns.append(
            f"Kejadian per parameter < {EVENTS_PER_PARAMETER} ({min(events, n - events)} kejadian, "
            f"{n_params} parameter); estimasi dapat bias."
        )
    for col in categorical:
        cells = pd.crosstab(frame[col].astype(str), y)
        small = [str(level) for level, row in cells.iterrows() if (row < MIN_CELL).any() or len(row) < 2]
        if small:
            warns.append(f"Sel kecil (< {MIN_CELL}) pada '{col}': {', '.join(small)}.")

    model = sm.Logit(y, x)
    with pywarnings.catch_warnings(record=True) as caught:
        pywarnings.simplefilter("always")
        try:
            res = model.fit(disp=0, maxiter=200)
        except (PerfectSeparationError, np.linalg.LinAlgError) as exc:
            raise ValueError(
                "Model tidak dapat diestimasi: terjadi separasi sempurna atau prediktor kolinear."
            ) from exc
    kinds = {type(w.message) for w in caught}
    separation = PerfectSeparationWarning in kinds
    converged = bool(res.mle_retvals.get("converged", True)) and ConvergenceWarning not in kinds
    bse = res.bse
    if separation or (np.abs(res.params.drop("const")) > 10).any() or not np.isfinite(bse).all():
        warns.append("Indikasi separasi (kuasi-)sempurna: rasio odds dan IK tidak dapat dipercaya.")
    if not converged:
        warns.append("Estimasi belum konvergen; hasil tidak dapat dipercaya.")

    conf = res.conf_int(alpha=ALPHA)
    with np.errstate(over="ignore"):  # under separation exp() overflows to inf, shown as null
        ors = tuple(
            OddsRatio(
                term=str(term),
                coef=float(res.params[term]),
                se=float(bse[term]),
                odds_ratio=float(np.exp(res.params[term])),
                ci_low=float(np.exp(conf.loc[term, 0])),
                ci_high=float(np.exp(conf.loc[term, 1])),
                p_value=float(res.pvalues[term]),
            )
            for term in x.columns
            if term != "const"
        )
    signif = [o.term for o in ors if o.p_value < ALPHA]
    named = ", ".join(f"'{t}'" for t in signif)  # quoted, so a caller can name its columns its own way
    return LogitResult(
        method="Regresi logistik (statsmodels Logit, MLE); rasio odds dengan IK Wald 95%",
        n=n,
        n_events=events,
        outcome=outcome,
        odds_ratios=ors,
        pseudo_r2=float(res.prsquared),
        llr_p=float(res.llr_pvalue),
        converged=converged,
        reference_levels=refs,
        interpretation_id=(
            f"Model logit '{outcome}' (n = {n}, {events} kejadian, "
            f"pseudo-R² McFadden {_id(res.prsquared, 3)}). "
            + (
                f"Prediktor bermakna: {named}."
                if signif
                else "Tidak ada prediktor yang bermakna."
            )
        ),
        interpretation_en=(
            f"Logit model of '{outcome}' (n = {n}, {events} events, McFadden pseudo-R² {res.prsquared:.3f}). "
            + (f"Significant predictors: {named}." if signif else "No predictor is significant.")
        ),
        warnings=tuple(warns),
    )
