"""The budget allocation planner: candidates and a ceiling in, the best portfolio and ±20 % trade-offs out.

Here, above tilik.programs, because its effects come from stored evaluation runs; wired at /program/perencana/
(programs:planner) in tilik/urls.py."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from analysis.allocation import Candidate, plan_allocation
from tilik.core import fmt
from tilik.core.permissions import evaluator_required
from tilik.evaluations import selectors_planner
from tilik.evaluations.selectors_planner import ASSUMED, EffectSource
from tilik.programs.forms import CandidateFormSet, PlannerForm
from tilik.programs.selectors import program_years
from tilik.programs.views_common import pick_year


def _refusal(objective: str, rows: list[dict[str, Any]], sources: list[EffectSource | None]) -> str:
    """Why the impact objectives cannot be computed for these rows ("" when they can)."""
    if objective == "jp":
        return ""
    blank = [r["name"] for r in rows if not r["effect"] and not r["effect_se"]]
    if blank:
        return _(
            "Efek dan SE bernilai 0 untuk %(names)s: itu bukan estimasi. Isi efek dan SE sebagai asumsi yang "
            "Anda tetapkan, hapus barisnya, atau pilih tujuan JP-peserta."
        ) % {"names": ", ".join(blank)}
    measures = [m for m in selectors_planner.outcome_units(sources) if m != ASSUMED]
    if len(measures) > 1:
        return _(
            "Efek terukur kandidat memakai ukuran yang berbeda (%(m)s): dampaknya tidak dapat dijumlahkan. "
            "Sisakan kandidat dengan satu ukuran, atau pilih tujuan JP-peserta."
        ) % {"m": "; ".join(measures)}
    return ""


def _summary(result: Any, unit: str) -> str:
    """The portfolio in one sentence, with the impact's unit (the analysis text has none)."""
    base = result.base
    chosen = ", ".join(f"{p.name} ({fmt.integer(p.participants)})" for p in base.chosen()) or "–"
    values = {
        "ceiling": fmt.rupiah(base.ceiling),
        "chosen": chosen,
        "cost": fmt.rupiah(base.total_cost),
        "left": fmt.rupiah(base.ceiling - base.total_cost),
    }
    text = _("Dengan pagu %(ceiling)s, portofolio terbaik: %(chosen)s; biaya %(cost)s (sisa %(left)s).") % values
    if result.objective == "jp":
        return text + " " + _("Cakupan %(jp)s JP-peserta.") % {"jp": fmt.integer(base.jp_total)}
    return (
        text
        + " "
        + _("Dampak harapan %(v)s %(unit)s (IK 95 %%: %(lo)s s.d. %(hi)s).")
        % {
            "v": fmt.num(base.expected_impact, 1),
            "unit": unit,
            "lo": fmt.num(base.impact_low, 1),
            "hi": fmt.num(base.impact_high, 1),
        }
    )


@evaluator_required
def planner(request: HttpRequest) -> HttpResponse:
    years = program_years()
    year = pick_year(request, years)
    start = selectors_planner.planner_start(year) if year else selectors_planner.PlannerStart([], [])
    submitted = "ceiling" in request.POST
    if submitted:
        form = PlannerForm(request.POST)
        formset = CandidateFormSet(request.POST, prefix="c")
        sources: list[EffectSource | None] = []
    else:
        form = PlannerForm(
            initial={"ceiling": start.ceiling, "objective": "impact", "effect_unit": start.effect_unit}
        )
        formset = CandidateFormSet(prefix="c", initial=[s.initial() for s in start.seeds])
        sources = [s.source for s in start.seeds]
    result = error = None
    if submitted and form.is_valid() and formset.is_valid():
        rows = [f for f in formset.cleaned_data if f and f.get("name")]
        sources = selectors_planner.effect_sources(formset.cleaned_data)
        error = _refusal(form.cleaned_data["objective"], rows, sources) or None
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
            for f in rows
        ]
        if error is None:
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
    unit = (form.cleaned_data.get("effect_unit") if form.is_bound and form.is_valid() else "") or ""
    impact_unit = _("%(unit)s × peserta") % {"unit": unit} if unit else ""
    return render(
        request,
        "programs/planner.html",
        {
            "form": form,
            "formset": formset,
            "rows": list(zip(formset.forms, sources, strict=False)),
            "picks": [(p, by_name.get(p.name)) for p in result.base.picks] if result else [],
            "outcomes": selectors_planner.outcome_units(sources),
            "left_out": start.left_out,
            "impact_unit": impact_unit,
            "summary": _summary(result, impact_unit) if result else "",
            "result": result,
            "error": error,
            "years": years,
            "year": year,
        },
    )
