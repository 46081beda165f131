"""Cohen's kappa (SAS PROC FREQ printout, Wikipedia example, scikit-learn) and
Krippendorff's alpha (Krippendorff 2011 worked example)."""

import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

from analysis.agreement import cohens_kappa, krippendorff_alpha, landis_koch


def _from_table(table: list[list[int]]) -> tuple[list[int], list[int]]:
    a: list[int] = []
    b: list[int] = []
    for i, row in enumerate(table):
        for j, count in enumerate(row):
            a += [i + 1] * count
            b += [j + 1] * count
    return a, b


# SAS PROC FREQ example reproduced in statsmodels' test suite (table10).
SAS_TABLE = [[0, 4, 1], [0, 8, 0], [0, 1, 5]]


def test_simple_kappa_matches_sas():
    res = cohens_kappa(*_from_table(SAS_TABLE))
    assert res.kappa == pytest.approx(0.4842, abs=5e-5)
    assert res.se == pytest.approx(0.1380, abs=5e-5)
    assert res.ci_low == pytest.approx(0.2137, abs=5e-5)
    assert res.ci_high == pytest.approx(0.7547, abs=5e-5)
    assert res.p_value == pytest.approx(0.0011, abs=5e-5)
    assert res.n == 19
    assert res.label_id == "sedang"


def test_weighted_kappa_matches_sas():
    res = cohens_kappa(*_from_table(SAS_TABLE), weights="linear")
    assert res.kappa == pytest.approx(0.4701, abs=5e-5)
    assert res.se == pytest.approx(0.1457, abs=5e-5)
    assert res.ci_low == pytest.approx(0.1845, abs=5e-5)
    assert res.ci_high == pytest.approx(0.7558, abs=5e-5)


def test_wikipedia_two_readers_example():
    # 50 proposals: both yes 20, A yes/B no 5, A no/B yes 10, both no 15 -> kappa 0.4
    a = ["ya"] * 25 + ["tidak"] * 25
    b = ["ya"] * 20 + ["tidak"] * 5 + ["ya"] * 10 + ["tidak"] * 15
    res = cohens_kappa(a, b)
    assert res.observed_agreement == pytest.approx(0.7)
    assert res.expected_agreement == pytest.approx(0.5)
    assert res.kappa == pytest.approx(0.4)
    assert res.label_en == "fair"


@pytest.mark.parametrize("weights", [None, "linear", "quadratic"])
def test_agrees_with_scikit_learn(weights):
    rng = np.random.default_rng(11)
    a = rng.integers(1, 5, 80)
    b = np.where(rng.random(80) < 0.6, a, rng.integers(1, 5, 80))
    res = cohens_kappa(a.tolist(), b.tolist(), weights=weights)
    assert res.kappa == pytest.approx(cohen_kappa_score(a, b, weights=weights))


def test_kappa_missing_and_invalid():
    res = cohens_kappa([1, 2, None, 1, 2], [1, 2, 1, float("nan"), 1])
    assert res.n == 3 and res.warnings
    with pytest.raises(ValueError, match="harus sama"):
        cohens_kappa([1, 2], [1])
    # One category only: no kappa (0/0), reported as not assessable with its counts (was a ValueError).
    one = cohens_kappa([1, 1, 1], [1, 1, 1])
    assert not one.estimable and np.isnan(one.kappa) and one.table == ((3,),)


