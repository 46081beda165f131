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
    [([], [], None), ([1], [0], None), ([0], [0], 1.0)],
)
def test_observed_without_a_kappa(a, b, expected):
    r = row(a, b)
    assert r.result is None and r.observed == expected


def test_observed_when_no_coder_used_the_code():
    # One category only: no kappa (not assessable), but observed agreement and counts are kept.
    r = row([0, 0, 0], [0, 0, 0])
    assert r.result is not None and not r.result.estimable
    assert r.observed == 1.0 and r.counts == (0, 0, 0) and not r.used


@pytest.mark.parametrize(
    ("a", "b", "reason"),
    [
        ([1, 0, 0], [0, 0, 0], "pengode B tidak pernah memakai kode ini pada 3 kalimat."),
        ([0, 0, 0], [0, 1, 1], "pengode A tidak pernah memakai kode ini pada 3 kalimat."),
        ([1, 1, 1], [0, 1, 1], "pengode A memakai kode ini pada semua 3 kalimat."),
        ([1, 1, 1], [1, 1, 1], "kedua pengode memakai kode ini pada semua 3 kalimat."),
        ([0, 0, 0], [1, 1, 1], "pengode B memakai kode ini pada semua 3 kalimat, pengode A tidak pernah memakainya."),
    ],
)
def test_reason_names_the_coder_without_variation(a, b, reason):
    r = row(a, b)
    assert r.reason == "Tidak dapat dinilai: " + reason and r.label == r.reason


def test_no_reason_when_kappa_can_be_assessed():
    r = row([1, 0, 1, 1, 0, 0, 1, 0], [1, 0, 0, 1, 0, 1, 1, 0])
    assert r.reason == "" and r.counts == (3, 1, 1) and r.used
