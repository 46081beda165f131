"""One decision per programme from a documented decision table (docs/panduan-laporan.md, "Tabel keputusan").

Numbers in, a frozen ``Decision`` out; the texts are written by the presenter. The table reads the
primary indicator's estimate against the programme's minimum meaningful effect (MME, set in the
evaluation plan before the analysis), the Kirkpatrick chain (Level 1 -> 3) and the Phillips ROI interval:

====  ==================  =============================================================================
rule  verdict             when (``lo``/``hi``: the 95 % CI turned so that positive = improvement)
====  ==================  =============================================================================
K1    expand              lo >= MME and the ROI interval's lower end >= 0
K2    continue            lo >= MME without a non-negative ROI interval; or 0 < lo < MME <= hi
K3    improve_delivery    not K1/K2, participants learned (Level 2), no evidence they applied it (Level 3) and the
                          reaction (Level 1) was not poor: the chain breaks at transfer
K0    not_evaluable       not K1-K3 and no primary estimate (no plan, primary or MME, or no attendee yet)
K5    redesign            hi < MME: the effect is smaller than the MME (one side of an equivalence test,
                          TOST, Lakens 2017), or points the wrong way
K4    collect_data        lo <= 0 and hi >= MME: absence of evidence; a power calculation gives the
                          number of further participants (or periods) needed
====  ==================  =============================================================================

The rows are tried in the order K1, K2, K3, K0, K5, K4, so exactly one applies. Budget and participation
actions are added beside the verdict; each carries a budget stance, and a stance the verdict does not
allow is never produced (``ALLOWED_STANCES``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

from scipy import stats
from statsmodels.stats.power import TTestPower

__all__ = [
    "Level",
    "LowUnit",
    "ALLOWED_STANCES",
    "Action",
    "Decision",
    "Evidence",
    "PowerNeed",
    "PrimaryEffect",
    "Tost",
    "additional_sample",
    "decide",
    "default_mme",
    "tost",
]

Level = Literal["ok", "poor", "unknown"]
Stance = Literal["increase", "keep", "reduce", "neutral"]

Z95 = float(stats.norm.ppf(0.975))

VERDICTS = ("expand", "continue", "improve_delivery", "collect_data", "redesign", "not_evaluable")
RULES = {
    "expand": "K1",
    "continue": "K2",
    "improve_delivery": "K3",
    "collect_data": "K4",
    "redesign": "K5",
    "not_evaluable": "K0",
}
# What each verdict allows the separate actions to say about the budget. Expanding never sits beside a
# cut; a programme to be stopped or redesigned never gets more money or a participation drive.
ALLOWED_STANCES: dict[str, frozenset[str]] = {
    "expand": frozenset({"increase", "keep", "neutral"}),
    "continue": frozenset({"keep", "neutral"}),
    "improve_delivery": frozenset({"keep", "neutral"}),
    "collect_data": frozenset({"keep", "neutral"}),
    "not_evaluable": frozenset({"keep", "neutral"}),
    "redesign": frozenset({"reduce", "neutral"}),
}

# Default MME when the plan sets none (see default_mme).
DEFAULT_MME_PERCENT_POINTS = 5.0
DEFAULT_MME_SHARE_OF_RANGE = 0.05
DEFAULT_MME_SHARE_OF_BASELINE = 0.10


def default_mme(
    *, unit: str, min_value: float | None, max_value: float | None, baseline: float | None
) -> tuple[float, str] | None:
    """The MME used when the evaluation plan sets none, and its basis code (None: the evaluator must set one).

    * a percentage indicator: 5 percentage points (``"percent"``);
    * a bounded scale (minimum and maximum known): 5 % of its range, e.g. 0,2 on SKP 1-5 (``"range"``);
    * an unbounded quantity (time, counts): 10 % of the treated group's mean before training (``"baseline"``).
    """
    if unit.strip() == "%":
        return DEFAULT_MME_PERCENT_POINTS, "percent"
    if min_value is not None and max_value is not None and max_value > min_value:
        return DEFAULT_MME_SHARE_OF_RANGE * (max_value - min_value), "range"
    if baseline is not None and math.isfinite(baseline) and baseline != 0:
        return DEFAULT_MME_SHARE_OF_BASELINE * abs(baseline), "baseline"
    return None


@dataclass(frozen=True)
class PrimaryEffect:
    """The primary indicator's estimate in the indicator's own units and sign, and the programme's MME."""

    indicator: str
    estimate: float
    ci_low: float
    ci_high: float
    mme: float  # > 0: the smallest improvement worth having, as a magnitude
    higher_is_better: bool = True
    n: int = 0  # what the estimate's precision rests on (participants, units or periods)
    n_available: int | None = None  # how many of what ``n`` counts exist at all (11 puskesmas); None: unbounded

    def __post_init__(self) -> None:
        values = (self.estimate, self.ci_low, self.ci_high, self.mme)
        if not all(math.isfinite(v) for v in values):
            raise ValueError("Estimasi, IK dan efek minimum bermakna harus angka terhingga.")
        if self.ci_low > self.ci_high:
            raise ValueError("Batas bawah IK melebihi batas atas.")
        if self.mme <= 0:
            raise ValueError("Efek minimum bermakna harus lebih dari 0.")

    @property
    def oriented(self) -> tuple[float, float, float]:
        """(estimate, lo, hi) with positive = improvement."""
        if self.higher_is_better:
            return self.estimate, self.ci_low, self.ci_high
        return -self.estimate, -self.ci_high, -self.ci_low

    @property
    def se(self) -> float:
        """The standard error implied by the 95 % CI (normal approximation)."""
        return (self.ci_high - self.ci_low) / (2 * Z95)

    @property
    def credible(self) -> bool:
        """The CI excludes zero on the side of improvement: the only effect ROI may be computed from."""
        return self.oriented[1] > 0


