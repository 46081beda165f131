"""Evaluation plans, running them, and the result page with its charts."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tilik.core.audit import audit_export
from tilik.core.permissions import evaluator_required
from tilik.evaluations import charts, exports, reading, selectors
from tilik.evaluations import jobs as run_jobs
from tilik.evaluations.estimation import HAS_COMPARISON
from tilik.evaluations.forms import DecisionForm, PlanForm
from tilik.evaluations.models import EvaluationPlan, EvaluationRun
from tilik.evaluations.selectors_attribution import run_attribution
from tilik.evaluations.selectors_level3 import level3_for_plan
from tilik.evaluations.selectors_preview import comparison_preview
from tilik.evaluations.services import evaluation_plan_create, evaluation_plan_decision_set
from tilik.jobs.services import job_enqueue, job_similar_pending


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
    return render(request, "evaluations/plan_detail.html", {
        "plan": plan, "runs": selectors.runs_for(plan), "preview": comparison_preview(plan),
    })


@evaluator_required
@require_http_methods(["GET", "POST"])
def plan_decision(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit the plan's primary indicator and minimum meaningful effect (the decision table's inputs)."""
    plan = get_object_or_404(selectors.plans(), pk=pk)
    form = DecisionForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        try:
            evaluation_plan_decision_set(plan=plan, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            return redirect("evaluations:plan", pk=plan.pk)
    return render(request, "evaluations/plan_decision.html", {"form": form, "plan": plan})


@evaluator_required
@require_POST
def plan_run(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue the estimations (tilik/evaluations/jobs.py); the job page links to the result when done."""
    plan = get_object_or_404(EvaluationPlan, pk=pk)
    params = {"plan": plan.pk}
    job = job_similar_pending(owner=request.user, kind=run_jobs.KIND, params=params)
    if job is None:
        title = _("Evaluasi: %(name)s") % {"name": plan.name}
        job = job_enqueue(owner=request.user, kind=run_jobs.KIND, title=title, params=params)
    return redirect("jobs:detail", pk=job.pk)


@evaluator_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(EvaluationRun.objects.select_related("plan", "indicator"), pk=pk)
    checked = run_attribution(run, run.plan.programs.all())
    return render(
        request,
        "evaluations/run_detail.html",
        {
            "run": run,
            "attribution": checked,
            "reading": reading.headline(run) if checked.ok else "",
            "limitations": reading.limitations(run, checked) if checked.ok else "",
            "n_counts": reading.n_counts(run.design),
            "has_comparison": run.design in HAS_COMPARISON,
            "result": run.result,
            "naive": run.naive,
            "balance": run.result.get("balance", []),
            "event_study": run.result.get("event_study"),
            "level3": level3_for_plan(run.plan),
        },
    )


@evaluator_required
def run_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The estimate table and the series used, as CSV (``?bagian=deret`` for the series) or XLSX."""
    if fmt not in exports.FORMATS:
        raise Http404
    part = request.GET.get("bagian", "estimasi")
    if part not in exports.PARTS:
        raise Http404
    run = get_object_or_404(EvaluationRun.objects.select_related("plan", "indicator"), pk=pk)
    content, rows = exports.run_file(run, fmt, part)
    audit_export(
        actor=request.user, what=f"evaluations.run:{run.pk}:{part if fmt == 'csv' else 'semua'}", rows=rows, fmt=fmt
    )
    response = HttpResponse(content, content_type=exports.CONTENT_TYPES[fmt])
    name = f"evaluasi-{run.pk}" + (f"-{part}" if fmt == "csv" else "")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response


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
