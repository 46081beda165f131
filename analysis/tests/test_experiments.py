import numpy as np
import pytest

from analysis.experiments import assign_arms, proportion_uplift


def test_assignment_is_balanced_and_reproducible():
    ids = [f"e{i}" for i in range(101)]
    a = assign_arms(ids, ["kontrol", "wa", "surat"], seed=7)
    b = assign_arms(ids, ["kontrol", "wa", "surat"], seed=7)
    c = assign_arms(ids, ["kontrol", "wa", "surat"], seed=8)
    assert a == b and a != c
    sizes = sorted(list(a.values()).count(arm) for arm in ("kontrol", "wa", "surat"))
    assert sizes == [33, 34, 34]


@pytest.mark.parametrize(
    ("ids", "arms", "match"),
    [
        (["a", "b"], ["x"], "dua kelompok"),
        (["a", "b"], ["x", "x"], "ganda"),
        (["a", "a", "b"], ["x", "y"], "ID ganda"),
        (["a"], ["x", "y"], "Terlalu sedikit"),
    ],
)
def test_assignment_refuses_bad_input(ids, arms, match):
    with pytest.raises(ValueError, match=match):
        assign_arms(ids, arms, seed=1)


def test_uplift_matches_newcombe_published_example():
    # Newcombe (1998) Table II example (b): 56/70 vs 48/80 -> diff 0.2, method 10 CI 0.0524 to 0.3339.
    est = proportion_uplift(k_treat=56, n_treat=70, k_control=48, n_control=80)
    assert est.estimate == pytest.approx(0.2)
    assert est.ci_low == pytest.approx(0.0524, abs=5e-4)
    assert est.ci_high == pytest.approx(0.3339, abs=5e-4)
    assert est.p_value < 0.05 and "bermakna" in est.interpretation_id


def test_uplift_null_and_boundaries():
    est = proportion_uplift(k_treat=0, n_treat=5, k_control=0, n_control=6)
    assert est.estimate == 0 and est.p_value == 1.0 and est.warnings
    with pytest.raises(ValueError, match="kosong"):
        proportion_uplift(k_treat=0, n_treat=0, k_control=1, n_control=2)
    with pytest.raises(ValueError, match="harus di antara"):
        proportion_uplift(k_treat=3, n_treat=2, k_control=1, n_control=2)


def test_planted_uplift_recovered_in_simulation():
    rng = np.random.default_rng(3)
    covered = 0
    for _ in range(200):
        k1 = int(rng.binomial(300, 0.70))
        k0 = int(rng.binomial(300, 0.55))
        est = proportion_uplift(k_treat=k1, n_treat=300, k_control=k0, n_control=300)
        covered += est.ci_low <= 0.15 <= est.ci_high
    assert 0.90 <= covered / 200 <= 0.99