@dataclass(frozen=True)
class Tost:
    """Two one-sided tests against +/-MME (Lakens 2017), normal approximation on the oriented estimate."""

    p_lower: float  # H0: effect <= -MME
    p_upper: float  # H0: effect >= +MME ("no meaningful improvement" when small)
    p_tost: float  # max of the two: equivalence to zero within +/-MME


def tost(effect: PrimaryEffect) -> Tost | None:
    se = effect.se
    if se <= 0:
        return None
    est = effect.oriented[0]
    p_lower = float(stats.norm.sf((est + effect.mme) / se))
    p_upper = float(stats.norm.cdf((est - effect.mme) / se))
    return Tost(p_lower, p_upper, max(p_lower, p_upper))


@dataclass(frozen=True)
class PowerNeed:
    """How many observations of the kind ``n`` counts a conclusive answer needs.

    ``n_required`` is the larger of (a) the n at which the 95 % CI becomes narrower than the MME, so it
    must exclude zero or the MME, and (b) the n giving 80 % power to detect an effect equal to the MME
    (two-sided alpha 0.05; statsmodels TTestPower). Both assume the SE shrinks with the square root of n.
    """

    n_now: int
    n_required: int
    additional: int
    n_power80: int
    n_conclusive: int
    n_available: int | None = None

    @property
    def exceeds_available(self) -> bool:
        """More are needed than exist: waiting or recruiting cannot make this design conclusive."""
        return self.n_available is not None and self.n_required > self.n_available


def additional_sample(effect: PrimaryEffect, *, alpha: float = 0.05, power: float = 0.8) -> PowerNeed | None:
    se, n = effect.se, effect.n
    if n < 2 or se <= 0:
        return None
    sd = se * math.sqrt(n)  # per-observation spread implied by the estimate's SE
    d = effect.mme / sd
    try:
        n_power = float(TTestPower().solve_power(effect_size=d, alpha=alpha, power=power, alternative="two-sided"))
    except (ValueError, RuntimeError, ArithmeticError):
        n_power = math.nan
    if not math.isfinite(n_power):  # the solver gave up (tiny effects): the normal-approximation formula
        n_power = ((stats.norm.ppf(1 - alpha / 2) + stats.norm.ppf(power)) / d) ** 2
    n_power80 = math.ceil(n_power)
    n_conclusive = math.ceil(n * (2 * Z95 * se / effect.mme) ** 2)
    required = max(n_power80, n_conclusive, n + 1)
    return PowerNeed(n, required, required - n, n_power80, n_conclusive, effect.n_available)