# A coder who never (or always) applied a code: the rule in analysis.agreement's docstring.
# Warnings are errors here: statsmodels' "invalid value encountered in scalar divide" must not leak.
@pytest.mark.filterwarnings("error")
def test_rater_who_never_used_the_code_is_not_assessable():
    # A applied the code on 2 of 10 units, B on none. By hand: table [[8, 0], [2, 0]],
    # po = 8/10, pe = (8*10 + 2*0)/100 = 0.8 = po, so kappa would be 0 whatever A did and its SE 0.
    res = cohens_kappa([1, 1] + [0] * 8, [0] * 10)
    assert not res.estimable and not res.has_interval
    assert res.observed_agreement == pytest.approx(0.8) and res.expected_agreement == pytest.approx(0.8)
    assert all(np.isnan(v) for v in (res.kappa, res.se, res.ci_low, res.ci_high, res.p_value))
    assert res.table == ((8, 0), (2, 0)) and res.constant == (("B", "0"),)
    assert (res.count(1, 1), res.count(1, 0), res.count(0, 1), res.count(0, 0)) == (0, 2, 0, 8)
    assert res.label_id == "tidak dapat dinilai" and res.label_en == "not assessable"
    assert "penilai B memberi kategori '0' pada semua 10 unit" in res.interpretation_id
    assert "Kesepakatan mentah: 8 dari 10 unit (80,0%)" in res.interpretation_id
    assert "rater B gave category '0' to all 10 units" in res.interpretation_en
    assert res.to_dict()["kappa"] is None and res.to_dict()["estimable"] is False


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize(
    ("a", "b", "constant", "table", "po"),
    [
        ([1] * 10, [1] * 9 + [0], (("A", "1"),), ((0, 0), (1, 9)), 0.9),  # A always applied it
        ([0] * 5, [0] * 5, (("A", "0"), ("B", "0")), ((5,),), 1.0),  # nobody used it
        ([1] * 4, [0] * 4, (("A", "1"), ("B", "0")), ((0, 0), (4, 0)), 0.0),  # A always, B never: pe = 1
    ],
)
def test_constant_raters_are_not_assessable(a, b, constant, table, po):
    res = cohens_kappa(a, b)
    assert not res.estimable and np.isnan(res.kappa) and not res.has_interval
    assert res.constant == constant and res.table == table
    assert res.observed_agreement == pytest.approx(po)
    assert res.warnings == ()


@pytest.mark.filterwarnings("error")
def test_constant_rater_weighted_kappa_is_not_assessable():
    res = cohens_kappa([1, 2, 3, 1, 2], [2, 2, 2, 2, 2], weights="linear")
    assert not res.estimable and res.constant == (("B", "2"),) and res.count(2, 2) == 2


@pytest.mark.filterwarnings("error")
def test_perfect_agreement_keeps_kappa_but_prints_no_interval():
    # By hand: po = 1, pe = 0.5*0.5 + 0.5*0.5 = 0.5, kappa = 1; asymptotic SE = 0, so no Wald interval.
    # SE under H0: (pe + pe^2 - sum f(f+f)) / ((1-pe)^2 n) = (0.75 - 0.5) / (0.25 * 4) = 0.25 -> 0.5,
    # z = 2, p = 2 * (1 - Phi(2)) = 0.0455.
    res = cohens_kappa([1, 1, 0, 0], [1, 1, 0, 0])
    assert res.estimable and res.kappa == pytest.approx(1.0) and res.se == 0
    assert not res.has_interval and np.isnan(res.ci_low) and np.isnan(res.ci_high)
    assert res.p_value == pytest.approx(0.0455, abs=5e-5)
    assert res.label_id == "hampir sempurna"
    assert "IK" not in res.interpretation_id and "s.d." not in res.interpretation_id
    assert any("interval kepercayaan tidak dapat diestimasi" in w for w in res.warnings)


@pytest.mark.filterwarnings("error")
def test_ordinary_table_has_its_interval():
    res = cohens_kappa(*_from_table(SAS_TABLE))
    assert res.estimable and res.has_interval and res.constant == ()
    assert res.table == tuple(tuple(r) for r in SAS_TABLE) and res.count(1, 2) == 4


@pytest.mark.parametrize(
    ("value", "label"),
    [
        (-0.1, "poor"),
        (0.0, "slight"),
        (0.2, "slight"),
        (0.21, "fair"),
        (0.5, "moderate"),
        (0.7, "substantial"),
        (0.9, "almost perfect"),
    ],
)
def test_landis_koch(value, label):
    assert landis_koch(value)[1] == label


# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C:
# 4 observers x 12 units with missing values; published alphas below.
NAN = np.nan
KRIPP = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, NAN, NAN, NAN],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NAN, 3],
    [NAN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NAN],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NAN],
]


@pytest.mark.parametrize(
    ("level", "published"), [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)]
)
def test_krippendorff_published_example(level, published):
    res = krippendorff_alpha(KRIPP, level=level)
    assert res.alpha == pytest.approx(published, abs=5e-4)
    assert res.n == 11  # unit 12 has a single code and is not pairable
    assert res.n_coders == 4


def test_krippendorff_text_codes_nominal_only():
    letters = {1: "a", 2: "b", 3: "c", 4: "d", 5: "e"}
    coded = [[None if v != v else letters[int(v)] for v in row] for row in KRIPP]
    assert krippendorff_alpha(coded).alpha == pytest.approx(0.743, abs=5e-4)
    with pytest.raises(ValueError, match="nominal"):
        krippendorff_alpha(coded, level="interval")
