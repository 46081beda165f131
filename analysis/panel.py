"""Level 4 panel estimators: two-way fixed effects, event study and staggered adoption.

``twfe`` and ``event_study`` absorb unit effects by the within transformation
(unit means subtracted with ``np.bincount``; no unit dummy columns, so a million
employee-quarters fit in about a second) and put period effects in as explicit
dummies. linearmodels' ``PanelOLS`` gives the same numbers (checked in the tests)
but spends most of a 1,000,000-row fit on data validation and SVD least squares,
so it is the benchmark's reference rather than the engine. Degrees of freedom are
those of Stata's ``xtreg, fe`` with ``i.period``: classical SEs reproduce
Wooldridge's ``jtrain`` table, and clustered SEs are ``vce(cluster unit)``, which
does not count the unit effects nested in clusters; t inference with G-1 df.

``staggered`` is Callaway & Sant'Anna (2021) through the maintained ``csdid``
package (a port of R's ``did``): group-time ATTs from 2×2 comparisons with never-
or not-yet-treated units, aggregated to one ATT ("simple" weights), analytic
influence-function SEs clustered by unit (no bootstrap, so results are
deterministic). TWFE is reported beside it because TWFE is biased when effects
differ across adoption cohorts (Goodman-Bacon 2021).

Period convention for ``event_study`` and ``staggered``: ``period`` holds whole
numbers (a year, or a quarter index 1, 2, 3 …) and ``first_treated`` holds each
unit's first treated period in the same units; 0 or empty (NaN) means never
treated. A unit's ``first_treated`` must be the same on all its rows.
"""

from __future__ import annotations

import contextlib
import io
import math
import warnings as pywarnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import stats

from analysis._format import fmt_p
from analysis.regression import (
    check_ci,
    check_group_sizes,
    check_outcome,
    design_covariates,
    drop_missing,
    fmt_id,
    interpret_effect,
    interval,
    quoted,
    require_columns,
    to_binary,
)
from analysis.results import Coefficient, Estimate, to_jsonable

PanelSe = Literal["cluster", "classical"]


# --------------------------------------------------------------------------- core fit
@dataclass(frozen=True)
class _PanelFit:
    params: pd.Series
    se: pd.Series
    cov: pd.DataFrame
    t_df: float
    nobs: int
    n_units: int
    n_periods: int