@dataclass(frozen=True)
class LowUnit:
    """A unit whose participation is significantly lower (Holm-adjusted) and its most named reason."""

    unit: str
    reason_code: str
    reason: str


@dataclass(frozen=True)
class Evidence:
    """Everything the table reads for one programme (stored results, never recomputed here)."""

    program: str
    primary: PrimaryEffect | None = None
    missing_reason: str = ""  # code of why there is no primary estimate (the presenter words it)
    reaction: Level = "unknown"
    learning: Level = "unknown"
    transfer: Level = "unknown"
    roi_low: float | None = None  # lower end of the ROI % interval; None when ROI cannot be concluded
    roi_high: float | None = None
    absorption_pct: float | None = None
    absorption_final: bool = False  # every offering has ended: absorption can be judged
    low_absorption_pct: float = 80.0
    over_lines: int = 0  # budget lines whose realisasi exceeds their pagu
    low_units: tuple[LowUnit, ...] = ()


@dataclass(frozen=True)
class Action:
    """A budget or participation action beside the verdict; ``rule`` is its row (A1-A4)."""

    code: str  # "participation", "absorption_replan", "absorption_return", "overspend", "scale_budget"
    rule: str
    stance: Stance
    subject: str = ""  # the unit, for participation actions
    reason_code: str = ""


@dataclass(frozen=True)
class Decision:
    program: str
    verdict: str
    rule: str
    basis: tuple[str, ...]  # codes of the facts the verdict rests on, in reading order
    power: PowerNeed | None = None
    tost: Tost | None = None
    actions: tuple[Action, ...] = field(default_factory=tuple)


def _verdict(ev: Evidence) -> tuple[str, tuple[str, ...]]:
    p = ev.primary
    chain_break = ev.learning == "ok" and ev.transfer == "poor" and ev.reaction != "poor"
    if p is not None:
        _, lo, hi = p.oriented
        if lo >= p.mme:
            if ev.roi_low is not None and ev.roi_low >= 0:
                return "expand", ("ci_above_mme", "roi_non_negative")
            return "continue", ("ci_above_mme", "roi_unknown" if ev.roi_low is None else "roi_may_be_negative")
        if 0 < lo and hi >= p.mme:
            return "continue", ("ci_above_zero", "mme_in_ci")
    if chain_break:
        lead = "no_primary" if p is None else ("ci_below_mme" if p.oriented[2] < p.mme else "ci_spans_zero_mme")
        return "improve_delivery", (lead, "learning_ok", "transfer_poor")
    if p is None:
        return "not_evaluable", ("no_primary",)
    _, lo, hi = p.oriented
    if hi < p.mme:
        return "redesign", ("wrong_sign" if hi < 0 else "ci_below_mme",)
    return "collect_data", ("ci_spans_zero_mme",)


def _actions(ev: Evidence, verdict: str) -> tuple[Action, ...]:
    out: list[Action] = []
    if verdict == "expand":
        out.append(Action("scale_budget", "A4", "increase"))
    if verdict != "redesign":  # no participation drive for a programme that is to be stopped or redesigned
        out.extend(Action("participation", "A1", "neutral", u.unit, u.reason_code) for u in ev.low_units)
    low = ev.absorption_pct is not None and ev.absorption_pct < ev.low_absorption_pct
    if low and ev.absorption_final:
        if verdict == "redesign":
            out.append(Action("absorption_return", "A2", "reduce"))
        else:
            out.append(Action("absorption_replan", "A2", "keep"))
    if ev.over_lines > 0:
        out.append(Action("overspend", "A3", "neutral"))
    allowed = ALLOWED_STANCES[verdict]
    return tuple(a for a in out if a.stance in allowed)


def decide(ev: Evidence) -> Decision:
    """The one verdict for a programme, its basis, and the actions beside it."""
    verdict, basis = _verdict(ev)
    p = ev.primary
    return Decision(
        program=ev.program,
        verdict=verdict,
        rule=RULES[verdict],
        basis=basis,
        power=additional_sample(p) if p is not None and verdict == "collect_data" else None,
        tost=tost(p) if p is not None else None,
        actions=_actions(ev, verdict),
    )
