"""Level 4 nearest-neighbour matching for the average effect on the treated (ATT).

Each treated employee is matched, with replacement, to its ``k`` nearest
comparison employees:

* ``method="propensity"``: distance on the logit of a propensity score from a
  statsmodels logistic regression of treatment on the covariates; ``caliper`` is in
  standard deviations of that logit (Austin 2011 recommends 0.2).
* ``method="mahalanobis"``: Mahalanobis distance on the covariates (inverse of
  their pooled sample covariance); ``caliper`` is in Mahalanobis units.

Treated units with no comparison inside the caliper are dropped (and counted in a
warning), so the estimate is the ATT of the matched treated.

Standard error: Abadie & Imbens (2006) for matching with replacement, population
ATT form as in Abadie, Drukker, Herr & Imbens (2004, Stata ``nnmatch``):
V = (1/N1²)[Σ_treated (Y_i − Ŷ_i(0) − τ)² + Σ_controls (w_i² − Σ 1/M_t²) σ̂²_i],
where w_i is the weight a control gets over all its matches, M_t the number of
matches of treated t, and σ̂²_i a conditional variance from the J = 2 nearest
controls of control i. It treats the propensity score as known, i.e. it ignores
the first-step estimation (Abadie & Imbens 2016), which usually makes the SE for
the ATT conservative; no bias correction is applied. Matching is done with
scipy's k-d tree.
"""

from __future__ import annotations

import math
import warnings as pywarnings
from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy.spatial import cKDTree

from analysis.regression import (
    check_group_sizes,
    check_outcome,
    design_covariates,
    drop_collinear,
    drop_missing,
    fmt_id,
    interpret_effect,
    interval,
    quoted,
    require_columns,
    to_binary,
)
from analysis.results import Estimate

_VARIANCE_NEIGHBOURS = 2  # J in Abadie-Imbens' conditional variance estimator (Stata's default)


def _propensity_logit(d: np.ndarray, x: pd.DataFrame) -> tuple[np.ndarray, dict[str, Any]]:
    """Linear predictor (logit) of the propensity score."""
    exog = np.column_stack([np.ones(len(d)), x.to_numpy(float)])
    try:
        with pywarnings.catch_warnings():
            # Separation and non-convergence are turned into the Indonesian errors below.
            pywarnings.simplefilter("ignore")
            res = sm.Logit(d, exog).fit(disp=0, maxiter=200)
    except Exception as exc:  # perfect separation, singular matrix
        raise ValueError(
            "Skor kecenderungan tidak dapat diestimasi (kemungkinan pemisahan sempurna: kovariat menebak "
            f"perlakuan dengan tepat). Rincian: {exc}"
        ) from exc
    lin = np.asarray(exog @ res.params, dtype=float)
    converged = bool(res.mle_retvals.get("converged", True))
    if not converged or not np.all(np.isfinite(lin)) or np.max(np.abs(lin)) > 30:
        raise ValueError(
            "Skor kecenderungan mendekati 0 atau 1 (pemisahan sempurna); kurangi kovariat atau gunakan "
            "method='mahalanobis'."
        )
    ps = 1 / (1 + np.exp(-lin))
    info = {"pseudo_r2": float(res.prsquared), "ps_min": float(ps.min()), "ps_max": float(ps.max())}
    return lin, info


def _mahalanobis_space(x: pd.DataFrame) -> np.ndarray:
    """Rotate covariates so that Euclidean distance equals Mahalanobis distance."""
    values = x.to_numpy(float)
    cov = np.atleast_2d(np.cov(values, rowvar=False))
    try:
        chol = np.linalg.cholesky(np.linalg.inv(cov))
    except np.linalg.LinAlgError as exc:
        raise ValueError("Kovariat saling kolinear sempurna; jarak Mahalanobis tidak terdefinisi.") from exc
    out: np.ndarray = values @ chol
    return out


def _smd(xt: np.ndarray, xc: np.ndarray, wc: np.ndarray | None, sd_pooled: float) -> float:
    mt = float(xt.mean())
    mc = float(np.average(xc, weights=wc)) if wc is not None else float(xc.mean())
    return (mt - mc) / sd_pooled if sd_pooled > 0 else math.nan


