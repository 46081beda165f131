"""Pre/post comparison against R's sleep data, Darwin's maize and exact small cases."""

import math

import numpy as np
import pytest
from scipy import stats

from analysis.learning import EXACT, NORMAL_CC, prepost

# R datasets::sleep, extra sleep (hours) under drug 1 and drug 2 for the same 10 patients.
SLEEP_1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
SLEEP_2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]

# Darwin's Zea mays, heights in eighths of an inch (Fisher 1935, The Design of
# Experiments §17; the differences are the example in scipy.stats.wilcoxon's docstring).
DARWIN_CROSS = [188, 96, 168, 176, 153, 172, 177, 163, 146, 173, 186, 168, 177, 184, 96]
DARWIN_SELF = [139, 163, 160, 160, 147, 149, 149, 122, 132, 144, 130, 144, 102, 124, 144]


def test_sleep_matches_r_t_test_and_wilcoxon():
    res = prepost(SLEEP_1, SLEEP_2)
    assert res.n == 10
    assert res.mean_diff == pytest.approx(1.58)
    assert res.t == pytest.approx(4.0621, abs=1e-4)
    assert res.df == 9
    assert res.p_value == pytest.approx(0.002833, abs=1e-6)
    assert res.ci_low == pytest.approx(0.7001142, abs=1e-7)
    assert res.ci_high == pytest.approx(2.4598858, abs=1e-7)
    # R: wilcox.test(group2, group1, paired = TRUE): V = 45, p-value = 0.009091 (ties and a zero)
    assert res.wilcoxon_p == pytest.approx(0.009091, abs=1e-6)
    assert res.wilcoxon_method == NORMAL_CC
    assert res.wilcoxon_v == 45


def test_sleep_effect_sizes_by_hand():
    res = prepost(SLEEP_1, SLEEP_2)
    diff = np.subtract(SLEEP_2, SLEEP_1)
    assert res.cohens_dz == pytest.approx(diff.mean() / diff.std(ddof=1))
    sd_av = (np.std(SLEEP_1, ddof=1) + np.std(SLEEP_2, ddof=1)) / 2
    assert res.hedges_gav == pytest.approx(1.58 / sd_av * (1 - 3 / (4 * 9 - 1)))


def test_darwin_maize_matches_fisher_and_exact_wilcoxon():
    res = prepost(DARWIN_SELF, DARWIN_CROSS)
    # Fisher (1935): t = 2.148 on 14 df, just below the 5 % point.
    assert res.t == pytest.approx(2.148, abs=5e-4)
    assert res.df == 14
    assert res.p_value == pytest.approx(0.0497, abs=1e-4)
    # No ties, no zeros, n < 50 -> exact, as in R (V = 96, p = 0.04126) and scipy's docstring.
    assert res.wilcoxon_method == EXACT
    assert res.wilcoxon_v == 96
    assert res.wilcoxon_p == pytest.approx(0.041259765625, abs=1e-12)


@pytest.mark.parametrize(("n", "expected"), [(5, 2 / 32), (6, 2 / 64), (7, 2 / 128)])
def test_exact_all_positive_distinct(n, expected):
    pre = [10.0] * n
    post = [10.0 + i for i in range(1, n + 1)]
    res = prepost(pre, post)
    assert res.wilcoxon_method == EXACT
    assert res.wilcoxon_p == pytest.approx(expected, abs=1e-15)


def test_exact_matches_scipy_exact_on_random_no_tie_sample():
    rng = np.random.default_rng(7)
    pre = rng.normal(50, 10, 20)
    post = pre + rng.normal(2, 5, 20)
    res = prepost(pre, post)
    assert res.wilcoxon_method == EXACT
    assert res.wilcoxon_p == pytest.approx(stats.wilcoxon(post - pre, method="exact").pvalue)


def _r_normal_p(diff: np.ndarray) -> float:
    """R's wilcox.test normal branch, transcribed independently: zeros out, ties, correct = TRUE."""
    d = diff[diff != 0]
    n = d.size
    ranks = stats.rankdata(np.abs(d))
    v = ranks[d > 0].sum()
    _, counts = np.unique(np.abs(d), return_counts=True)
    sigma = math.sqrt(n * (n + 1) * (2 * n + 1) / 24 - (counts**3 - counts).sum() / 48)
    z = v - n * (n + 1) / 4
    z = (z - np.sign(z) * 0.5) / sigma
    return float(2 * min(stats.norm.cdf(z), stats.norm.sf(z)))


def test_large_sample_and_ties_use_normal_approximation():
    rng = np.random.default_rng(3)
    pre = rng.integers(40, 80, 60).astype(float)
    post = pre + rng.integers(-3, 8, 60)
    res = prepost(pre, post)
    assert res.wilcoxon_method == NORMAL_CC
    assert res.wilcoxon_p == pytest.approx(_r_normal_p(post - pre), rel=1e-12)
    # n >= 50 even without ties -> normal approximation, as R does
    pre2 = np.arange(55, dtype=float)
    post2 = pre2 + np.linspace(-1, 5, 55) + 0.001 * np.arange(55)
    res2 = prepost(pre2, post2)
    assert res2.wilcoxon_method == NORMAL_CC
    assert res2.wilcoxon_p == pytest.approx(_r_normal_p(post2 - pre2), rel=1e-12)


def test_normalized_gain_and_pass_rates():
    res = prepost([20, 60, 50], [60, 70, 80], max_score=100, pass_mark=65)
    # Hake <g> from class means: (70 - 43.33) / (100 - 43.33)
    assert res.normalized_gain == pytest.approx((70 - 130 / 3) / (100 - 130 / 3))
    assert res.normalized_gain_individual == pytest.approx((40 / 80 + 10 / 40 + 30 / 50) / 3)
    assert res.pass_rate_pre == pytest.approx(0.0)
    assert res.pass_rate_post == pytest.approx(2 / 3)
    bare = prepost([1, 2, 3], [2, 4, 5])
    assert bare.normalized_gain is None and bare.pass_rate_pre is None


def test_missing_pairs_dropped_and_invalid_input():
    res = prepost([1, 2, None, 4], [2, 3, 5, float("nan")])
    assert res.n == 2
    assert any("dikeluarkan" in w for w in res.warnings)
    with pytest.raises(ValueError, match="harus sama"):
        prepost([1, 2], [1, 2, 3])
    with pytest.raises(ValueError, match="sedikitnya 2"):
        prepost([1], [2])
    with pytest.raises(ValueError, match="maksimum"):
        prepost([50, 60], [90, 110], max_score=100)


def test_constant_difference_has_no_t():
    res = prepost([1, 2, 3], [2, 3, 4])
    assert math.isnan(res.t)
    assert res.to_dict()["t"] is None
