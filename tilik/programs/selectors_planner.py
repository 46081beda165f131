"""Reads for the allocation planner: measured effects per participant from stored evaluation runs.

An effect is "terukur" (measured) when it is the latest stored estimate of an evaluation plan that
covers the programme, on an indicator measured on employees (so the estimate is per participant), and
the evaluator has not changed it; anything typed or edited by hand is "asumsi" (assumed).
Service-unit indicators are not used: their effect is per unit, not per participant.
The sign is turned so that a positive effect is an improvement (indicators where lower is better).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from tilik.programs.models import Program

Z95 = 1.959963984540054
MEASURED = "terukur"
ASSUMED = "asumsi"
PLACES = 3  # the planner form keeps three decimals


@dataclass(frozen=True)
class MeasuredEffect:
    run_id: int
    effect: float  # per participant; positive = improvement
    se: float
    indicator: str
    unit_of_measure: str
    method: str
    at: dt.datetime


@dataclass(frozen=True)
class EffectSource:
    kind: str  # MEASURED or ASSUMED
    measured: MeasuredEffect | None = None


def _from_run(run: Any) -> MeasuredEffect:
    sign = -1.0 if run.indicator.direction == "lower" else 1.0
    if run.se is not None:
        se = abs(float(run.se))
    elif run.ci_low is not None and run.ci_high is not None:
        se = abs(float(run.ci_high) - float(run.ci_low)) / (2 * Z95)
    else:
        se = 0.0
    return MeasuredEffect(
        run.pk,
        round(sign * float(run.estimate), PLACES),
        round(se, PLACES),
        run.indicator.name,
        run.indicator.unit_of_measure,
        run.method,
        run.at,
    )


def _usable_runs() -> Any:
    from tilik.evaluations.models import EvaluationRun

    return (
        EvaluationRun.objects.filter(estimate__isnull=False, error="", indicator__entity_kind="employee")
        .select_related("indicator")
        .order_by("-at", "-id")
    )


def latest_measured_effects(programs: Iterable[Program]) -> dict[int, MeasuredEffect]:
    """Programme id -> its latest usable stored estimate (plans may cover several programmes). Two queries."""
    from tilik.evaluations.models import EvaluationPlan

    ids = [p.pk for p in programs]
    through = EvaluationPlan.programs.through
    plans: dict[int, list[int]] = {}
    for plan_id, program_id in through.objects.filter(program_id__in=ids).values_list(
        "evaluationplan_id", "program_id"
    ):
        plans.setdefault(plan_id, []).append(program_id)
    out: dict[int, MeasuredEffect] = {}
    if not plans:
        return out
    for run in _usable_runs().filter(plan_id__in=list(plans)):
        for program_id in plans[run.plan_id]:
            out.setdefault(program_id, _from_run(run))
    return out


def effect_sources(rows: Iterable[Mapping[str, Any]]) -> list[EffectSource | None]:
    """For each planner row (cleaned form data): terukur when its effect and SE are still those of the
    stored run it was prefilled from, asumsi otherwise; None for an empty row. One query."""
    rows = list(rows)
    ids = {int(r["run"]) for r in rows if r and r.get("run")}
    measured = {m.run_id: m for m in map(_from_run, _usable_runs().filter(pk__in=ids))} if ids else {}
    tolerance = Decimal(1).scaleb(-PLACES) / 2
    out: list[EffectSource | None] = []
    for row in rows:
        if not row or not row.get("name"):
            out.append(None)
            continue
        m = measured.get(int(row.get("run") or 0))
        same = (
            m is not None
            and abs(Decimal(str(row["effect"])) - Decimal(str(m.effect))) <= tolerance
            and abs(Decimal(str(row["effect_se"])) - Decimal(str(m.se))) <= tolerance
        )
        out.append(EffectSource(MEASURED, m) if same else EffectSource(ASSUMED))
    return out


def outcome_units(sources: Iterable[EffectSource | None]) -> list[str]:
    """The distinct outcome measures behind the rows' effects (the planner adds them up, so more than one
    is a warning); assumed effects count as one measure of their own."""
    names: list[str] = []
    for source in sources:
        if source is None:
            continue
        name = (
            f"{source.measured.indicator} ({source.measured.unit_of_measure})"
            if source.measured is not None
            else ASSUMED
        )
        if name not in names:
            names.append(name)
    return names
