"""One programme's budget page and the report's ROI section: pagu vs realisasi by category, unit costs,
participants' time, and the Phillips ROI and cost per outcome from its primary estimate (numbers from
analysis/). It reads evaluation results, so it lives here, above tilik.programs (whose selectors_budget holds
the absorption overview)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils import timezone

from analysis.roi import CostMetrics, ROIInterval, cost_metrics
from tilik.evaluations.selectors_roi import ProgramROI, primary_for, program_roi
from tilik.programs.choices import BudgetCategory, EnrollmentStatus
from tilik.programs.models import BenefitAssumption, BudgetLine, Enrollment, Program
from tilik.programs.selectors_budget import percent
from tilik.programs.selectors_costs import TOOK_PART, ParticipantTime, Schedule, participant_time, schedule


@dataclass(frozen=True)
class CategoryRow:
    category: str
    label: str
    pagu: Decimal
    realisasi: Decimal
    absorption_pct: float | None
    over: bool


@dataclass(frozen=True)
class OutcomeCost:
    """Cost per unit of a measured outcome change, from a stored evaluation run (Level 4)."""

    indicator: str
    unit_of_measure: str
    method: str
    estimate: float
    ci_low: float | None
    ci_high: float | None
    cost_per_unit: float
    per_graduate: bool = False  # employee indicator: cost per graduate per unit of improvement


def outcome_costs(primary: Any, cost: float, completers: int) -> list[OutcomeCost]:
    """Fully loaded cost per unit of improvement of the primary indicator (the one estimate the verdict and
    the ROI use), only when its 95 % CI excludes zero on the side of improvement: a null or wrong-sign
    effect has no cost per outcome. For an employee indicator it is per graduate (cost per graduate ÷ effect)."""
    effect = primary.effect if primary is not None else None
    if cost <= 0 or effect is None or not effect.credible or effect.estimate == 0:
        return []
    run, indicator = primary.run, primary.indicator
    per_person = indicator.entity_kind == "employee"
    if per_person and completers <= 0:
        return []
    per_unit = (cost / completers if per_person else cost) / abs(effect.estimate)
    return [
        OutcomeCost(
            indicator.name,
            indicator.unit_of_measure,
            run.method,
            effect.estimate,
            effect.ci_low,
            effect.ci_high,
            per_unit,
            per_person,
        )
    ]


@dataclass(frozen=True)
class ProgramBudget:
    program: Program
    categories: list[CategoryRow]
    pagu: Decimal
    realisasi: Decimal
    absorption_pct: float | None
    participants: int
    completers: int
    costs: CostMetrics | None
    assumption: BenefitAssumption | None
    time: ParticipantTime
    full_cost: float  # realisasi + participants' time (fully loaded, Phillips)
    roi: ROIInterval | None  # None or not concluded: see roi_status.reason
    roi_status: ProgramROI
    schedule: Schedule
    notes: list[str]
    evaluations: list[OutcomeCost] = field(default_factory=list)

    @property
    def over_lines(self) -> int:
        return sum(1 for c in self.categories if c.over)


def program_budget(program: Program) -> ProgramBudget:
    """Pagu vs realisasi by category, unit costs on realisasi, and ROI from the stored assumptions."""
    year = program.fiscal_year
    lines = (
        BudgetLine.objects.filter(program=program, fiscal_year=year)
        .values("category")
        .annotate(pagu=Sum("pagu"), realisasi=Sum("realisasi"))
    )
    by_cat = {row["category"]: row for row in lines}
    categories = [
        CategoryRow(
            code,
            str(label),
            by_cat[code]["pagu"],
            by_cat[code]["realisasi"],
            percent(by_cat[code]["realisasi"], by_cat[code]["pagu"]),
            by_cat[code]["realisasi"] > by_cat[code]["pagu"],
        )
        for code, label in BudgetCategory.choices
        if code in by_cat
    ]
    pagu = sum((c.pagu for c in categories), Decimal(0))
    realisasi = sum((c.realisasi for c in categories), Decimal(0))
    counts = Enrollment.objects.filter(offering__program=program).aggregate(
        took=Count("id", filter=Q(status__in=TOOK_PART)),
        done=Count("id", filter=Q(status=EnrollmentStatus.COMPLETED)),
    )
    participants, completers = counts["took"], counts["done"]
    notes: list[str] = []
    costs = (
        cost_metrics(float(realisasi), participants=participants, jp=program.jp, completers=completers)
        if realisasi > 0
        else None
    )
    assumption = BenefitAssumption.objects.filter(program=program).first()
    time = participant_time(program)
    primary, reasons = primary_for(program) if realisasi > 0 else (None, [])
    status = program_roi(program, assumption, realisasi, time, primary=primary, reasons=reasons)
    if realisasi == 0:
        notes.append("no_realisasi")
    full_cost = float(realisasi) + time.cost
    return ProgramBudget(
        program,
        categories,
        pagu,
        realisasi,
        percent(realisasi, pagu),
        participants,
        completers,
        costs,
        assumption,
        time,
        full_cost,
        status.roi,
        status,
        schedule(program, timezone.localdate()),
        notes,
        outcome_costs(primary, full_cost, status.beneficiaries or completers),
    )
