"""AgreementRow.observed comes from the kappa result; without a kappa only full one-label agreement counts."""

from __future__ import annotations

import pytest

from analysis.agreement import cohens_kappa
from tilik.interviews.selectors_analysis import AgreementRow


def row(a: list[int], b: list[int]) -> AgreementRow:
    try:
        result = cohens_kappa(a, b)
    except ValueError:
        result = None
    return AgreementRow(code=None, depth=0, labels_a=a, labels_b=b, result=result)  # type: ignore[arg-type]


def test_observed_is_the_kappa_results_share_of_agreeing_sentences():
    r = row([1, 0, 1, 1, 0, 0, 1, 0], [1, 0, 0, 1, 0, 1, 1, 0])
    assert r.result is not None
    assert r.observed == pytest.approx(6 / 8) == r.result.observed_agreement


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [([0, 0, 0], [0, 0, 0], 1.0), ([], [], None), ([1], [0], None)],
)
def test_observed_without_a_kappa(a, b, expected):
    r = row(a, b)
    assert r.result is None and r.observed == expected
