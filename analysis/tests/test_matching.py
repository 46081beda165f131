"""match(): planted effect, the NSW experimental benchmark, and the Abadie–Imbens variance by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.matching import match


def _planted(seed: int, n: int = 1500, effect: float = 3.0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    x1, x2 = rng.normal(size=n), rng.binomial(1, 0.5, size=n)
    d = (rng.random(n) < 1 / (1 + np.exp(-(-0.5 + 0.8 * x1 + 0.6 * x2)))).astype(int)
    y = 2 + 1.5 * x1 + 1.0 * x2 + effect * d + rng.normal(size=n)
    return pd.DataFrame({"y": y, "d": d, "x1": x1, "x2": x2})


@pytest.mark.parametrize("method", ["propensity", "mahalanobis"])
def test_planted_effect_recovered_and_balance_reported(method: str) -> None:
    df = _planted(11)
    naive = df.loc[df.d == 1, "y"].mean() - df.loc[df.d == 0, "y"].mean()
    r = match(df, outcome="y", treatment="d", covariates=["x1", "x2"], method=method, k=2)  # type: ignore[arg-type]
    assert naive > 4.0  # confounded
    assert r.ci_low < 3.0 < r.ci_high
    assert abs(r.estimate - 3.0) < 0.2
    rows = {b["covariate"]: b for b in r.extra["balance"]}
    assert set(rows) == {"x1", "x2"}
    assert abs(rows["x1"]["smd_before"]) > 0.5
    assert all(abs(b["smd_after"]) < 0.1 for b in rows.values())
    assert not any("Keseimbangan" in w for w in r.warnings)
    assert r.params == {"outcome": "y", "treatment": "d", "covariates": ["x1", "x2"], "method": method,
                        "caliper": 0.2, "replace": True, "k": 2}


def test_nsw_experimental_sample_matches_the_experimental_benchmark() -> None:
    # On the randomised NSW sample (Dehejia & Wahba 1999) matching must agree with the
    # experimental difference 1,794 (SE 633) within its own 95 % CI.
    causaldata = pytest.importorskip("causaldata")
    nsw = causaldata.nsw_mixtape.load_pandas().data
    covs = ["age", "educ", "black", "hisp", "marr", "nodegree", "re74", "re75"]
    r = match(nsw, outcome="re78", treatment="treat", covariates=covs, k=4, caliper=None)
    assert r.ci_low < 1794.34 < r.ci_high
    assert r.extra["n_treated_matched"] == 185
    assert 500 < r.se < 1200


def _abadie_imbens_by_hand(
    x: np.ndarray, d: np.ndarray, y: np.ndarray, m: int, j: int = 2
) -> tuple[float, float]:
    """Brute-force ATT and its Abadie–Imbens (2006) population variance for a 1-D covariate."""
    t, c = np.flatnonzero(d == 1), np.flatnonzero(d == 0)
    k_count = np.zeros(len(y))
    gaps = []
    for i in t:
        nearest = c[np.argsort(np.abs(x[c] - x[i]), kind="stable")[:m]]
        k_count[nearest] += 1
        gaps.append(y[i] - y[nearest].mean())
    gaps_a = np.array(gaps)
    tau = gaps_a.mean()
    sig2 = np.zeros(len(y))
    for i in c:
        others = c[c != i]
        nearest = others[np.argsort(np.abs(x[others] - x[i]), kind="stable")[:j]]
        sig2[i] = j / (j + 1) * (y[i] - y[nearest].mean()) ** 2
    var = (np.sum((gaps_a - tau) ** 2) + np.sum(k_count[c] * (k_count[c] - 1) / m**2 * sig2[c])) / len(t) ** 2
    return float(tau), float(np.sqrt(var))


@pytest.mark.parametrize("k", [1, 3])
def test_abadie_imbens_variance_matches_brute_force(k: int) -> None:
    rng = np.random.default_rng(2)
    n = 80
    x = rng.normal(size=n)
    d = (rng.random(n) < 0.35).astype(int)
    y = x + d + rng.normal(size=n)
    r = match(pd.DataFrame({"y": y, "d": d, "x": x}), outcome="y", treatment="d", covariates=["x"],
              method="mahalanobis", caliper=None, k=k)
    tau, se = _abadie_imbens_by_hand(x, d, y, k)
    assert r.estimate == pytest.approx(tau, rel=1e-12)
    assert r.se == pytest.approx(se, rel=1e-10)


def test_caliper_drops_unmatched_treated_with_warning() -> None:
    df = _planted(12, n=400)
    df.loc[df.d == 1, "x1"] += 1.5  # poor overlap
    r = match(df, outcome="y", treatment="d", covariates=["x1", "x2"], caliper=0.05)
    assert r.extra["n_treated_dropped"] > 0
    assert r.extra["n_treated_matched"] + r.extra["n_treated_dropped"] == r.extra["n_treated"]
    assert any("tidak mendapat pasangan" in w for w in r.warnings)


def test_imbalance_warning_when_smd_after_exceeds_threshold() -> None:
    rng = np.random.default_rng(4)
    n = 120
    x = rng.normal(size=n)
    d = (x + rng.normal(size=n) * 0.3 > 0.8).astype(int)  # few comparable controls
    df = pd.DataFrame({"y": x + d + rng.normal(size=n), "d": d, "x": x})
    r = match(df, outcome="y", treatment="d", covariates=["x"], method="mahalanobis", caliper=None)
    assert any("Keseimbangan kovariat belum tercapai" in w for w in r.warnings)


@pytest.mark.parametrize(
    ("frame", "kwargs", "message"),
    [
        (pd.DataFrame({"y": [1.0, 2, 3, 4], "d": [0, 1, 3, 1], "x": [1.0, 2, 3, 4]}), {},
         "Kolom 'd' harus biner"),
        (pd.DataFrame({"y": [1.0, 2, 3, 4], "d": [0, 1, 0, 1]}), {}, "Kolom 'x' tidak ditemukan"),
        (pd.DataFrame({"y": [1.0, 2, 3, 4], "d": [0, 1, 0, 1], "x": [1.0, 2, 3, 4]}), {"replace": False},
         "replace=False"),
        (pd.DataFrame({"y": [1.0, 2, 3, 4, 5, 6], "d": [0, 0, 0, 1, 1, 1], "x": [1.0, 2, 3, 4, 5, 6]}), {},
         "pemisahan sempurna"),
    ],
)
def test_bad_matching_input(frame: pd.DataFrame, kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        match(frame, outcome="y", treatment="d", covariates=["x"], **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("method", ["propensity", "mahalanobis"])
def test_a_covariate_repeating_another_is_left_out_with_a_warning(method: str) -> None:
    # x3 is x2 written as text ("ya"/"tidak"): its dummy repeats x2 exactly. Before, Mahalanobis
    # failed ("kolinear sempurna") and the logit was singular; now the estimate is the one without x3.
    df = _planted(11)
    df["x3"] = np.where(df.x2 == 1, "ya", "tidak")
    base = match(df, outcome="y", treatment="d", covariates=["x1", "x2"], method=method)  # type: ignore[arg-type]
    r = match(df, outcome="y", treatment="d", covariates=["x1", "x2", "x3"], method=method)  # type: ignore[arg-type]
    assert r.estimate == pytest.approx(base.estimate) and r.se == pytest.approx(base.se)
    assert any("x3=ya" in w and "kolinear" in w for w in r.warnings)
    assert {b["covariate"] for b in r.extra["balance"]} == {"x1", "x2"}
