"""Budget allocation across candidate training programmes (integer programming).

Decision per candidate i: y_i in {0, 1} (run it or not) and x_i, the integer
number of participants funded, with min_i * y_i <= x_i <= reach_i * y_i.
Constraint: sum_i (cost_per_participant_i * x_i + fixed_cost_i * y_i) <= ceiling.
Objective (maximised):

* ``impact``: expected impact, sum_i effect_i * x_i (effect per participant,
  measured or assumed, in any outcome unit shared by all candidates);
* ``conservative``: the same with each effect replaced by its lower bound
  effect_i - z * se_i (a cautious planner's choice when effects are uncertain);
* ``jp``: JP coverage, sum_i jp_i * x_i (participant-JP delivered).

Solved exactly with scipy.optimize.milp (HiGHS branch and bound). The
uncertainty of a portfolio's impact treats each programme's per-participant
effect as one uncertain number (so its error scales with x_i) and different
programmes as independent: sd = sqrt(sum_i (x_i * se_i)^2).

``plan_allocation`` also solves the same problem with the ceiling moved by
-20 %, -10 %, +10 % and +20 %, to show what is lost or gained.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

from analysis._format import fmt_id as _id
from analysis.results import to_jsonable

__all__ = ["AllocationResult", "Candidate", "Pick", "Portfolio", "plan_allocation", "solve_portfolio"]

OBJECTIVES = ("impact", "conservative", "jp")
CEILING_STEPS = (0.8, 0.9, 1.0, 1.1, 1.2)
Z = 1.959963984540054


@dataclass(frozen=True)
class Candidate:
    name: str
    cost_per_participant: float
    reach: int
    jp: float
    effect: float = 0.0
    effect_se: float = 0.0
    fixed_cost: float = 0.0
    min_participants: int = 0


@dataclass(frozen=True)
class Pick:
    name: str
    participants: int
    cost: float
    expected_impact: float
    jp_total: float


@dataclass(frozen=True)
class Portfolio:
    ceiling: float
    objective: str
    picks: tuple[Pick, ...]
    total_cost: float
    expected_impact: float
    impact_sd: float
    impact_low: float
    impact_high: float
    jp_total: float
    participants: int
    optimal: bool

    def chosen(self) -> tuple[Pick, ...]:
        return tuple(p for p in self.picks if p.participants > 0)


@dataclass(frozen=True)
class AllocationResult:
    method: str
    n: int  # candidates
    objective: str
    base: Portfolio
    scenarios: tuple[Portfolio, ...]  # ceiling x CEILING_STEPS, base included
    marginal_per_million: float | None  # objective gained per extra Rp1.000.000 between -20 % and +20 %
    interpretation_id: str = ""
    interpretation_en: str = ""
    warnings: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return dict(to_jsonable(self))


def _check(candidates: Sequence[Candidate], ceiling: float, objective: str) -> None:
    if objective not in OBJECTIVES:
        raise ValueError(f"Tujuan optimasi tidak dikenal: {objective!r} (pilih {', '.join(OBJECTIVES)}).")
    if not candidates:
        raise ValueError("Daftar program kandidat kosong.")
    if math.isnan(ceiling) or ceiling <= 0:
        raise ValueError(f"Pagu total harus lebih dari 0, bukan {ceiling!r}.")
    names = [c.name for c in candidates]
    if len(set(names)) != len(names):
        raise ValueError("Nama program kandidat tidak boleh ganda.")
    for c in candidates:
        numbers = (c.cost_per_participant, c.jp, c.effect, c.effect_se, c.fixed_cost)
        if any(math.isnan(v) or math.isinf(v) for v in numbers):
            raise ValueError(f"'{c.name}': semua angka harus terisi dan terhingga.")
        if c.cost_per_participant <= 0:
            raise ValueError(f"'{c.name}': biaya per peserta harus lebih dari 0.")
        if c.reach < 0 or c.min_participants < 0 or c.jp < 0 or c.effect_se < 0 or c.fixed_cost < 0:
            raise ValueError(
                f"'{c.name}': jangkauan, minimum peserta, JP, SE dan biaya tetap tidak boleh negatif."
            )
        if c.min_participants > c.reach:
            raise ValueError(
                f"'{c.name}': minimum peserta ({c.min_participants}) melebihi jangkauan ({c.reach})."
            )


def _weights(candidates: Sequence[Candidate], objective: str) -> np.ndarray:
    if objective == "jp":
        return np.array([c.jp for c in candidates], dtype=float)
    if objective == "conservative":
        return np.array([c.effect - Z * c.effect_se for c in candidates], dtype=float)
    return np.array([c.effect for c in candidates], dtype=float)


def solve_portfolio(
    candidates: Sequence[Candidate], *, ceiling: float, objective: str = "impact"
) -> Portfolio:
    """The best portfolio under one ceiling."""
    _check(candidates, ceiling, objective)
    n = len(candidates)
    w = _weights(candidates, objective)
    cpp = np.array([c.cost_per_participant for c in candidates], dtype=float)
    fixed = np.array([c.fixed_cost for c in candidates], dtype=float)
    reach = np.array([c.reach for c in candidates], dtype=float)
    low = np.array([c.min_participants for c in candidates], dtype=float)
    # Variables: x_0..x_{n-1} (participants), y_0..y_{n-1} (run or not). A tiny cost term breaks ties
    # towards the cheaper portfolio without changing which objective value is optimal.
    scale = float(np.abs(w).max()) or 1.0
    c_vec = np.concatenate([-w / scale + 1e-9 * cpp / cpp.max(), 1e-9 * fixed / (fixed.max() or 1.0)])
    eye = np.eye(n)
    a = np.vstack(
        [
            np.concatenate([cpp, fixed]),  # budget
            np.hstack([eye, -np.diag(reach)]),  # x - reach*y <= 0
            np.hstack([eye, -np.diag(low)]),  # x - min*y >= 0
        ]
    )
    lb = np.concatenate([[-np.inf], np.full(n, -np.inf), np.zeros(n)])
    ub = np.concatenate([[ceiling], np.zeros(n), np.full(n, np.inf)])
    res = milp(
        c=c_vec,
        constraints=LinearConstraint(a, lb, ub),
        integrality=np.ones(2 * n),
        bounds=Bounds(np.zeros(2 * n), np.concatenate([reach, np.ones(n)])),
    )
    optimal = bool(res.status == 0)
    x = np.round(res.x[:n]).astype(int) if res.x is not None else np.zeros(n, dtype=int)
    y = np.round(res.x[n:]).astype(int) if res.x is not None else np.zeros(n, dtype=int)
    picks = tuple(
        Pick(
            name=c.name,
            participants=int(x[i]),
            cost=float(cpp[i] * x[i] + fixed[i] * y[i]),
            expected_impact=float(c.effect * x[i]),
            jp_total=float(c.jp * x[i]),
        )
        for i, c in enumerate(candidates)
    )
    impact = math.fsum(p.expected_impact for p in picks)
    sd = math.sqrt(math.fsum((float(x[i]) * c.effect_se) ** 2 for i, c in enumerate(candidates)))
    return Portfolio(
        ceiling=float(ceiling),
        objective=objective,
        picks=picks,
        total_cost=math.fsum(p.cost for p in picks),
        expected_impact=impact,
        impact_sd=sd,
        impact_low=impact - Z * sd,
        impact_high=impact + Z * sd,
        jp_total=math.fsum(p.jp_total for p in picks),
        participants=int(x.sum()),
        optimal=optimal,
    )


def _value(p: Portfolio) -> float:
    return p.jp_total if p.objective == "jp" else p.expected_impact


def plan_allocation(
    candidates: Sequence[Candidate], *, ceiling: float, objective: str = "impact"
) -> AllocationResult:
    """The recommended portfolio and the same problem at 80 %, 90 %, 110 % and 120 % of the ceiling."""
    scenarios = tuple(
        solve_portfolio(candidates, ceiling=ceiling * step, objective=objective) for step in CEILING_STEPS
    )
    base = scenarios[CEILING_STEPS.index(1.0)]
    warns: list[str] = []
    if not all(s.optimal for s in scenarios):
        warns.append("Sebagian skenario tidak mencapai solusi optimal; periksa data kandidat.")
    if objective != "jp" and all(c.effect_se == 0 for c in candidates):
        warns.append("Semua efek tanpa ketidakpastian (SE = 0): rentang dampak tidak mencerminkan risiko.")
    if any(c.effect < 0 for c in candidates) and objective != "jp":
        warns.append("Ada program dengan efek negatif; program itu tidak akan dipilih.")
    unused = base.ceiling - base.total_cost
    spread = scenarios[-1].ceiling - scenarios[0].ceiling
    marginal = (_value(scenarios[-1]) - _value(scenarios[0])) / spread * 1e6 if spread > 0 else None
    what_id = "JP-peserta" if objective == "jp" else "dampak"
    what_en = "participant-JP" if objective == "jp" else "impact"
    chosen = ", ".join(f"{p.name} ({p.participants})" for p in base.chosen()) or "-"
    return AllocationResult(
        method=f"Program bilangan bulat campuran (scipy.optimize.milp/HiGHS), tujuan: {objective}",
        n=len(candidates),
        objective=objective,
        base=base,
        scenarios=scenarios,
        marginal_per_million=marginal,
        interpretation_id=(
            f"Dengan pagu Rp{_id(base.ceiling, 0)}, portofolio terbaik: {chosen}; "
            f"biaya Rp{_id(base.total_cost, 0)} "
            f"(sisa Rp{_id(unused, 0)}), {what_id} {_id(_value(base), 1)}. "
            f"Pagu -20 %: {_id(_value(scenarios[0]), 1)}; +20 %: {_id(_value(scenarios[-1]), 1)}."
        ),
        interpretation_en=(
            f"With a ceiling of Rp{base.ceiling:,.0f}, the best portfolio: {chosen}; "
            f"cost Rp{base.total_cost:,.0f} "
            f"(Rp{unused:,.0f} unused), {what_en} {_value(base):.1f}. "
            f"Ceiling -20%: {_value(scenarios[0]):.1f}; +20%: {_value(scenarios[-1]):.1f}."
        ),
        warnings=tuple(warns),
    )
