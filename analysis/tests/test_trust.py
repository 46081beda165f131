"""IPKP, IPAK and trust indices against values computed by hand on a small fixture."""

import pandas as pd
import pytest

from analysis.trust import INDICES, index_estimate, unit_period_indices

T_975_4 = 2.7764451051977987  # t quantile, 4 df (R: qt(0.975, 4))


def _rows() -> pd.DataFrame:
    rows: list[dict[str, object]] = []

    def add(unit: str, period: str, resp: str, answers: dict[str, float]) -> None:
        rows.extend(
            {"unit": unit, "period": period, "respondent": resp, "construct": c, "value": v} for c, v in answers.items()
        )

    add("A", "2026-S1", "r1", {"ipkp-informasi": 3, "ipkp-waktu": 4, "kp-percaya": 8, "kp-responsif": 5})
    add("A", "2026-S1", "r2", {"ipkp-informasi": 2, "ipkp-waktu": 2, "kp-percaya": 6, "kp-responsif": 6})
    add("A", "2026-S1", "r3", {"ipkp-informasi": 4, "kp-percaya": 7, "kp-responsif": 7, "ipak-pungli": 4})
    add("A", "2026-S1", "r4", {"ipkp-informasi": 3, "ipkp-waktu": 3, "kp-responsif": 8})
    add("A", "2026-S1", "r5", {"ipkp-informasi": 1, "ipkp-waktu": 2, "kp-percaya": 9, "kp-responsif": 9})
    add("B", "2026-S1", "r6", {"ipkp-informasi": 4, "kp-percaya": 10})
    return pd.DataFrame(rows)


def _by(result, unit, index):
    return next(est for u, _p, est in result if u == unit and est.index == index)


def test_ipkp_is_the_mean_of_respondent_means_with_a_t_interval():
    # Respondent scores 3.5, 2, 4 (one dimension answered), 3, 1.5: mean 2.8, variance 4.3 / 4.
    est = _by(unit_period_indices(_rows(), k=5), "A", "ipkp")
    se = (1.075 / 5) ** 0.5
    assert est.n == 5 and not est.suppressed
    assert est.mean == pytest.approx(2.8)
    assert est.se == pytest.approx(se)
    assert est.ci_low == pytest.approx(2.8 - T_975_4 * se)
    assert est.ci_high == pytest.approx(2.8 + T_975_4 * se)
    assert est.ci_low == pytest.approx(1.512615, abs=1e-6)  # 2.8 - 2.776445 * 0.463681


def test_a_driver_is_the_mean_answer():
    est = _by(unit_period_indices(_rows(), k=5), "A", "kp-responsif")
    assert (est.n, est.mean) == (5, pytest.approx(7.0))
    assert est.ci_high == pytest.approx(7 + T_975_4 * 0.5**0.5)


def test_fewer_than_k_respondents_hide_the_value():
    result = unit_period_indices(_rows(), k=5)
    trust_a = _by(result, "A", "kepercayaan")  # r4 skipped the item: 4 respondents
    assert trust_a.suppressed and trust_a.n == 4
    assert trust_a.mean is None and trust_a.ci_low is None and trust_a.ci_high is None
    ipak_a = _by(result, "A", "ipak")
    assert ipak_a.suppressed and ipak_a.n == 1 and ipak_a.mean is None
    assert all(est.suppressed for u, _p, est in result if u == "B")
    # With k = 4 the same four answers are shown: mean of 8, 6, 7, 9.
    assert _by(unit_period_indices(_rows(), k=4), "A", "kepercayaan").mean == pytest.approx(7.5)


def test_every_index_is_reported_for_every_group():
    result = unit_period_indices(_rows(), k=5)
    assert len(result) == 2 * len(INDICES)
    assert _by(result, "B", "kp-andal").n == 0


def test_bad_values_name_the_row():
    frame = _rows().astype({"value": object})
    frame.loc[3, "value"] = "tinggi"
    with pytest.raises(ValueError, match="Baris 3"):
        unit_period_indices(frame, k=5)
    with pytest.raises(ValueError, match="Kolom"):
        unit_period_indices(frame.drop(columns="period"), k=5)


def test_single_answer_has_no_interval_and_k_must_be_positive():
    est = index_estimate([7.0], index="kepercayaan", k=1)
    assert est.mean == 7.0 and est.ci_low is None
    with pytest.raises(ValueError):
        index_estimate([1.0], index="x", k=0)


def _panel(effect: float, noise: float = 0.0, seed: int = 3) -> pd.DataFrame:
    """11 units x 6 periods: unit and period effects, coverage rising at three different times in six units."""
    import numpy as np

    rng = np.random.default_rng(seed)
    starts = {0: 3, 1: 3, 2: 4, 3: 4, 4: 5, 5: 5}  # unit -> first period with coverage >= 0.5
    rows = []
    for u in range(11):
        for t in range(1, 7):
            first = starts.get(u)
            coverage = 0.0 if first is None else (0.8 if t >= first else 0.1 * t / first)
            treated = first is not None and t >= first
            y = 6.0 + 0.1 * u + 0.05 * t + (effect if treated else 0.0) + rng.normal(0, noise)
            rows.append({"unit": f"u{u}", "period": t, "coverage": coverage, "y": y})
    return pd.DataFrame(rows)


def test_first_covered_period_per_unit():
    from analysis.trust import first_covered

    panel = _panel(0.0)
    first = first_covered(panel, threshold=0.5).groupby(panel["unit"]).first()
    assert first["u0"] == 3 and first["u4"] == 5 and first["u10"] == 0
    with pytest.raises(ValueError):
        first_covered(panel, threshold=0)


def test_coverage_effect_recovers_an_exact_effect_and_reports_flat_pretrends():
    from analysis.trust import coverage_effect

    result = coverage_effect(_panel(0.6), outcome="y", threshold=0.5)
    assert (result.n_units, result.n_treated_units, result.n_periods) == (11, 6, 6)
    assert result.staggered is not None and result.staggered.estimate == pytest.approx(0.6, abs=1e-9)
    assert result.event is not None
    assert all(abs(c.estimate) < 1e-9 for rel, c in result.event.coefficients.items() if rel < 0)


def test_coverage_effect_with_noise_and_no_effect_gives_an_interval_around_zero():
    from analysis.trust import coverage_effect

    result = coverage_effect(_panel(0.0, noise=0.2), outcome="y", threshold=0.5)
    assert result.staggered is not None
    assert result.staggered.ci_low < 0 < result.staggered.ci_high


def test_effect_reading_follows_the_decision_table_order():
    from analysis.trust import effect_reading

    assert effect_reading(0.6, 1.2, 0.5) == "at_least_mme"
    assert effect_reading(0.1, 0.9, 0.5) == "positive"
    assert effect_reading(-0.3, 0.9, 0.5) == "no_evidence"
    assert effect_reading(-0.3, 0.4, 0.5) == "below_mme"  # only here may a reader say "no meaningful effect"
    assert effect_reading(-1.0, -0.2, 0.5) == "below_mme"
    with pytest.raises(ValueError):
        effect_reading(0.0, 1.0, 0.0)
