"""Cost metrics and Phillips ROI."""

import pytest

from analysis.roi import cost_metrics, phillips_roi, roi_from_effect


def test_cost_metrics():
    res = cost_metrics(60_000_000, participants=30, jp=40, completers=25)
    assert res.cost_per_participant == pytest.approx(2_000_000)
    assert res.cost_per_jp_participant == pytest.approx(50_000)
    assert res.cost_per_completer == pytest.approx(2_400_000)
    assert res.completion_rate == pytest.approx(25 / 30)
    assert "Rp2.000.000 per peserta" in res.interpretation_id


def test_cost_metrics_zero_denominators():
    res = cost_metrics(1_000, participants=0, jp=0, completers=0)
    assert res.cost_per_participant is None
    assert res.cost_per_jp_participant is None
    assert res.cost_per_completer is None
    assert res.warnings
    with pytest.raises(ValueError):
        cost_metrics(1_000, participants=5, jp=10, completers=6)
    with pytest.raises(ValueError):
        cost_metrics(-1, participants=5, jp=10, completers=5)


def test_phillips_roi_textbook():
    # Hand-checked: benefits 750, isolated 60 %, confidence 80 % -> 360 against costs 200.
    res = phillips_roi(benefits=750, costs=200, isolation=0.6, confidence=0.8)
    assert res.adjusted_benefits == pytest.approx(360)
    assert res.net_benefits == pytest.approx(160)
    assert res.roi_pct == pytest.approx(80.0)
    assert res.bcr == pytest.approx(1.8)
    assert "isolasi" in res.assumptions and not res.warnings


def test_phillips_roi_defaults_warn_and_validate():
    res = phillips_roi(benefits=100, costs=100)
    assert res.roi_pct == 0 and res.bcr == 1 and len(res.warnings) == 2
    with pytest.raises(ValueError, match="Biaya"):
        phillips_roi(benefits=100, costs=0)
    with pytest.raises(ValueError, match="isolasi"):
        phillips_roi(benefits=100, costs=10, isolation=1.5)


# --- ROI only from a credible effect, with the effect's CI carried through ---


def test_roi_from_effect_carries_the_ci_and_the_cost_range():
    # 40 ASN, task time fell 2 (1..3) hours a year, Rp 50.000 per hour, costs 2.0-3.0 (base 2.5) million
    r = roi_from_effect(
        effect=-2.0,
        ci_low=-3.0,
        ci_high=-1.0,
        higher_is_better=False,
        value_per_unit=50_000,
        beneficiaries=40,
        costs=(2_000_000, 2_500_000, 3_000_000),
    )
    assert r.concluded and r.reason == ""
    assert r.benefits == pytest.approx(40 * 2 * 50_000)
    assert r.roi_pct == pytest.approx((4_000_000 - 2_500_000) / 2_500_000 * 100)
    assert r.roi_low == pytest.approx((2_000_000 - 3_000_000) / 3_000_000 * 100)
    assert r.roi_high == pytest.approx((6_000_000 - 2_000_000) / 2_000_000 * 100)
    assert r.benefit_per_beneficiary == pytest.approx(100_000)
    assert r.roi_low is not None and r.roi_pct is not None and r.roi_high is not None
    assert r.roi_low < r.roi_pct < r.roi_high and r.warnings  # the sign depends on the assumptions


@pytest.mark.parametrize(
    ("est", "lo", "hi", "reason"),
    [(0.5, -0.2, 1.2, "not_credible"), (-0.5, -1.2, 0.2, "wrong_sign"), (-1.0, -1.5, -0.5, "wrong_sign")],
)
def test_no_roi_point_value_without_a_credible_effect(est, lo, hi, reason):
    r = roi_from_effect(
        effect=est, ci_low=lo, ci_high=hi, higher_is_better=True, value_per_unit=1e5, beneficiaries=30, costs=1e6
    )
    assert not r.concluded and r.reason == reason
    assert (r.roi_pct, r.roi_low, r.roi_high, r.bcr, r.benefits) == (None, None, None, None, None)
    assert r.interpretation_id.startswith("ROI tidak dapat disimpulkan")
