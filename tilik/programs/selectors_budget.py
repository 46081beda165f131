"""Reads for budgets: absorption per programme-year. One programme's costs and Phillips ROI, which need its
evaluation results, are tilik.evaluations.selectors_budget.program_budget."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Max, Min, OuterRef, Q, Subquery, Sum
from django.utils import timezone

from tilik.programs.models import BudgetLine, Offering, Program
from tilik.programs.selectors_costs import schedule_state


def percent(num: Decimal, den: Decimal) -> float | None:
    return float(num / den * 100) if den else None


@dataclass(frozen=True)
class ProgramBudgetRow:
    program: Program
    pagu: Decimal
    realisasi: Decimal
    absorption_pct: float | None
    low: bool
    over_lines: int
    state: str = "ended"  # selectors_costs.Schedule.state: "not_started", "running" or "ended"


def _offering_dates(field: str, agg: str) -> Subquery:
    # A subquery, not a join: joining offerings would multiply the budget sums.
    rows = Offering.objects.filter(program=OuterRef("pk")).order_by().values("program")
    return Subquery(rows.annotate(v=Min(field) if agg == "min" else Max(field)).values("v")[:1])


def budget_overview(year: int, *, low_pct: float) -> list[ProgramBudgetRow]:
    """Every programme of the year with its totals; ``low`` when absorption is below ``low_pct`` once every
    angkatan has ended (a programme that has not started, or is still running, is not low: its money is not
    due yet)."""
    programs = (
        Program.objects.filter(fiscal_year=year)
        .annotate(
            pagu=Sum("budget_lines__pagu", filter=Q(budget_lines__fiscal_year=year)),
            realisasi=Sum("budget_lines__realisasi", filter=Q(budget_lines__fiscal_year=year)),
            first_start=_offering_dates("start_date", "min"),
            last_end=_offering_dates("end_date", "max"),
        )
        .order_by("name")
    )
    today = timezone.localdate()
    over = dict(
        BudgetLine.objects.filter(fiscal_year=year, realisasi__gt=F("pagu"))
        .values("program_id")
        .annotate(n=Count("id"))
        .values_list("program_id", "n")
    )
    rows = []
    for p in programs:
        pagu, real = p.pagu or Decimal(0), p.realisasi or Decimal(0)
        pct = percent(real, pagu)
        state = schedule_state(p.first_start, p.last_end, today)
        low = pct is not None and pct < low_pct and state == "ended"
        rows.append(ProgramBudgetRow(p, pagu, real, pct, low, over.get(p.pk, 0), state))
    return rows


def budget_years() -> list[int]:
    return list(BudgetLine.objects.order_by("-fiscal_year").values_list("fiscal_year", flat=True).distinct())
