"""A programme's primary estimate for the decision table and the ROI (reads only).

The rule (docs/panduan-laporan.md): among the evaluation plans that cover the programme, the primary
indicator is the one the plan names (or the plan's only indicator). Its newest successful stored run is
taken from the plan with the strongest design (DiD, event study, matching, ITS, before-after); ties go to
the newest run. The MME is the plan's, or the default per indicator type (analysis.decision.default_mme).
Callers may pass the runs they are allowed to use (the report passes the attribution-guarded runs).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from statistics import fmean
from typing import Any

from analysis.decision import PrimaryEffect, default_mme
from tilik.evaluations.models import Design, EvaluationPlan, EvaluationRun

DESIGN_STRENGTH = [Design.DID, Design.EVENT_STUDY, Design.MATCHED, Design.ITS, Design.PREPOST]


@dataclass(frozen=True)
class PrimaryStatus:
    """``effect`` is None with ``missing`` saying why: no_plan, no_primary, no_run, no_mme."""

    effect: PrimaryEffect | None
    missing: str = ""
    plan: EvaluationPlan | None = None
    run: EvaluationRun | None = None
    indicator: Any = None
    mme_basis: str = ""  # "plan", or the default's basis: "percent", "range", "baseline"
    n_kind: str = ""  # what the power calculation's n counts: "employee", "unit" (treated entities) or "period"


def primary_indicator(plan: EvaluationPlan) -> Any:
    if plan.primary_indicator_id is not None:
        return plan.primary_indicator
    indicators = list(plan.indicators.all())
    return indicators[0] if len(indicators) == 1 else None


def baseline(run: EvaluationRun, plan: EvaluationPlan) -> float | None:
    """The treated group's mean before the post window, from the run's stored chart series."""
    series = run.series or {}
    values = [
        v
        for p, v in zip(series.get("periods", []), series.get("treated", []), strict=False)
        if v is not None and dt.date.fromisoformat(str(p)[:10]) < plan.post_start
    ]
    return fmean(values) if values else None


def mme_for(plan: EvaluationPlan, indicator: Any, run: EvaluationRun | None) -> tuple[float | None, str]:
    if plan.min_meaningful_effect is not None:
        return plan.min_meaningful_effect, "plan"
    got = default_mme(
        unit=indicator.unit_of_measure,
        min_value=indicator.min_value,
        max_value=indicator.max_value,
        baseline=baseline(run, plan) if run is not None else None,
    )
    return got if got is not None else (None, "")


def program_primary(program: Any, runs: Iterable[EvaluationRun] | None = None) -> PrimaryStatus:
    plans = list(
        EvaluationPlan.objects.filter(programs=program)
        .select_related("primary_indicator")
        .prefetch_related("indicators")
    )
    if not plans:
        return PrimaryStatus(None, "no_plan")
    chosen = [(plan, primary_indicator(plan)) for plan in plans]
    chosen = [(plan, ind) for plan, ind in chosen if ind is not None]
    if not chosen:
        return PrimaryStatus(None, "no_primary", plans[0])
    if runs is None:
        runs = EvaluationRun.objects.filter(plan__in=[p for p, _ in chosen], error="", estimate__isnull=False)
    candidates = [
        (plan, ind, run)
        for run in runs
        for plan, ind in chosen
        if run.plan_id == plan.pk
        and run.indicator_id == ind.pk
        and run.estimate is not None
        and not run.error
        and run.ci_low is not None
        and run.ci_high is not None
    ]
    if not candidates:
        return PrimaryStatus(None, "no_run", chosen[0][0], indicator=chosen[0][1])
    strength = {str(d): i for i, d in enumerate(DESIGN_STRENGTH)}
    plan, ind, run = min(candidates, key=lambda c: (strength.get(c[2].design, 99), -c[2].at.timestamp(), -c[2].pk))
    mme, basis = mme_for(plan, ind, run)
    if mme is None:
        return PrimaryStatus(None, "no_mme", plan, run, ind)
    # The SE shrinks with the treated entities (clustered designs) or, for ITS, with the periods.
    counts = run.input_counts or {}
    n_kind = "period" if run.design == Design.ITS else ind.entity_kind
    n = counts.get("periods" if n_kind == "period" else "treated") or run.n or 0
    assert run.estimate is not None and run.ci_low is not None and run.ci_high is not None  # noqa: S101 (filtered)
    effect = PrimaryEffect(
        ind.name,
        run.estimate,
        run.ci_low,
        run.ci_high,
        float(mme),
        higher_is_better=ind.direction != "lower",
        n=int(n),
        n_available=available(ind, n_kind, counts),
    )
    return PrimaryStatus(effect, "", plan, run, ind, basis, n_kind)


def available(indicator: Any, n_kind: str, counts: dict[str, Any]) -> int | None:
    """How many of what the power calculation counts exist: units of the types the indicator is measured
    on (at least those in the run), or employees; None for periods (a longer window adds more)."""
    from tilik.org.models import Employee, Unit
    from tilik.performance.models import Measurement

    if n_kind == "unit":
        types = Unit.objects.filter(
            pk__in=Measurement.objects.filter(indicator=indicator, unit__isnull=False).values("unit_id")
        ).values("unit_type")
        in_run = int(counts.get("treated") or 0) + int(counts.get("comparison") or 0)
        return max(Unit.objects.filter(unit_type__in=types).count(), in_run) or None
    if n_kind == "employee":
        return Employee.objects.filter(active=True).count() or None
    return None
