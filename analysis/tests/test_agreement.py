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
    with pytest.raises(ValueError, match="satu kategori"):
        cohens_kappa([1, 1, 1], [1, 1, 1])


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
