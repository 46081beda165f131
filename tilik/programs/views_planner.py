"""The budget allocation planner: candidates and a ceiling in, the best portfolio and ±20 % trade-offs out."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from analysis.allocation import Candidate, plan_allocation
from tilik.core.permissions import evaluator_required
from tilik.programs import selectors_budget, selectors_planner
from tilik.programs.forms import CandidateFormSet, PlannerForm
from tilik.programs.selectors import program_years
from tilik.programs.selectors_planner import EffectSource
from tilik.programs.views_common import pick_year


@evaluator_required
def planner(request: HttpRequest) -> HttpResponse:
    years = program_years()
    year = pick_year(request, years)
    submitted = "ceiling" in request.POST
    if submitted:
        form = PlannerForm(request.POST)
        formset = CandidateFormSet(request.POST, prefix="c")
        sources: list[EffectSource | None] = []
    else:
        seeds = selectors_budget.planner_candidates(year) if year else []
        total = sum(s.cost_per_participant * s.reach for s in seeds)
        form = PlannerForm(initial={"ceiling": round(total * 0.8, -6) or None, "objective": "impact"})
        formset = CandidateFormSet(prefix="c", initial=[s.initial() for s in seeds])
        sources = [s.source for s in seeds]
    result = error = None
    if submitted and form.is_valid() and formset.is_valid():
        sources = selectors_planner.effect_sources(formset.cleaned_data)
        candidates = [
            Candidate(
                name=f["name"],
                cost_per_participant=float(f["cost_per_participant"]),
                reach=f["reach"],
                jp=float(f["jp"]),
                effect=float(f["effect"]),
                effect_se=float(f["effect_se"]),
                fixed_cost=float(f.get("fixed_cost") or 0),
                min_participants=f.get("min_participants") or 0,
            )
            for f in formset.cleaned_data
            if f and f.get("name")
        ]
        try:
            result = plan_allocation(
                candidates,
                ceiling=float(form.cleaned_data["ceiling"]),
                objective=form.cleaned_data["objective"],
            )
        except ValueError as exc:
            error = str(exc)
    sources += [None] * (len(formset.forms) - len(sources))
    by_name = {f.get("name"): s for f, s in zip(formset.cleaned_data, sources, strict=False) if f} if result else {}
    return render(
        request,
        "programs/planner.html",
        {
            "form": form,
            "formset": formset,
            "rows": list(zip(formset.forms, sources, strict=False)),
            "picks": [(p, by_name.get(p.name)) for p in result.base.picks] if result else [],
            "outcomes": selectors_planner.outcome_units(sources),
            "result": result,
            "error": error,
            "years": years,
            "year": year,
        },
    )
