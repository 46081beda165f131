"""Reads for budgets: absorption per programme-year, unit costs and Phillips ROI (numbers from analysis/)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Q, Sum

from analysis.roi import CostMetrics, ROIResult, ROISensitivity, cost_metrics, phillips_roi, roi_sensitivity
from tilik.programs.choices import BudgetCategory, EnrollmentStatus
from tilik.programs.models import BenefitAssumption, BudgetLine, Enrollment, Program
from tilik.programs.selectors_planner import ASSUMED, MEASURED, EffectSource, latest_measured_effects

TOOK_PART = (EnrollmentStatus.ATTENDED, EnrollmentStatus.COMPLETED)


def _pct(num: Decimal, den: Decimal) -> float | None:
    return float(num / den * 100) if den else None


@dataclass(frozen=True)
class ProgramBudgetRow:
    program: Program
    pagu: Decimal
    realisasi: Decimal
    absorption_pct: float | None
    low: bool
    over_lines: int


def budget_overview(year: int, *, low_pct: float) -> list[ProgramBudgetRow]:
    """Every programme of the year with its totals; ``low`` when absorption is below ``low_pct``."""
    programs = (
        Program.objects.filter(fiscal_year=year)
        .annotate(
            pagu=Sum("budget_lines__pagu", filter=Q(budget_lines__fiscal_year=year)),
            realisasi=Sum("budget_lines__realisasi", filter=Q(budget_lines__fiscal_year=year)),
        )
        .order_by("name")
    )
    over = dict(
        BudgetLine.objects.filter(fiscal_year=year, realisasi__gt=F("pagu"))
        .values("program_id")
        .annotate(n=Count("id"))
        .values_list("program_id", "n")
    )
    rows = []
    for p in programs:
        pagu, real = p.pagu or Decimal(0), p.realisasi or Decimal(0)
        pct = _pct(real, pagu)
        rows.append(ProgramBudgetRow(p, pagu, real, pct, pct is not None and pct < low_pct, over.get(p.pk, 0)))
    return rows


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


def outcome_costs(program: Program, realisasi: Decimal) -> list[OutcomeCost]:
    """The latest stored estimate per indicator of the evaluation plans that cover this programme."""
    from tilik.evaluations.models import EvaluationRun

    if realisasi <= 0:
        return []
    runs = (
        EvaluationRun.objects.filter(plan__programs=program, estimate__isnull=False)
        .exclude(estimate=0)
        .select_related("indicator")
        .order_by("indicator_id", "-at", "-id")
    )
    latest: dict[int, OutcomeCost] = {}
    for run in runs:
        if run.indicator_id in latest or run.estimate is None:
            continue
        latest[run.indicator_id] = OutcomeCost(
            run.indicator.name,
            run.indicator.unit_of_measure,
            run.method,
            run.estimate,
            run.ci_low,
            run.ci_high,
            float(realisasi) / abs(run.estimate),
        )
    return list(latest.values())


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
    benefits: float | None
    roi: ROIResult | None
    sensitivity: ROISensitivity | None
    cost_per_outcome: float | None
    notes: list[str]
    evaluations: list[OutcomeCost] = field(default_factory=list)


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
            _pct(by_cat[code]["realisasi"], by_cat[code]["pagu"]),
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
    benefits = roi = sensitivity = cost_per_outcome = None
    if assumption is not None and realisasi > 0:
        benefits = float(completers * assumption.hours_saved_per_participant * assumption.hourly_cost)
        iso, conf = float(assumption.isolation), float(assumption.confidence)
        roi = phillips_roi(benefits=benefits, costs=float(realisasi), isolation=iso, confidence=conf)
        sensitivity = roi_sensitivity(
            benefits=benefits,
            costs=float(realisasi),
            isolation=(max(iso - 0.2, 0.0), iso, min(iso + 0.2, 1.0)),
            confidence=(max(conf - 0.2, 0.0), conf, min(conf + 0.2, 1.0)),
        )
        if assumption.outcome_change:
            cost_per_outcome = float(realisasi) / abs(float(assumption.outcome_change))
    elif realisasi == 0:
        notes.append("no_realisasi")
    return ProgramBudget(
        program,
        categories,
        pagu,
        realisasi,
        _pct(realisasi, pagu),
        participants,
        completers,
        costs,
        assumption,
        benefits,
        roi,
        sensitivity,
        cost_per_outcome,
        notes,
        outcome_costs(program, realisasi),
    )


def budget_years() -> list[int]:
    return list(BudgetLine.objects.order_by("-fiscal_year").values_list("fiscal_year", flat=True).distinct())


@dataclass(frozen=True)
class PlannerSeed:
    name: str
    cost_per_participant: float
    reach: int
    jp: int
    effect: float
    effect_se: float
    run: int | None = None  # the stored evaluation run the effect comes from (None: assumed)
    source: EffectSource | None = None

    def initial(self) -> dict[str, object]:
        fields = ("name", "cost_per_participant", "reach", "jp", "effect", "effect_se", "run")
        return {f: getattr(self, f) for f in fields}


def planner_candidates(year: int) -> list[PlannerSeed]:
    """Starting values for next year's planner from a year's programmes (the evaluator edits them).

    Cost per participant = realisasi (or pagu if nothing was spent yet) / participants who took part
    (or / seats); reach = seats offered. Effect per participant and its SE: the latest stored
    evaluation of the programme on an employee indicator ("terukur", see selectors_planner); without
    one, hours saved per completer from the ROI assumptions, with SE 0 ("asumsi").
    """
    programs = list(
        Program.objects.filter(fiscal_year=year)
        .annotate(
            spent=Sum("budget_lines__realisasi"),
            planned=Sum("budget_lines__pagu"),
        )
        .order_by("name")
    )
    seats = dict(Program.objects.filter(fiscal_year=year).annotate(s=Sum("offerings__capacity")).values_list("pk", "s"))
    took = dict(
        Enrollment.objects.filter(offering__program__fiscal_year=year, status__in=TOOK_PART)
        .values("offering__program")
        .annotate(n=Count("id"))
        .values_list("offering__program", "n")
    )
    hours = dict(
        BenefitAssumption.objects.filter(program__fiscal_year=year).values_list(
            "program_id", "hours_saved_per_participant"
        )
    )
    measured = latest_measured_effects(programs)
    out = []
    for p in programs:
        money = p.spent or p.planned or Decimal(0)
        people = took.get(p.pk) or seats.get(p.pk) or 0
        if not money or not people:
            continue
        m = measured.get(p.pk)
        out.append(
            PlannerSeed(
                p.name,
                round(float(money) / people, -3),
                int(seats.get(p.pk) or people),
                p.jp,
                m.effect if m else float(hours.get(p.pk) or 0),
                m.se if m else 0.0,
                m.run_id if m else None,
                EffectSource(MEASURED, m) if m else EffectSource(ASSUMED),
            )
        )
    return out
