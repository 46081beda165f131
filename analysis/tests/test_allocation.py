import pytest

from analysis.allocation import Candidate, plan_allocation, solve_portfolio

CANDS = [
    Candidate("A", cost_per_participant=1_000_000, reach=30, jp=24, effect=2.0, effect_se=0.5),
    Candidate("B", cost_per_participant=500_000, reach=40, jp=16, effect=0.8, effect_se=0.1),
    Candidate("C", cost_per_participant=2_000_000, reach=20, jp=40, effect=3.0, effect_se=2.0),
]


def brute_force(cands, ceiling, key):
    best = -1.0
    for a in range(cands[0].reach + 1):
        for b in range(cands[1].reach + 1):
            for c in range(cands[2].reach + 1):
                xs = (a, b, c)
                cost = sum(x * k.cost_per_participant for x, k in zip(xs, cands, strict=True))
                if cost <= ceiling:
                    best = max(best, sum(x * key(k) for x, k in zip(xs, cands, strict=True)))
    return best


@pytest.mark.parametrize("objective", ["impact", "jp", "conservative"])
def test_milp_matches_brute_force(objective):
    key = {
        "impact": lambda k: k.effect,
        "jp": lambda k: k.jp,
        "conservative": lambda k: k.effect - 1.959963984540054 * k.effect_se,
    }[objective]
    p = solve_portfolio(CANDS, ceiling=45_000_000, objective=objective)
    assert p.optimal and p.total_cost <= 45_000_000
    value = sum(pk.participants * key(c) for pk, c in zip(p.picks, CANDS, strict=True))
    assert value == pytest.approx(brute_force(CANDS, 45_000_000, key))


def test_minimum_class_size_and_fixed_cost():
    cands = [
        Candidate(
            "Kecil",
            cost_per_participant=100,
            reach=50,
            jp=10,
            effect=1,
            fixed_cost=10_000,
            min_participants=20,
        ),
        Candidate("Lain", cost_per_participant=1_000, reach=10, jp=10, effect=1),
    ]
    p = solve_portfolio(cands, ceiling=11_000)
    # 20 seats of "Kecil" would cost 12.000 > 11.000: it is not run at all.
    assert [pk.participants for pk in p.picks] == [0, 10]


def test_ceiling_scenarios_are_monotone_and_uncertainty_reported():
    r = plan_allocation(CANDS, ceiling=45_000_000)
    values = [s.expected_impact for s in r.scenarios]
    assert values == sorted(values) and len(values) == 5
    assert r.base.ceiling == 45_000_000 and r.base.impact_sd > 0
    assert r.base.impact_low < r.base.expected_impact < r.base.impact_high
    assert r.marginal_per_million is not None and r.marginal_per_million > 0
    assert "Pagu -20 %" in r.interpretation_id
    assert r.to_dict()["base"]["participants"] == r.base.participants


@pytest.mark.parametrize(
    ("cands", "ceiling", "match"),
    [
        ([], 1.0, "kosong"),
        (CANDS, 0, "lebih dari 0"),
        ([Candidate("X", cost_per_participant=0, reach=1, jp=1)], 10, "biaya per peserta"),
        ([Candidate("X", cost_per_participant=1, reach=1, jp=1, min_participants=2)], 10, "minimum"),
        ([CANDS[0], CANDS[0]], 10, "ganda"),
    ],
)
def test_bad_input_refused(cands, ceiling, match):
    with pytest.raises(ValueError, match=match):
        solve_portfolio(cands, ceiling=ceiling)