def match(
    df: pd.DataFrame,
    *,
    outcome: str,
    treatment: str,
    covariates: Sequence[str],
    method: Literal["propensity", "mahalanobis"] = "propensity",
    caliper: float | None = 0.2,
    replace: bool = True,
    k: int = 1,
) -> Estimate:
    """Nearest-neighbour matching estimate of the ATT with a covariate balance table."""
    if method not in ("propensity", "mahalanobis"):
        raise ValueError(f"Metode '{method}' tidak dikenal; pilih 'propensity' atau 'mahalanobis'.")
    if not replace:
        raise ValueError(
            "Pencocokan tanpa pengembalian (replace=False) belum didukung: galat baku Abadie–Imbens "
            "berlaku untuk pencocokan dengan pengembalian."
        )
    if k < 1:
        raise ValueError("k (jumlah pasangan per peserta) minimal 1.")
    if caliper is not None and caliper <= 0:
        raise ValueError("caliper harus positif atau None.")
    covariates = list(covariates)
    if not covariates:
        raise ValueError("Pencocokan memerlukan minimal satu kovariat.")
    used = [outcome, treatment, *covariates]
    require_columns(df, used)
    data, warns = drop_missing(df, used)
    y = check_outcome(data[outcome], outcome).to_numpy()
    d = to_binary(data[treatment], treatment)
    check_group_sizes(d, treatment)
    x, collinear = drop_collinear(design_covariates(data, covariates))
    if collinear:
        # E.g. with few participants a jabatan dummy can repeat a golongan dummy exactly.
        warns.append(
            f"Kovariat {quoted(collinear)} tidak dipakai: kolinear sempurna dengan kovariat lain di data ini."
        )
    dv = d.to_numpy()
    n_control = int((dv == 0).sum())
    if n_control < k:
        raise ValueError(f"Kolom '{treatment}': hanya {n_control} pembanding untuk k={k} pasangan.")

    info: dict[str, Any] = {}
    if method == "propensity":
        lin, info = _propensity_logit(dv, x)
        space = lin.reshape(-1, 1)
        scale = float(np.std(lin, ddof=1))
    else:
        space = _mahalanobis_space(x)
        scale = 1.0
    radius = caliper * scale if caliper is not None else math.inf

    t_idx, c_idx = np.flatnonzero(dv == 1), np.flatnonzero(dv == 0)
    tree = cKDTree(space[c_idx])
    dist, nb = tree.query(space[t_idx], k=k)
    dist, nb = dist.reshape(len(t_idx), k), nb.reshape(len(t_idx), k)
    ok = dist <= radius
    has_match = ok.any(axis=1)
    n_dropped = int((~has_match).sum())
    if has_match.sum() < 2:
        raise ValueError(
            f"Hanya {int(has_match.sum())} peserta yang mendapat pasangan dalam caliper {caliper}; "
            "perbesar caliper atau gunakan caliper=None."
        )
    if n_dropped:
        warns.append(
            f"{n_dropped} dari {len(t_idx)} peserta tidak mendapat pasangan dalam caliper dan dikeluarkan; "
            "estimasi berlaku untuk peserta yang cocok saja."
        )
    t_keep, ok, nb = t_idx[has_match], ok[has_match], nb[has_match]
    m_t = ok.sum(axis=1).astype(float)  # matches per treated (can be < k because of the caliper)
    y_c = y[c_idx]
    y0_hat = np.where(ok, y_c[nb], 0.0).sum(axis=1) / m_t
    gaps = y[t_keep] - y0_hat
    tau = float(gaps.mean())
    n1 = len(t_keep)

    # Control weights w_i = Σ 1/M_t and Σ 1/M_t² over the treated that used control i.
    used_pos = nb[ok]
    inv_m = np.repeat(1.0 / m_t, ok.sum(axis=1).astype(int))
    w_c = np.bincount(used_pos, weights=inv_m, minlength=len(c_idx))
    w2_c = np.bincount(used_pos, weights=inv_m**2, minlength=len(c_idx))
    sigma2 = _conditional_variance(space[c_idx], y_c)
    var = (np.sum((gaps - tau) ** 2) + np.sum((w_c**2 - w2_c) * sigma2)) / n1**2
    se_ = float(math.sqrt(max(var, 0.0)))
    lo, hi, p = interval(tau, se_, 0.95, None)

    balance, worst = _balance(x, dv, t_keep, c_idx, w_c)
    if worst > 0.1:
        bad = [b["covariate"] for b in balance if abs(b["smd_after"]) > 0.1]
        warns.append(
            f"Keseimbangan kovariat belum tercapai setelah pencocokan (|SMD| > 0,1 pada: {quoted(bad)}; "
            f"terbesar {fmt_id(worst, 3)}). Pertimbangkan kovariat lain, caliper lebih ketat, "
            "atau metode lain."
        )
    n_used_controls = int((w_c > 0).sum())
    text_id, text_en = interpret_effect(
        tau, lo, hi, p, 0.95, outcome,
        "Program pelatihan (pencocokan, efek pada peserta)",
        "The training programme (matching, effect on the treated)",
    )
    return Estimate(
        method=f"Nearest-neighbour matching ATT ({method}, k={k}, dengan pengembalian, SE Abadie–Imbens)",
        estimate=tau,
        se=se_,
        ci_low=lo,
        ci_high=hi,
        p_value=p,
        n=n1 + n_used_controls,
        interpretation_id=text_id,
        interpretation_en=text_en,
        warnings=tuple(warns),
        coefficients={},
        params={"outcome": outcome, "treatment": treatment, "covariates": covariates, "method": method,
                "caliper": caliper, "replace": replace, "k": k},
        extra={
            "balance": balance,
            "n_treated": len(t_idx),
            "n_treated_matched": n1,
            "n_treated_dropped": n_dropped,
            "n_controls": len(c_idx),
            "n_controls_used": n_used_controls,
            "caliper_distance": radius if math.isfinite(radius) else None,
            "se_method": "Abadie-Imbens (2006), propensity score treated as known, no bias correction",
            **info,
        },
    )


