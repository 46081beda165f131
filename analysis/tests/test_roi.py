"""Cost metrics and Phillips ROI."""

import pytest

from analysis.roi import cost_metrics, phillips_roi, roi_sensitivity


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


def test_roi_sensitivity():
    res = roi_sensitivity(benefits=1000, costs=(400, 600), isolation=(0.4, 0.8), confidence=(0.5, 0.7, 0.9))
    assert res.base.adjusted_benefits == pytest.approx(1000 * 0.6 * 0.7)
    assert res.base.costs == 500
    assert res.low.roi_pct == pytest.approx((1000 * 0.4 * 0.5 - 600) / 600 * 100)
    assert res.high.roi_pct == pytest.approx((1000 * 0.8 * 0.9 - 400) / 400 * 100)
    assert res.low.roi_pct <= res.base.roi_pct <= res.high.roi_pct
    assert res.warnings  # sign flips across the range
    with pytest.raises(ValueError):
        roi_sensitivity(benefits=1000, costs=500, isolation=(0.9, 0.1))
