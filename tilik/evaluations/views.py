"""Evaluation plans, running them, and the result page with its charts."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tilik.core.permissions import evaluator_required
from tilik.evaluations import charts, selectors
from tilik.evaluations.forms import PlanForm
from tilik.evaluations.models import EvaluationPlan, EvaluationRun
from tilik.evaluations.services import evaluation_plan_create, evaluation_run_all


@evaluator_required
def plan_list(request: HttpRequest) -> HttpResponse:
    return render(request, "evaluations/plan_list.html", {"plans": selectors.plans()})


@evaluator_required
@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest) -> HttpResponse:
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            plan = evaluation_plan_create(by=request.user, **data)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            return redirect("evaluations:plan", pk=plan.pk)
    return render(request, "evaluations/plan_form.html", {"form": form})


@evaluator_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(selectors.plans(), pk=pk)
    return render(request, "evaluations/plan_detail.html", {"plan": plan, "runs": selectors.runs_for(plan)})


@evaluator_required
@require_POST
def plan_run(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(EvaluationPlan, pk=pk)
    runs = evaluation_run_all(plan=plan, by=request.user)
    messages.success(request, _("%(n)s estimasi tersimpan.") % {"n": len(runs)})
    if len(runs) == 1:
        return redirect("evaluations:run", pk=runs[0].pk)
    return redirect("evaluations:plan", pk=plan.pk)


@evaluator_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(EvaluationRun.objects.select_related("plan", "indicator"), pk=pk)
    return render(
        request,
        "evaluations/run_detail.html",
        {
            "run": run,
            "result": run.result,
            "naive": run.naive,
            "balance": run.result.get("balance", []),
            "event_study": run.result.get("event_study"),
        },
    )


@evaluator_required
def run_chart(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    run = get_object_or_404(EvaluationRun.objects.select_related("indicator"), pk=pk)
    ylabel = f"{run.indicator.name} ({run.indicator.unit_of_measure})"
    if kind == "tren" and run.series:
        svg = charts.trend_svg(run.series, ylabel)
    elif kind == "peristiwa" and run.result.get("event_study"):
        svg = charts.event_study_svg(run.result["event_study"])
    elif kind == "its" and run.result.get("its_values"):
        svg = charts.its_svg(run.result["its_values"], int(run.result["its_index"]), ylabel)
    else:
        raise Http404
    return HttpResponse(svg, content_type="image/svg+xml")