def _demean(values: np.ndarray, codes: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Subtract each unit's mean from every column (the within transformation), in O(rows)."""
    out = np.empty_like(values)
    for j in range(values.shape[1]):
        means = np.bincount(codes, weights=values[:, j], minlength=len(counts)) / counts
        out[:, j] = values[:, j] - means[codes]
    return out


def _fit_panel(
    y: pd.Series, regressors: pd.DataFrame, unit: pd.Series, period: pd.Series, se: PanelSe
) -> _PanelFit:
    """OLS with unit effects absorbed by the within transformation and period dummies explicit.

    By Frisch-Waugh-Lovell this equals OLS with unit dummies, without building
    100,000 dummy columns. Degrees of freedom follow Stata's ``xtreg, fe`` with
    ``i.period``: classical SEs use N - G - k; clustered SEs scale the unit-summed
    sandwich by G/(G-1)·(N-1)/(N-K) with K = k + 1 (constant), t with G-1 df.
    The test suite checks both against linearmodels' PanelOLS and Wooldridge.
    """
    unit_codes, unit_levels = pd.factorize(unit)
    t_codes, levels = pd.factorize(period, sort=True)
    n_units, n_periods = len(unit_levels), len(levels)
    if n_periods < 2:
        raise ValueError(f"Kolom periode '{period.name}' hanya punya satu periode; minimal 2.")
    pair = np.sort(unit_codes.astype(np.int64) * n_periods + t_codes)  # sort: cheaper than unique
    if bool((pair[1:] == pair[:-1]).any()):
        raise ValueError(
            f"Ada baris ganda untuk pasangan unit '{unit.name}' dan periode '{period.name}' yang sama."
        )
    n, k_reg = len(y), regressors.shape[1]
    z = np.zeros((n, k_reg + n_periods - 1))
    z[:, :k_reg] = regressors.to_numpy(float)
    rows = np.flatnonzero(t_codes > 0)
    z[rows, k_reg + t_codes[rows] - 1] = 1.0
    names = [*map(str, regressors.columns), *[f"periode={lv}" for lv in levels[1:]]]
    counts = np.bincount(unit_codes, minlength=n_units).astype(float)
    zt = _demean(z, unit_codes, counts)
    yt = _demean(y.to_numpy(float).reshape(-1, 1), unit_codes, counts)[:, 0]
    absorbed = [names[j] for j in range(k_reg) if np.allclose(zt[:, j], 0.0)]
    if absorbed:
        raise ValueError(
            f"Kolom {quoted(absorbed)} tidak berubah di dalam unit mana pun sehingga terserap efek tetap "
            "unit; efeknya tidak dapat diestimasi dengan model ini."
        )
    xtx = zt.T @ zt
    k = zt.shape[1]
    if np.linalg.matrix_rank(xtx) < k:
        raise ValueError(
            "Model panel tidak dapat diestimasi: ada regresor yang kolinear dengan efek tetap unit/periode "
            "atau dengan regresor lain."
        )
    bread = np.linalg.inv(xtx)
    beta = bread @ (zt.T @ yt)
    resid = yt - zt @ beta
    df_resid = n - n_units - k
    if df_resid <= 0:
        raise ValueError("Derajat bebas residual habis: terlalu sedikit observasi per unit.")
    if se == "cluster":
        scores = np.column_stack(
            [np.bincount(unit_codes, weights=zt[:, j] * resid, minlength=n_units) for j in range(k)]
        )
        factor = n_units / (n_units - 1) * (n - 1) / (n - k - 1)
        cov = bread @ (scores.T @ scores) @ bread * factor
        t_df = float(n_units - 1)
    else:
        cov = bread * float(resid @ resid) / df_resid
        t_df = float(df_resid)
    return _PanelFit(
        params=pd.Series(beta, index=names),
        se=pd.Series(np.sqrt(np.diag(cov)), index=names),
        cov=pd.DataFrame(cov, index=names, columns=names),
        t_df=t_df,
        nobs=n,
        n_units=n_units,
        n_periods=n_periods,
    )


def _coefs(fit: _PanelFit, names: Sequence[str]) -> dict[str, Coefficient]:
    out: dict[str, Coefficient] = {}
    for name in names:
        est, se_ = float(fit.params[name]), float(fit.se[name])
        out[name] = Coefficient(est, se_, interval(est, se_, 0.95, fit.t_df)[2])
    return out


def _check_se(se: str) -> None:
    if se not in ("cluster", "classical"):
        raise ValueError(f"Jenis galat baku '{se}' tidak dikenal; pilih cluster atau classical.")


# --------------------------------------------------------------------------- TWFE
def twfe(
    df: pd.DataFrame,
    *,
    outcome: str,
    treatment: str,
    unit: str,
    period: str,
    covariates: Sequence[str] = (),
    se: PanelSe = "cluster",
    ci: float = 0.95,
) -> Estimate:
    """Two-way fixed effects: outcome on a binary treatment with unit and period effects."""
    _check_se(se)
    check_ci(ci)
    covariates = list(covariates)
    used = [outcome, treatment, unit, period, *covariates]
    require_columns(df, used)
    data, warns = drop_missing(df, used)
    y = check_outcome(data[outcome], outcome)
    d = to_binary(data[treatment], treatment)
    check_group_sizes(d, treatment)
    regs = pd.concat([d.astype(float).rename(treatment), design_covariates(data, covariates)], axis=1)
    fit = _fit_panel(y, regs, data[unit], data[period], se)
    est, se_ = float(fit.params[treatment]), float(fit.se[treatment])
    lo, hi, p = interval(est, se_, ci, fit.t_df)
    if se == "cluster" and fit.n_units < 30:
        warns.append(f"Hanya {fit.n_units} unit (klaster); galat baku klaster bisa bias bila klaster < 30.")
    text_id, text_en = interpret_effect(
        est, lo, hi, p, ci, outcome,
        "Program pelatihan (efek tetap dua arah)", "The training programme (two-way fixed effects)",
    )
    others = [c for c in regs.columns if c != treatment]
    return Estimate(
        method=f"Two-way fixed effects (PanelOLS, {se})",
        estimate=est,
        se=se_,
        ci_low=lo,
        ci_high=hi,
        p_value=p,
        n=fit.nobs,
        interpretation_id=text_id,
        interpretation_en=text_en,
        warnings=tuple(warns),
        coefficients=_coefs(fit, others),
        params={"outcome": outcome, "treatment": treatment, "unit": unit, "period": period,
                "covariates": covariates, "se": se, "ci": ci},
        extra={"n_units": fit.n_units, "n_periods": fit.n_periods, "t_df": fit.t_df},
    )


def first_difference(
    df: pd.DataFrame, *, columns: Sequence[str], unit: str, period: str
) -> pd.DataFrame:
    """Δx_it = x_it − x_i,t−1 between consecutive observed periods of each unit (first row dropped)."""
    require_columns(df, [unit, period, *columns])
    ordered = df.sort_values([unit, period])
    diffs = ordered.groupby(unit, sort=False)[list(columns)].diff()
    out = pd.concat([ordered[[unit, period]], diffs], axis=1)
    return out.dropna(subset=list(columns)).reset_index(drop=True)


# --------------------------------------------------------------------------- event study
@dataclass(frozen=True)
class EventCoefficient:
    estimate: float
    se: float
    ci_low: float
    ci_high: float
    p_value: float


@dataclass(frozen=True)
class EventStudyResult:
    """Dynamic effects by period relative to first treatment (reference period normalised to 0)."""

    method: str
    coefficients: Mapping[int, EventCoefficient]
    reference: int
    pretrend_f: float
    pretrend_p: float
    pretrend_df: tuple[int, float]
    n: int
    n_units: int
    warnings: tuple[str, ...] = ()
    interpretation_id: str = ""
    interpretation_en: str = ""
    params: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = to_jsonable(self)
        return out


def _first_treated(data: pd.DataFrame, col: str, unit: str) -> pd.Series:
    """First treated period per row as float; NaN (never treated) for 0 or empty."""
    ft = pd.to_numeric(data[col], errors="coerce").astype(float)
    if (data[col].notna() & ft.isna()).any():
        raise ValueError(f"Kolom '{col}' harus berisi periode (angka), 0 atau kosong.")
    ft = ft.where(ft != 0)
    per_unit = ft.fillna(-1.0).groupby(data[unit]).nunique()
    if (per_unit > 1).any():
        raise ValueError(f"Kolom '{col}' harus bernilai sama pada semua baris satu unit '{unit}'.")
    return ft


def _numeric_period(data: pd.DataFrame, period: str) -> pd.Series:
    p = pd.to_numeric(data[period], errors="coerce")
    if p.isna().any() or not np.allclose(p, np.round(p)):
        raise ValueError(f"Kolom periode '{period}' harus bilangan bulat (mis. tahun atau nomor triwulan).")
    return p.astype(float)


def event_study(
    df: pd.DataFrame,
    *,
    outcome: str,
    unit: str,
    period: str,
    first_treated: str,
    leads: int = 3,
    lags: int = 3,
    reference: int = -1,
    covariates: Sequence[str] = (),
    se: PanelSe = "cluster",
) -> EventStudyResult:
    """TWFE event study with relative-period dummies -leads..lags (end points binned), one omitted.

    Relative periods beyond the window are binned into the end points (-leads
    collects all earlier ones, +lags all later ones), so every treated row is in
    some dummy and the omitted ``reference`` period is the only normalisation.
    ``pretrend_f``/``pretrend_p`` is the joint Wald test that all lead (pre-period)
    coefficients are zero, as F(q, G-1) with clustered SEs or F(q, df_resid).
    """
    _check_se(se)
    if leads < 1 or lags < 0:
        raise ValueError("leads minimal 1 dan lags minimal 0.")
    if not -leads <= reference <= -1:
        raise ValueError(f"Periode acuan reference={reference} harus di antara -{leads} dan -1.")
    covariates = list(covariates)
    used = [outcome, unit, period, *covariates]
    require_columns(df, [*used, first_treated])
    data, warns = drop_missing(df, used, keep=[first_treated])
    y = check_outcome(data[outcome], outcome)
    per = _numeric_period(data, period)
    ft = _first_treated(data, first_treated, unit)
    if ft.notna().sum() == 0:
        raise ValueError(f"Kolom '{first_treated}': tidak ada unit yang pernah diobati.")
    rel = (per - ft).clip(lower=-leads, upper=lags)
    ks = [k for k in range(-leads, lags + 1) if k != reference]
    names = {k: f"rel[{k}]" for k in ks}
    dummies = pd.DataFrame({names[k]: (rel == k).astype(float) for k in ks}, index=data.index)
    empty = [k for k in ks if dummies[names[k]].sum() == 0]
    if empty:
        raise ValueError(f"Tidak ada observasi untuk periode relatif {empty}; kurangi leads/lags.")
    if ft.isna().sum() == 0:
        warns.append(
            "Tidak ada unit yang tidak pernah diobati; efek diidentifikasi hanya dari beda waktu mulai."
        )
    regs = pd.concat([dummies, design_covariates(data, covariates)], axis=1)
    fit = _fit_panel(y, regs, data[unit], data[period], se)
    coefs: dict[int, EventCoefficient] = {}
    for k in ks:
        est, s = float(fit.params[names[k]]), float(fit.se[names[k]])
        lo, hi, p = interval(est, s, 0.95, fit.t_df)
        coefs[k] = EventCoefficient(est, s, lo, hi, p)
    lead_names = [names[k] for k in ks if k < 0]
    b = fit.params[lead_names].to_numpy()
    v = fit.cov.loc[lead_names, lead_names].to_numpy()
    q = len(lead_names)
    f_stat = float(b @ np.linalg.solve(v, b)) / q
    p_pre = float(stats.f.sf(f_stat, q, fit.t_df))
    if p_pre < 0.05:
        warns.append(
            f"Uji pra-tren gagal (F = {fmt_id(f_stat, 2)}, {fmt_p(p_pre, 'id')}): "
            "hasil sebelum program sudah berbeda antar kelompok, sehingga asumsi tren paralel diragukan."
        )
    post = [coefs[k] for k in ks if k >= 0]
    avg_post = float(np.mean([c.estimate for c in post])) if post else math.nan
    text_id = (
        f"Studi peristiwa atas '{outcome}': rata-rata efek setelah program {fmt_id(avg_post)} "
        f"(relatif terhadap periode {reference}). Uji pra-tren: {fmt_p(p_pre, 'id')}"
        + ("; tren sebelum program tidak paralel." if p_pre < 0.05 else "; tidak ada bukti tren pra-program.")
    )
    text_en = (
        f"Event study of '{outcome}': average post-programme effect {avg_post:,.3f} "
        f"(relative to period {reference}). Pre-trend test {fmt_p(p_pre, 'en')}"
        + ("; pre-programme trends are not parallel." if p_pre < 0.05 else "; no evidence of pre-trends.")
    )
    return EventStudyResult(
        method=f"Event study TWFE (PanelOLS, {se})",
        coefficients=coefs,
        reference=reference,
        pretrend_f=f_stat,
        pretrend_p=p_pre,
        pretrend_df=(q, fit.t_df),
        n=fit.nobs,
        n_units=fit.n_units,
        warnings=tuple(warns),
        interpretation_id=text_id,
        interpretation_en=text_en,
        params={"outcome": outcome, "unit": unit, "period": period, "first_treated": first_treated,
                "leads": leads, "lags": lags, "reference": reference, "covariates": covariates, "se": se},
    )


# --------------------------------------------------------------------------- staggered adoption
def staggered(
    df: pd.DataFrame,
    *,
    outcome: str,
    unit: str,
    period: str,
    first_treated: str,
    covariates: Sequence[str] = (),
    control: Literal["never", "notyet"] = "never",
) -> Estimate:
    """Callaway–Sant'Anna ATT for staggered adoption (csdid), with the TWFE estimate for comparison."""
    if control not in ("never", "notyet"):
        raise ValueError(f"control='{control}' tidak dikenal; pilih 'never' atau 'notyet'.")
    covariates = list(covariates)
    used = [outcome, unit, period, *covariates]
    require_columns(df, [*used, first_treated])
    data, warns = drop_missing(df, used, keep=[first_treated])
    y = check_outcome(data[outcome], outcome)
    per = _numeric_period(data, period)
    ft = _first_treated(data, first_treated, unit)
    if ft.notna().sum() == 0:
        raise ValueError(f"Kolom '{first_treated}': tidak ada unit yang pernah diobati.")
    if control == "never" and ft.isna().sum() == 0:
        raise ValueError(
            f"Kolom '{first_treated}': tidak ada unit yang tidak pernah diobati; gunakan control='notyet'."
        )
    first_period = per.min()
    always = ft.notna() & (ft <= first_period)
    if always.any():
        n_always = int(data.loc[always, unit].nunique())
        warns.append(
            f"{n_always} unit sudah diobati sejak periode pertama dan tidak dipakai (tanpa periode pra)."
        )
    cs = pd.DataFrame({
        "_y": y.to_numpy(),
        "_t": per.astype(int).to_numpy(),
        "_id": pd.factorize(data[unit])[0] + 1,
        "_g": ft.fillna(0).astype(int).to_numpy(),
    })
    xcov = design_covariates(data, covariates)
    xnames = [f"_x{i}" for i in range(xcov.shape[1])]
    for name, col in zip(xnames, xcov.columns, strict=True):
        cs[name] = xcov[col].to_numpy()
    cs = cs.loc[~always.to_numpy()].reset_index(drop=True)
    # csdid's panel estimator needs a balanced panel; drop incomplete units here so we can say so.
    complete = cs.groupby("_id")["_t"].transform("size") == cs["_t"].nunique()
    if not complete.all():
        n_gap = int(cs.loc[~complete, "_id"].nunique())
        warns.append(
            f"{n_gap} unit tidak punya data di semua periode dan tidak dipakai oleh Callaway–Sant'Anna "
            "(memerlukan panel seimbang)."
        )
        cs = cs.loc[complete].reset_index(drop=True)
    result, gt = _run_csdid(cs, xnames, control)
    est, se_ = result
    lo, hi, p = interval(est, se_, 0.95, None)

    # TWFE on the same rows for comparison; its bias under heterogeneous timing is the reason for CS.
    treated_now = (ft.notna() & (per >= ft)).astype(int)
    tw_df = data.assign(_d=treated_now)
    tw = twfe(tw_df, outcome=outcome, treatment="_d", unit=unit, period=period, covariates=covariates)
    diff = abs(est - tw.estimate)
    combined = math.hypot(se_, tw.se)
    if diff > combined or (np.sign(est) != np.sign(tw.estimate) and est != 0):
        warns.append(
            f"Estimasi TWFE ({fmt_id(tw.estimate)}) berbeda dari Callaway–Sant'Anna ({fmt_id(est)}) "
            "lebih dari satu galat baku gabungan atau berbeda tanda: efek kemungkinan berbeda antar "
            "angkatan/waktu mulai, sehingga TWFE bias. Gunakan estimasi Callaway–Sant'Anna."
        )
    text_id, text_en = interpret_effect(
        est, lo, hi, p, 0.95, outcome,
        "Program pelatihan (Callaway–Sant'Anna, adopsi bertahap)",
        "The training programme (Callaway–Sant'Anna, staggered adoption)",
    )
    return Estimate(
        method=f"Callaway–Sant'Anna (csdid, kontrol {control}, {'dr' if xnames else 'reg'})",
        estimate=est,
        se=se_,
        ci_low=lo,
        ci_high=hi,
        p_value=p,
        n=len(cs),
        interpretation_id=text_id,
        interpretation_en=text_en,
        warnings=tuple(warns),
        coefficients={},
        params={"outcome": outcome, "unit": unit, "period": period, "first_treated": first_treated,
                "covariates": covariates, "control": control},
        extra={
            "twfe": {"estimate": tw.estimate, "se": tw.se, "ci_low": tw.ci_low, "ci_high": tw.ci_high,
                     "p_value": tw.p_value},
            "group_time": gt,
            "n_units": int(cs["_id"].nunique()),
        },
    )


def _run_csdid(
    cs: pd.DataFrame, xnames: list[str], control: str
) -> tuple[tuple[float, float], list[dict[str, Any]]]:
    """Call csdid quietly; return (overall ATT, SE) and the group-time table."""
    from csdid.att_gt import ATTgt  # lazy: csdid pulls in plotting libraries at import

    xformla = "_y ~ " + (" + ".join(xnames) if xnames else "1")
    sink = io.StringIO()
    try:
        with contextlib.redirect_stdout(sink), pywarnings.catch_warnings():
            pywarnings.simplefilter("ignore")
            model = ATTgt(
                yname="_y", tname="_t", idname="_id", gname="_g", data=cs, xformla=xformla,
                control_group="nevertreated" if control == "never" else "notyettreated",
            )
            model.fit(est_method="dr" if xnames else "reg", bstrap=False)
            model.aggte(typec="simple", bstrap=False)
    except Exception as exc:  # csdid raises bare Exceptions on degenerate designs
        raise ValueError(f"Estimasi Callaway–Sant'Anna gagal: {exc}") from exc
    atte: dict[str, Any] = model.atte
    res: dict[str, Any] = model.results
    gt = [
        {"group": int(g), "period": int(t), "att": float(a), "se": float(s)}
        for g, t, a, s in zip(res["group"], res["year"], res["att"], res["se"], strict=True)
    ]
    return (float(atte["overall_att"]), float(atte["overall_se"])), gt