def _conditional_variance(space_c: np.ndarray, y_c: np.ndarray) -> np.ndarray:
    """σ̂²_i = J/(J+1)·(Y_i − mean of its J nearest other controls)² (Abadie & Imbens 2006)."""
    j = min(_VARIANCE_NEIGHBOURS, len(y_c) - 1)
    if j < 1:
        return np.zeros_like(y_c)
    _, nb = cKDTree(space_c).query(space_c, k=j + 1)
    nb = nb.reshape(len(y_c), j + 1)
    # Drop the unit itself (normally the first neighbour; with exact ties it may be elsewhere).
    own = nb == np.arange(len(y_c))[:, None]
    first_other = np.where(own.any(axis=1, keepdims=True), ~own, np.arange(j + 1) < j)
    others = nb[first_other].reshape(len(y_c), j)
    resid = y_c - y_c[others].mean(axis=1)
    out: np.ndarray = j / (j + 1) * resid**2
    return out


def _balance(
    x: pd.DataFrame, dv: np.ndarray, t_keep: np.ndarray, c_idx: np.ndarray, w_c: np.ndarray
) -> tuple[list[dict[str, Any]], float]:
    """Standardised mean differences before and after matching, per covariate column.

    Both use the pre-matching pooled SD sqrt((s²_t + s²_c)/2) as the denominator, so
    the change reflects the means only (Austin 2009).
    """
    rows: list[dict[str, Any]] = []
    worst = 0.0
    for col in x.columns:
        v = x[col].to_numpy(float)
        vt, vc = v[dv == 1], v[dv == 0]
        sd = math.sqrt((float(np.var(vt, ddof=1)) + float(np.var(vc, ddof=1))) / 2)
        before = _smd(vt, vc, None, sd)
        after = _smd(v[t_keep], v[c_idx], w_c, sd)
        var_ratio = float(np.var(vt, ddof=1) / np.var(vc, ddof=1)) if np.var(vc, ddof=1) > 0 else math.nan
        rows.append({
            "covariate": str(col),
            "mean_treated": float(vt.mean()),
            "mean_control": float(vc.mean()),
            "mean_control_matched": float(np.average(v[c_idx], weights=w_c)),
            "smd_before": before,
            "smd_after": after,
            "variance_ratio_before": var_ratio,
        })
        if math.isfinite(after):
            worst = max(worst, abs(after))
    return rows, worst



def balance_before(x: pd.DataFrame, d: Sequence[int] | np.ndarray) -> list[dict[str, Any]]:
    """Balance of covariates between treated (d = 1) and comparison (d = 0) before any matching.

    Per column: the two means and the standardised mean difference with the pooled SD
    sqrt((s²_t + s²_c)/2) (Austin 2009), the statistic the matching result reports as ``smd_before``;
    |SMD| < 0.1 is the usual sign of good balance. NaN when a group has fewer than two rows or no spread.
    """
    dv = np.asarray(d, dtype=int)
    rows: list[dict[str, Any]] = []
    for col in x.columns:
        v = x[col].to_numpy(float)
        vt, vc = v[dv == 1], v[dv == 0]
        if len(vt) < 2 or len(vc) < 2:
            sd = math.nan
        else:
            sd = math.sqrt((float(np.var(vt, ddof=1)) + float(np.var(vc, ddof=1))) / 2)
        smd = _smd(vt, vc, None, sd) if len(vt) and len(vc) and math.isfinite(sd) else math.nan
        rows.append({
            "covariate": str(col),
            "mean_treated": float(vt.mean()) if len(vt) else math.nan,
            "mean_control": float(vc.mean()) if len(vc) else math.nan,
            "smd": smd,
        })
    return rows
