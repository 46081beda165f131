"""Wilson intervals (Newcombe 1998), group rates and the logit model (Spector & Mazzeo 1980)."""

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats

from analysis.participation import nonparticipation_logit, rates_by_group, wilson_ci


@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    [
        # Newcombe (1998), Stat Med 17:857-872, Table I, method 3 (Wilson score, no correction)
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0000, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_matches_newcombe(k, n, low, high):
    got = wilson_ci(k, n)
    assert got[0] == pytest.approx(low, abs=5e-5)
    assert got[1] == pytest.approx(high, abs=5e-5)


def test_wilson_invalid():
    with pytest.raises(ValueError):
        wilson_ci(3, 0)
    with pytest.raises(ValueError):
        wilson_ci(5, 4)


def _groups() -> pd.DataFrame:
    spec = {"Dinkes": (40, 36), "Disdik": (40, 35), "Satpol PP": (30, 12), "BKPSDM": (4, 4)}
    rows = []
    for name, (n, k) in spec.items():
        rows += [{"opd": name, "ikut": 1}] * k + [{"opd": name, "ikut": 0}] * (n - k)
    return pd.DataFrame(rows)


def test_rates_by_group_flags_lower_group():
    df = _groups()
    out = {r.group: r for r in rates_by_group(df, outcome="ikut", group="opd")}
    sat = out["Satpol PP"]
    assert (sat.n, sat.k) == (30, 12)
    assert sat.rate == pytest.approx(0.4)
    assert (sat.ci_low, sat.ci_high) == pytest.approx(wilson_ci(12, 30))
    expected_p = stats.fisher_exact([[12, 18], [75, 9]], alternative="less").pvalue
    assert sat.p_value == pytest.approx(expected_p)
    assert sat.lower_than_rest
    assert not out["Dinkes"].lower_than_rest
    assert out["BKPSDM"].warnings  # tiny group
    # Holm: the smallest p is multiplied by the number of groups tested
    assert sat.p_adjusted == pytest.approx(min(1.0, 4 * expected_p))


def test_rates_by_group_validates_outcome():
    df = _groups()
    df.loc[0, "ikut"] = 2
    with pytest.raises(ValueError, match="bukan 0/1"):
        rates_by_group(df, outcome="ikut", group="opd")
    with pytest.raises(ValueError, match="tidak ditemukan"):
        rates_by_group(df, outcome="hadir", group="opd")


def test_logit_matches_spector_mazzeo():
    data = sm.datasets.spector.load_pandas().data
    res = nonparticipation_logit(data, outcome="GRADE", predictors=["GPA", "TUCE", "PSI"])
    terms = {o.term: o for o in res.odds_ratios}
    # Greene, Econometric Analysis, logit estimates for Spector & Mazzeo (1980)
    assert terms["GPA"].coef == pytest.approx(2.826, abs=1e-3)
    assert terms["TUCE"].coef == pytest.approx(0.095, abs=1e-3)
    assert terms["PSI"].coef == pytest.approx(2.379, abs=1e-3)
    assert terms["GPA"].se == pytest.approx(1.263, abs=1e-3)
    assert terms["PSI"].se == pytest.approx(1.065, abs=1e-3)
    assert terms["PSI"].odds_ratio == pytest.approx(np.exp(2.378688), rel=1e-5)
    assert terms["PSI"].ci_low == pytest.approx(np.exp(2.378688 - 1.959964 * 1.064564), rel=1e-4)
    assert res.pseudo_r2 == pytest.approx(0.374, abs=1e-3)
    assert res.n == 32 and res.n_events == 11 and res.converged
    assert any("per parameter" in w for w in res.warnings)  # 11 events, 3 parameters


def test_logit_categorical_and_separation():
    rng = np.random.default_rng(0)
    n = 400
    unit = rng.choice(["Dinkes", "Disdik", "Satpol"], n)
    age = rng.normal(40, 8, n)
    logit = -1.5 + 1.2 * (unit == "Satpol") + 0.03 * (age - 40)
    y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    df = pd.DataFrame({"absen": y, "unit": unit, "umur": age})
    res = nonparticipation_logit(df, outcome="absen", predictors=["unit", "umur"], categorical=["unit"])
    terms = {o.term for o in res.odds_ratios}
    assert terms == {"unit=Disdik", "unit=Satpol", "umur"}
    assert res.reference_levels == {"unit": "Dinkes"}
    sep = pd.DataFrame({"y": [0] * 10 + [1] * 10, "x": list(range(20))})
    res_sep = nonparticipation_logit(sep, outcome="y", predictors=["x"])
    assert any("separasi" in w for w in res_sep.warnings)
    with pytest.raises(ValueError, match="bukan angka"):
        nonparticipation_logit(df, outcome="absen", predictors=["unit"])
