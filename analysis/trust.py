"""Public image and trust indices per service unit and period: IPKP, IPAK, trust score and its drivers.

Input is one row per (respondent, item) answer: the item's construct code says which index it feeds.

- IPKP (Survei Persepsi Kualitas Pelayanan) and IPAK (Survei Persepsi Anti Korupsi), Zona Integritas:
  constructs ``ipkp-*`` and ``ipak-*``. A respondent's score is the mean of the dimensions they
  answered; the index is the mean of respondents' scores, on the items' own scale (1-4 in the shipped
  templates). The official item sets and scale conversions vary between instansi (DOMAIN.md:
  Unconfirmed), so no category (baik/sangat baik) is given here.
- Trust (OECD drivers, 0-10): ``kp-responsif``, ``kp-andal``, ``kp-integritas``, ``kp-keterbukaan``,
  ``kp-keadilan``: each driver's index is the mean answer; the trust score is the mean of the overall
  trust item ``kp-percaya``.

Each index carries n (respondents), a t-based 95 % CI of the mean of respondent scores, and is
suppressed below k respondents (the disclosure rule): no mean and no CI are returned then.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from analysis.panel import EventStudyResult, event_study, staggered
from analysis.results import Estimate

__all__ = [
    "DRIVERS",
    "CoverageEffect",
    "coverage_effect",
    "effect_reading",
    "first_covered",
    "INDICES",
    "IndexEstimate",
    "index_estimate",
    "unit_period_indices",
]

# Index code -> (construct prefix or exact construct, kind). "prefix" pools every dimension of a survey.
INDICES: dict[str, tuple[str, str]] = {
    "ipkp": ("ipkp-", "prefix"),
    "ipak": ("ipak-", "prefix"),
    "kepercayaan": ("kp-percaya", "exact"),
    "kp-responsif": ("kp-responsif", "exact"),
    "kp-andal": ("kp-andal", "exact"),
    "kp-integritas": ("kp-integritas", "exact"),
    "kp-keterbukaan": ("kp-keterbukaan", "exact"),
    "kp-keadilan": ("kp-keadilan", "exact"),
}
DRIVERS: tuple[str, ...] = ("kp-responsif", "kp-andal", "kp-integritas", "kp-keterbukaan", "kp-keadilan")


@dataclass(frozen=True)
class IndexEstimate:
    """One index for one group: mean of respondent scores with a t interval, or suppressed below k."""

    index: str
    n: int
    mean: float | None
    se: float | None
    ci_low: float | None
    ci_high: float | None
    suppressed: bool
    k: int
    method: str = "mean of respondent scores, t interval (n - 1 df)"


def index_estimate(scores: Sequence[float], *, index: str, k: int, level: float = 0.95) -> IndexEstimate:
    """Mean, SE and t confidence interval of respondent scores; suppressed when fewer than k respondents."""
    if k < 1:
        raise ValueError("k harus sedikitnya 1.")
    values = [float(v) for v in scores if v is not None and not math.isnan(float(v))]
    n = len(values)
    if n < k or n == 0:
        return IndexEstimate(index=index, n=n, mean=None, se=None, ci_low=None, ci_high=None, suppressed=True, k=k)
    mean = math.fsum(values) / n
    if n < 2:
        return IndexEstimate(index=index, n=n, mean=mean, se=None, ci_low=None, ci_high=None, suppressed=False, k=k)
    var = math.fsum((v - mean) ** 2 for v in values) / (n - 1)
    se = math.sqrt(var / n)
    half = float(stats.t.ppf(0.5 + level / 2, n - 1)) * se
    return IndexEstimate(
        index=index, n=n, mean=mean, se=se, ci_low=mean - half, ci_high=mean + half, suppressed=False, k=k
    )


def unit_period_indices(
    answers: pd.DataFrame, *, k: int, indices: Mapping[str, tuple[str, str]] = INDICES
) -> list[tuple[str, str, IndexEstimate]]:
    """Every index for every (unit, period) present: [(unit, period, estimate)], sorted.

    ``answers`` columns: unit, period, respondent, construct, value (numeric; missing answers absent).
    A group with no answer to an index at all still gets a (suppressed, n = 0) estimate.
    """
    needed = {"unit", "period", "respondent", "construct", "value"}
    missing = needed - set(answers.columns)
    if missing:
        raise ValueError(f"Kolom tidak ditemukan: {', '.join(sorted(missing))}.")
    values = pd.to_numeric(answers["value"], errors="coerce")
    if values.isna().any():
        row = int(values[values.isna()].index[0])
        raise ValueError(f"Baris {row}: nilai {answers.loc[row, 'value']!r} bukan angka.")
    frame = answers.assign(value=values.astype(float), construct=answers["construct"].astype(str))
    groups: list[tuple[Any, Any]] = sorted(frame.groupby(["unit", "period"], sort=True).groups)  # type: ignore[arg-type]
    # Respondent scores per index over the whole frame at once (one groupby per index, not per unit-period).
    by_index: dict[str, dict[tuple[Any, Any], list[float]]] = {}
    for code, (construct, kind) in indices.items():
        rows = (
            frame[frame["construct"].str.startswith(construct)]
            if kind == "prefix"
            else frame[frame["construct"] == construct]
        )
        per_dimension = rows.groupby(["unit", "period", "respondent", "construct"])["value"].mean()
        per_respondent = per_dimension.groupby(level=["unit", "period", "respondent"]).mean()
        by_index[code] = {
            (key[0], key[1]): list(scores)  # type: ignore[index]
            for key, scores in per_respondent.groupby(level=["unit", "period"])
        }
    return [
        (str(unit), str(period), index_estimate(by_index[code].get((unit, period), []), index=code, k=k))
        for unit, period in groups
        for code in indices
    ]


# --- unit-by-period analysis: indices against the share of the unit's staff trained --------------------


@dataclass(frozen=True)
class CoverageEffect:
    """Staggered DiD (Callaway-Sant'Anna) and event study of one index on "coverage reached the threshold".

    A unit counts as treated from the first period whose coverage (share of its staff who completed the
    programme before the period began) is at least ``threshold``; units that never reach it are the
    comparison group. Unit-level and observational: it cannot separate training from anything else that
    changed at the same units at the same time.
    """

    outcome: str
    threshold: float
    staggered: Estimate | None
    event: EventStudyResult | None
    n_units: int
    n_treated_units: int
    n_periods: int
    warnings: tuple[str, ...] = ()


def first_covered(panel: pd.DataFrame, *, threshold: float, coverage: str = "coverage") -> pd.Series:
    """Per row, the unit's first period with coverage >= threshold (0 = never), for analysis.panel."""
    if not 0 < threshold <= 1:
        raise ValueError("Ambang cakupan harus di antara 0 dan 1.")
    reached = panel[panel[coverage] >= threshold].groupby("unit")["period"].min()
    return panel["unit"].map(reached).fillna(0).astype(int)


def coverage_effect(
    panel: pd.DataFrame, *, outcome: str, threshold: float = 0.5, leads: int = 2, lags: int = 2
) -> CoverageEffect:
    """``panel``: one row per unit and period (consecutive integers) with ``coverage`` and ``outcome``
    (missing where the index was suppressed or not measured; those rows are left out)."""
    data = panel.dropna(subset=[outcome]).copy()
    data["first_covered"] = first_covered(data, threshold=threshold)
    warnings: list[str] = []
    n_units = int(data["unit"].nunique())
    treated = int(data.loc[data["first_covered"] > 0, "unit"].nunique())
    n_periods = int(data["period"].nunique())
    stag: Estimate | None = None
    event: EventStudyResult | None = None
    try:
        stag = staggered(data, outcome=outcome, unit="unit", period="period", first_treated="first_covered")
    except (ValueError, np.linalg.LinAlgError) as exc:
        warnings.append(f"DiD bertahap tidak dapat dihitung: {exc}")
    try:
        event = event_study(
            data, outcome=outcome, unit="unit", period="period", first_treated="first_covered", leads=leads, lags=lags
        )
    except (ValueError, np.linalg.LinAlgError) as exc:
        warnings.append(f"Studi peristiwa tidak dapat dihitung: {exc}")
    return CoverageEffect(
        outcome=outcome,
        threshold=threshold,
        staggered=stag,
        event=event,
        n_units=n_units,
        n_treated_units=treated,
        n_periods=n_periods,
        warnings=tuple(warnings),
    )


def effect_reading(lo: float, hi: float, mme: float) -> str:
    """How a 95 % CI reads against the minimum meaningful effect (positive = improvement), as the decision
    table reads a primary indicator (analysis.decision): ``at_least_mme`` (lo >= MME), ``positive``
    (0 < lo < MME <= hi), ``below_mme`` (hi < MME: smaller than meaningful, or the wrong way) and
    ``no_evidence`` (lo <= 0 and hi >= MME: absence of evidence, not evidence of absence)."""
    if mme <= 0 or lo > hi:
        raise ValueError("MME harus positif dan batas bawah IK tidak boleh melebihi batas atas.")
    if lo >= mme:
        return "at_least_mme"
    if hi < mme:
        return "below_mme"
    if lo > 0:
        return "positive"
    return "no_evidence"
