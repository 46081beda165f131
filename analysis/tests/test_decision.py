"""The decision table: each row, the power calculation, and a property test over random evidence."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.decision import (
    ALLOWED_STANCES,
    VERDICTS,
    Evidence,
    Level,
    LowUnit,
    PrimaryEffect,
    additional_sample,
    decide,
    default_mme,
    tost,
)


def eff(lo: float, hi: float, mme: float = 1.0, *, higher: bool = True, n: int = 40) -> PrimaryEffect:
    return PrimaryEffect("ind", (lo + hi) / 2, lo, hi, mme, higher_is_better=higher, n=n)


def test_k1_expand_needs_ci_above_mme_and_non_negative_roi():
    d = decide(Evidence("P", eff(1.2, 2.0), roi_low=5.0, roi_high=80.0))
    assert (d.verdict, d.rule) == ("expand", "K1")
    assert decide(Evidence("P", eff(1.2, 2.0), roi_low=-5.0, roi_high=80.0)).verdict == "continue"
    assert decide(Evidence("P", eff(1.2, 2.0))).verdict == "continue"  # ROI not concluded


def test_k2_continue_when_positive_but_size_uncertain():
    d = decide(Evidence("P", eff(0.3, 1.5), roi_low=10.0))
    assert (d.verdict, d.rule, d.basis) == ("continue", "K2", ("ci_above_zero", "mme_in_ci"))


def test_k5_redesign_when_ci_excludes_the_mme_even_if_it_excludes_zero():
    assert decide(Evidence("P", eff(0.1, 0.6))).verdict == "redesign"
    d = decide(Evidence("P", eff(-2.0, -0.5)))
    assert (d.verdict, d.basis) == ("redesign", ("wrong_sign",))


def test_lower_is_better_is_turned_before_comparing():
    # waiting time fell by 3 to 5 minutes; MME 2 minutes: a meaningful improvement
    d = decide(Evidence("P", eff(-5.0, -3.0, 2.0, higher=False), roi_low=1.0))
    assert d.verdict == "expand"
    assert decide(Evidence("P", eff(3.0, 5.0, 2.0, higher=False))).basis == ("wrong_sign",)


def test_k4_collect_data_says_how_many_more():
    d = decide(Evidence("P", eff(-0.5, 1.5, 1.0, n=30)))
    assert (d.verdict, d.rule) == ("collect_data", "K4")
    assert d.power is not None and d.power.additional > 0
    assert d.power.n_required == d.power.n_now + d.power.additional


def test_k3_chain_breaks_at_transfer():
    ev = Evidence("P", eff(-0.5, 1.5), reaction="ok", learning="ok", transfer="poor")
    assert decide(ev).verdict == "improve_delivery"
    assert decide(Evidence("P", None, learning="ok", transfer="poor")).verdict == "improve_delivery"
    # a poor reaction is not a transfer problem
    assert decide(Evidence("P", eff(-0.5, 1.5), reaction="poor", learning="ok", transfer="poor")).verdict == (
        "collect_data"
    )
    # a meaningful effect is not overruled by the chain
    assert decide(Evidence("P", eff(1.5, 2.5), learning="ok", transfer="poor")).verdict == "continue"


def test_k0_without_primary_estimate():
    d = decide(Evidence("P", None, missing_reason="no_attendee"))
    assert (d.verdict, d.rule, d.power, d.tost) == ("not_evaluable", "K0", None, None)


def test_power_matches_statsmodels_and_the_conclusive_width():
    from statsmodels.stats.power import TTestPower

    e = eff(-0.4, 1.6, 1.0, n=25)
    need = additional_sample(e)
    assert need is not None
    sd = e.se * math.sqrt(25)
    assert need.n_power80 == math.ceil(TTestPower().solve_power(effect_size=1.0 / sd, alpha=0.05, power=0.8))
    # with n_conclusive observations the CI (width ∝ 1/sqrt(n)) is narrower than the MME
    width = 2 * 1.959963984540054 * e.se * math.sqrt(25 / need.n_conclusive)
    assert width < 1.0


def test_tost_upper_side_agrees_with_the_ci():
    e = eff(0.1, 0.6, 1.0)
    t = tost(e)
    assert t is not None and t.p_upper < 0.025  # 95 % CI upper < MME  <=>  one-sided p < 0.025
    wide = tost(eff(0.1, 1.2, 1.0))
    assert wide is not None and wide.p_upper > 0.025


def test_default_mme_per_indicator_type():
    assert default_mme(unit="%", min_value=0, max_value=100, baseline=None) == (5.0, "percent")
    assert default_mme(unit="skala 1–5", min_value=1, max_value=5, baseline=None) == pytest.approx((0.2, "range"))
    assert default_mme(unit="menit", min_value=0, max_value=None, baseline=30.0) == pytest.approx((3.0, "baseline"))
    assert default_mme(unit="menit", min_value=0, max_value=None, baseline=None) is None


def test_redesign_drops_participation_drive_and_returns_unspent_budget():
    ev = Evidence(
        "P",
        eff(-0.2, 0.5),
        absorption_pct=40.0,
        absorption_final=True,
        low_units=(LowUnit("Dinas A", "beban_kerja", "Beban kerja"),),
    )
    d = decide(ev)
    assert d.verdict == "redesign"
    assert [a.code for a in d.actions] == ["absorption_return"]


def test_absorption_not_judged_while_offerings_run():
    ev = Evidence("P", eff(1.2, 2.0), absorption_pct=10.0, absorption_final=False)
    assert not [a for a in decide(ev).actions if a.code.startswith("absorption")]


# --- property: over random combinations, one verdict per programme and no contradicting actions ---

levels: st.SearchStrategy[Level] = st.sampled_from(["ok", "poor", "unknown"])
finite = st.floats(min_value=-50, max_value=50, allow_nan=False)


@st.composite
def primaries(draw: st.DrawFn) -> PrimaryEffect | None:
    if draw(st.booleans()):
        return None
    a, b = draw(finite), draw(finite)
    lo, hi = min(a, b), max(a, b)
    return PrimaryEffect(
        "ind",
        draw(st.floats(min_value=lo, max_value=hi)),
        lo,
        hi,
        draw(st.floats(min_value=0.01, max_value=20)),
        higher_is_better=draw(st.booleans()),
        n=draw(st.integers(min_value=0, max_value=5000)),
    )


@st.composite
def evidence(draw: st.DrawFn) -> Evidence:
    roi = draw(st.none() | st.tuples(finite, finite).map(sorted))
    return Evidence(
        draw(st.text(min_size=1, max_size=8)),
        draw(primaries()),
        reaction=draw(levels),
        learning=draw(levels),
        transfer=draw(levels),
        roi_low=roi[0] if roi else None,
        roi_high=roi[1] if roi else None,
        absorption_pct=draw(st.none() | st.floats(min_value=0, max_value=150)),
        absorption_final=draw(st.booleans()),
        over_lines=draw(st.integers(min_value=0, max_value=3)),
        low_units=tuple(
            LowUnit(u, "beban_kerja", "Beban kerja")
            for u in draw(st.lists(st.text(min_size=1, max_size=5), max_size=3))
        ),
    )


def _verdicts_matching(ev: Evidence) -> set[str]:
    """Each row's own condition, tested independently of decide()'s order of evaluation."""
    p = ev.primary
    chain = ev.learning == "ok" and ev.transfer == "poor" and ev.reaction != "poor"
    out = set()
    if p is None:
        if chain:
            out.add("improve_delivery")
        else:
            out.add("not_evaluable")
        return out
    _, lo, hi = p.oriented
    meaningful = lo >= p.mme
    positive_uncertain = 0 < lo < p.mme <= hi
    roi_ok = ev.roi_low is not None and ev.roi_low >= 0
    if meaningful and roi_ok:
        out.add("expand")
    if (meaningful and not roi_ok) or positive_uncertain:
        out.add("continue")
    if chain and not meaningful and not positive_uncertain:
        out.add("improve_delivery")
    if not chain and hi < p.mme:
        out.add("redesign")
    if not chain and lo <= 0 and hi >= p.mme:
        out.add("collect_data")
    return out


@settings(max_examples=400, deadline=None)
@given(st.lists(evidence(), min_size=1, max_size=6))
def test_each_programme_gets_exactly_one_verdict_and_no_contradicting_action(programmes):
    for ev in programmes:
        d = decide(ev)
        assert _verdicts_matching(ev) == {d.verdict}, ev
        assert d.verdict in VERDICTS
        stances = {a.stance for a in d.actions}
        assert stances <= ALLOWED_STANCES[d.verdict]
        assert not {"increase", "reduce"} <= stances
        if d.verdict == "collect_data" and ev.primary is not None and ev.primary.n >= 2:
            assert d.power is not None and d.power.additional >= 1
        if d.verdict == "redesign":
            assert not [a for a in d.actions if a.code == "participation"]


def test_power_need_knows_when_more_are_needed_than_exist():
    wide = PrimaryEffect("I", 0.6, -0.4, 1.6, 1.0, n=11, n_available=11)
    need = additional_sample(wide)
    assert need is not None and need.n_required > 11 and need.exceeds_available
    roomy = additional_sample(PrimaryEffect("I", 0.6, -0.4, 1.6, 1.0, n=11, n_available=need.n_required))
    assert roomy is not None and not roomy.exceeds_available
    unbounded = additional_sample(PrimaryEffect("I", 0.6, -0.4, 1.6, 1.0, n=11))  # periods: no upper limit
    assert unbounded is not None and not unbounded.exceeds_available
