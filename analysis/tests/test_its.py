"""interrupted_time_series(): planted changes, Newey–West by hand, the lag rule and warnings."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from analysis.its import interrupted_time_series, newey_west_lags


def _series(seed: int, n: int = 60, t0: int = 30, level: float = 5.0, slope: float = 0.2) -> np.ndarray:
    rng = np.random.default_rng(seed)
    t = np.arange(n)
    y: np.ndarray = 20 + 0.1 * t + level * (t >= t0) + slope * (t - t0) * (t >= t0) + rng.normal(size=n)
    return y


def test_planted_level_and_slope_change_recovered() -> None:
    y = _series(1)
    r = interrupted_time_series(pd.Series(y), intervention_index=30)
    assert r.level_change.ci_low < 5.0 < r.level_change.ci_high
    assert r.slope_change.ci_low < 0.2 < r.slope_change.ci_high
    assert r.n == 60 and r.n_pre == 30 and r.n_post == 30
    assert r.maxlags == newey_west_lags(60) == 3
    assert r.level_change.significant
    assert r.coefficients["trend"].estimate == pytest.approx(0.1, abs=0.05)
    assert "level_change" not in r.level_change.coefficients
    assert "kemiringan" in r.interpretation_id and "slope" in r.interpretation_en
    assert not r.warnings
    json.dumps(r.to_dict())


def test_newey_west_se_equals_bartlett_formula_by_hand() -> None:
    # V = (X'X)^-1 [Σ_t x_t x_t' e_t² + Σ_{l=1..L} (1 - l/(L+1)) Σ_t (x_t e_t x_{t-l}' e_{t-l} + transpose)]
    #     (X'X)^-1 · n/(n-k)       (Newey & West 1987, statsmodels' small-sample correction)
    y, t0, lags = _series(2, n=40, t0=18), 18, 2
    r = interrupted_time_series(list(y), intervention_index=t0, maxlags=lags)
    n = len(y)
    t = np.arange(n)
    post = (t >= t0).astype(float)
    x = np.column_stack([np.ones(n), t, post, (t - t0) * post])
    beta = np.linalg.lstsq(x, y, rcond=None)[0]
    xe = x * (y - x @ beta)[:, None]
    meat = xe.T @ xe
    for lag in range(1, lags + 1):
        gamma = xe[lag:].T @ xe[:-lag]
        meat += (1 - lag / (lags + 1)) * (gamma + gamma.T)
    bread = np.linalg.inv(x.T @ x)
    v = bread @ meat @ bread * n / (n - 4)
    assert r.level_change.estimate == pytest.approx(beta[2], rel=1e-10)
    assert r.level_change.se == pytest.approx(math.sqrt(v[2, 2]), rel=1e-10)
    assert r.slope_change.se == pytest.approx(math.sqrt(v[3, 3]), rel=1e-10)


def test_lag_rule() -> None:
    assert [newey_west_lags(n) for n in (10, 24, 48, 100, 500)] == [2, 2, 3, 4, 5]


def test_short_segments_warn_and_missing_points_dropped() -> None:
    y = list(_series(3, n=14, t0=6))
    y[2] = math.nan
    r = interrupted_time_series(y, intervention_index=6)
    assert r.n == 13 and r.n_pre == 5
    assert any("kurang dari 8" in w for w in r.warnings)
    assert any("1 titik" in w for w in r.warnings)


@pytest.mark.parametrize(
    ("series", "index", "message"),
    [
        ([1.0, 2, 3, 4, 5], 0, "intervention_index=0"),
        ([1.0, 2, 3, 4, 5], 5, "intervention_index=5"),
        ([1.0, 2, 3, 4, 5], 4, "minimal 2 titik"),
        ([3.0] * 10, 5, "tidak bervariasi"),
    ],
)
def test_bad_series(series: list[float], index: int, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        interrupted_time_series(series, intervention_index=index)
