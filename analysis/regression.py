"""Level 4 regression estimators: treatment effect by OLS and difference-in-differences.

Both wrap statsmodels OLS. Standard errors are classical, HC3 or cluster-robust;
the cluster-robust option reproduces Stata's ``vce(cluster)``: statsmodels'
default small-sample factor G/(G-1)·(N-1)/(N-K) and t inference with G-1 degrees
of freedom (checked against Petersen's published test data in the tests).

The small input helpers here (column checks, binary coercion, missing-row
dropping, Indonesian number formatting) are shared by the other Level 4 modules.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats

from analysis._format import fmt_id as _fmt_id
from analysis._format import fmt_p
from analysis.results import Coefficient, Estimate

SeKind = Literal["classical", "hc3", "cluster"]

_TRUE = {"true", "1", "ya", "yes", "t", "y"}
_FALSE = {"false", "0", "tidak", "no", "f", "n"}


# --------------------------------------------------------------------------- helpers
def require_columns(df: pd.DataFrame, columns: Sequence[str]) -> None:
    """Raise a ValueError naming the first column that is not in the frame."""
    for col in columns:
        if col not in df.columns:
            raise ValueError(f"Kolom '{col}' tidak ditemukan dalam data.")


def drop_missing(
    df: pd.DataFrame, columns: Sequence[str], keep: Sequence[str] = ()
) -> tuple[pd.DataFrame, list[str]]:
    """Keep the used columns (+ ``keep``, which may be empty), drop incomplete rows, say how many went."""
    used = list(dict.fromkeys(columns))
    sub = df.loc[:, list(dict.fromkeys([*used, *keep]))]
    mask = sub[used].notna().all(axis=1)
    dropped = int((~mask).sum())
    warnings: list[str] = []
    if dropped:
        warnings.append(f"{dropped} baris dibuang karena ada nilai kosong pada data yang dipakai ({quoted(used)}).")
    return sub.loc[mask].copy(), warnings


def quoted(names: Sequence[str]) -> str:
    """Column names as every message quotes them ('a', 'b'), so a caller can put its own labels in."""
    return ", ".join(f"'{n}'" for n in names)


def to_binary(series: pd.Series, name: str) -> pd.Series:
    """0/1, bool or "true"/"false" strings -> int 0/1; anything else is an error."""
    if pd.api.types.is_bool_dtype(series):
        return series.astype(int)
    if pd.api.types.is_numeric_dtype(series):
        arr = series.to_numpy(float)
        bad = arr[(arr != 0.0) & (arr != 1.0)]  # vectorised: this runs on million-row panels
        if bad.size:
            raise ValueError(
                f"Kolom '{name}' harus biner (0/1 atau true/false); ditemukan nilai lain: "
                f"{sorted(set(bad[:1000].tolist()))[:5]}."
            )
        return series.astype(int)
    text = series.astype(str).str.strip().str.lower()
    bad = sorted(set(text) - _TRUE - _FALSE)
    if bad:
        raise ValueError(
            f"Kolom '{name}' harus biner (0/1 atau true/false); ditemukan nilai lain: {bad[:5]}."
        )
    return text.isin(_TRUE).astype(int)


def design_covariates(df: pd.DataFrame, covariates: Sequence[str]) -> pd.DataFrame:
    """Numeric covariates as they are; text/categorical ones as 0/1 dummies (first level dropped)."""
    parts: list[pd.DataFrame] = []
    for col in covariates:
        s = df[col]
        if pd.api.types.is_bool_dtype(s):
            parts.append(s.astype(float).to_frame(col))
        elif pd.api.types.is_numeric_dtype(s):
            if s.min() == s.max():
                raise ValueError(f"Kolom kovariat '{col}' tidak bervariasi (semua nilainya sama).")
            parts.append(s.astype(float).to_frame(col))
        else:
            dummies = pd.get_dummies(s.astype(str), prefix=col, prefix_sep="=", drop_first=True, dtype=float)
            if dummies.shape[1] == 0:
                raise ValueError(f"Kolom kovariat '{col}' tidak bervariasi (semua nilainya sama).")
            parts.append(dummies)
    if not parts:
        return pd.DataFrame(index=df.index)
    return pd.concat(parts, axis=1)


def drop_collinear(x: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """The columns in order, leaving out each one that the intercept and the columns kept already
    determine (a dummy that repeats another, a category constant in this subset); and their names."""
    kept: list[str] = []
    dropped: list[str] = []
    basis = np.ones((len(x), 1))
    for col in x.columns:
        trial = np.column_stack([basis, x[col].to_numpy(float)])
        if np.linalg.matrix_rank(trial) > basis.shape[1]:
            basis = trial
            kept.append(str(col))
        else:
            dropped.append(str(col))
    return x[kept], dropped


def check_outcome(series: pd.Series, name: str) -> pd.Series:
    """The outcome must be numeric and vary."""
    if not pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
        try:
            series = pd.to_numeric(series)
        except (TypeError, ValueError):
            raise ValueError(f"Kolom hasil '{name}' harus numerik.") from None
    series = series.astype(float)
    if series.min() == series.max():
        raise ValueError(f"Kolom hasil '{name}' tidak bervariasi (semua nilainya sama).")
    return series


def check_group_sizes(flag: pd.Series, name: str, minimum: int = 2) -> None:
    """Both arms of a binary column need at least ``minimum`` rows."""
    counts = flag.value_counts()
    for level in (0, 1):
        if int(counts.get(level, 0)) < minimum:
            raise ValueError(
                f"Kolom '{name}': kelompok '{name}={level}' hanya punya {int(counts.get(level, 0))} baris; "
                f"minimal {minimum}."
            )


def fmt_id(x: float, digits: int = 3) -> str:
    """Indonesian number with three decimals by default (coefficients need more than two)."""
    return _fmt_id(x, digits)


def check_ci(ci: float) -> None:
    if not 0.0 < ci < 1.0:
        raise ValueError(f"Tingkat kepercayaan ci harus di antara 0 dan 1 (diberikan {ci}).")




def interval(estimate: float, se: float, ci: float, df: float | None) -> tuple[float, float, float]:
    """CI and two-sided p-value from t (df given) or normal (df None)."""
    dist: Any = stats.t(df) if df is not None else stats.norm()
    if not (se > 0 and math.isfinite(se)):
        return math.nan, math.nan, math.nan
    q = float(dist.ppf(0.5 + ci / 2))
    p = float(2 * dist.sf(abs(estimate / se)))
    return estimate - q * se, estimate + q * se, p


def interpret_effect(
    estimate: float, lo: float, hi: float, p: float, ci: float, outcome: str, what_id: str, what_en: str
) -> tuple[str, str]:
    """Plain-language sentences in Indonesian and English for one effect."""
    pct = f"{ci * 100:g}"
    if p < 0.05:
        arah = "meningkatkan" if estimate > 0 else "menurunkan"
        direction = "increased" if estimate > 0 else "decreased"
        sig_id = "signifikan secara statistik (p < 0,05)"
        sig_en = "statistically significant (p < 0.05)"
    else:
        arah, direction = "mengubah", "changed"
        sig_id = "tidak signifikan secara statistik; data belum cukup untuk menyimpulkan ada pengaruh"
        sig_en = "not statistically significant; the data cannot rule out no effect"
    # A direction word carries the sign, so the size is absolute ("menurunkan ... sebesar 5,083", never "−5,083").
    size = abs(estimate) if p < 0.05 else estimate
    text_id = (
        f"{what_id} diperkirakan {arah} '{outcome}' sebesar {fmt_id(size)} "
        f"(IK {pct.replace('.', ',')}%: {fmt_id(lo)} s.d. {fmt_id(hi)}; {fmt_p(p, 'id')}); {sig_id}."
    )
    text_en = (
        f"{what_en} is estimated to have {direction} '{outcome}' by {size:,.3f} "
        f"({pct}% CI {lo:,.3f} to {hi:,.3f}; {fmt_p(p, 'en')}); {sig_en}."
    )
    return text_id, text_en


def _fit_ols(
    y: pd.Series, x: pd.DataFrame, se: SeKind, groups: pd.Series | None
) -> tuple[Any, float | None]:
    """Fit statsmodels OLS with the requested covariance; return (result, t df)."""
    model = sm.OLS(y.to_numpy(float), x.to_numpy(float))
    if se == "classical":
        res = model.fit()
        return res, float(res.df_resid)
    if se == "hc3":
        res = model.fit(cov_type="HC3")
        return res, float(res.df_resid)
    if groups is None:
        raise ValueError("se='cluster' memerlukan kolom klaster.")
    codes = pd.factorize(groups)[0]
    # statsmodels' default cluster correction equals Stata's vce(cluster): G/(G-1)*(N-1)/(N-K),
    # and use_t gives t(G-1) inference as Stata does.
    res = model.fit(cov_type="cluster", cov_kwds={"groups": codes}, use_t=True)
    return res, float(len(np.unique(codes)) - 1)


def _validate_se(se: str, cluster: str | None) -> None:
    if se not in ("classical", "hc3", "cluster"):
        raise ValueError(f"Jenis galat baku '{se}' tidak dikenal; pilih classical, hc3 atau cluster.")
    if se == "cluster" and not cluster:
        raise ValueError("se='cluster' memerlukan nama kolom klaster (argumen cluster).")


def _coefficients(res: Any, names: Sequence[str], skip: str) -> dict[str, Coefficient]:
    params, bse, pvals = res.params, res.bse, res.pvalues
    out: dict[str, Coefficient] = {}
    for i, name in enumerate(names):
        if name == skip:
            continue
        out[name] = Coefficient(float(params[i]), float(bse[i]), float(pvals[i]))
    return out


def _estimate_from_fit(
    res: Any,
    names: list[str],
    target: str,
    t_df: float | None,
    ci: float,
    *,
    method: str,
    outcome: str,
    what: tuple[str, str],
    warnings: list[str],
    params: dict[str, Any],
    extra: dict[str, Any],
) -> Estimate:
    i = names.index(target)
    est, se_ = float(res.params[i]), float(res.bse[i])
    lo, hi, p = interval(est, se_, ci, t_df)
    text_id, text_en = interpret_effect(est, lo, hi, p, ci, outcome, *what)
    return Estimate(
        method=method,
        estimate=est,
        se=se_,
        ci_low=lo,
        ci_high=hi,
        p_value=p,
        n=int(res.nobs),
        interpretation_id=text_id,
        interpretation_en=text_en,
        warnings=tuple(warnings),
        coefficients=_coefficients(res, names, target),
        params=params,
        extra={"r_squared": float(res.rsquared), "df_resid": float(res.df_resid), "t_df": t_df, **extra},
    )


# --------------------------------------------------------------------------- estimators
def effect(
    df: pd.DataFrame,
    *,
    outcome: str,
    treatment: str,
    covariates: Sequence[str] = (),
    se: SeKind = "classical",
    cluster: str | None = None,
    ci: float = 0.95,
) -> Estimate:
    """OLS of ``outcome`` on a binary ``treatment`` (+ covariates); the estimate is its coefficient."""
    _validate_se(se, cluster)
    check_ci(ci)
    covariates = list(covariates)
    used = [outcome, treatment, *covariates] + ([cluster] if se == "cluster" and cluster else [])
    require_columns(df, used)
    data, warnings = drop_missing(df, used)
    y = check_outcome(data[outcome], outcome)
    d = to_binary(data[treatment], treatment)
    check_group_sizes(d, treatment)
    x = pd.concat(
        [pd.Series(1.0, index=data.index, name="const"), d.astype(float).rename(treatment),
         design_covariates(data, covariates)],
        axis=1,
    )
    groups = data[cluster] if se == "cluster" and cluster else None
    if groups is not None and groups.nunique() < 2:
        raise ValueError(f"Kolom klaster '{cluster}' hanya punya satu klaster; minimal 2.")
    res, t_df = _fit_ols(y, x, se, groups)
    extra: dict[str, Any] = {
        "n_treated": int(d.sum()),
        "n_control": int((1 - d).sum()),
    }
    if groups is not None:
        extra["n_clusters"] = int(groups.nunique())
        if groups.nunique() < 30:
            warnings.append(
                f"Hanya {groups.nunique()} klaster; galat baku klaster bisa bias ke bawah bila klaster < 30."
            )
    return _estimate_from_fit(
        res, list(x.columns), treatment, t_df, ci,
        method=f"OLS ({se})",
        outcome=outcome,
        what=("Program pelatihan", "The training programme"),
        warnings=warnings,
        params={"outcome": outcome, "treatment": treatment, "covariates": covariates, "se": se,
                "cluster": cluster, "ci": ci},
        extra=extra,
    )


def did(
    df: pd.DataFrame,
    *,
    outcome: str,
    group: str,
    post: str,
    covariates: Sequence[str] = (),
    se: SeKind = "classical",
    cluster: str | None = None,
    ci: float = 0.95,
) -> Estimate:
    """Difference-in-differences: outcome on group, post and group×post; the estimate is the interaction."""
    _validate_se(se, cluster)
    check_ci(ci)
    covariates = list(covariates)
    used = [outcome, group, post, *covariates] + ([cluster] if se == "cluster" and cluster else [])
    require_columns(df, used)
    data, warnings = drop_missing(df, used)
    y = check_outcome(data[outcome], outcome)
    g = to_binary(data[group], group)
    t = to_binary(data[post], post)
    check_group_sizes(g, group)
    check_group_sizes(t, post)
    cells = pd.crosstab(g, t).reindex(index=[0, 1], columns=[0, 1], fill_value=0).to_numpy(int)
    for gi in (0, 1):
        for ti in (0, 1):
            if cells[gi, ti] < 2:
                raise ValueError(
                    f"Sel {group}={gi}, {post}={ti} hanya punya {cells[gi, ti]} baris; "
                    "DiD memerlukan minimal 2 baris di setiap sel."
                )
    inter = f"{group}×{post}"
    x = pd.concat(
        [pd.Series(1.0, index=data.index, name="const"), g.astype(float).rename(group),
         t.astype(float).rename(post), (g * t).astype(float).rename(inter),
         design_covariates(data, covariates)],
        axis=1,
    )
    groups = data[cluster] if se == "cluster" and cluster else None
    if groups is not None and groups.nunique() < 2:
        raise ValueError(f"Kolom klaster '{cluster}' hanya punya satu klaster; minimal 2.")
    res, t_df = _fit_ols(y, x, se, groups)
    means = data.assign(_g=g, _t=t, _y=y).groupby(["_g", "_t"])["_y"].mean()
    extra: dict[str, Any] = {
        "cell_means": [
            {group: int(gi), post: int(ti), "mean": float(means.loc[(gi, ti)]), "n": int(cells[gi, ti])}
            for gi in (0, 1) for ti in (0, 1)
        ],
    }
    if groups is not None:
        extra["n_clusters"] = int(groups.nunique())
        if groups.nunique() < 30:
            warnings.append(
                f"Hanya {groups.nunique()} klaster; galat baku klaster bisa bias ke bawah bila klaster < 30."
            )
    return _estimate_from_fit(
        res, list(x.columns), inter, t_df, ci,
        method=f"Difference-in-differences OLS ({se})",
        outcome=outcome,
        what=(
            "Program pelatihan (selisih-dalam-selisih)",
            "The training programme (difference-in-differences)",
        ),
        warnings=warnings,
        params={"outcome": outcome, "group": group, "post": post, "covariates": covariates, "se": se,
                "cluster": cluster, "ci": ci},
        extra=extra,
    )
