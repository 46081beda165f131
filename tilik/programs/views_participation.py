"""Participation: funnel, rates with CIs by group, reasons, the logit model; strategies and experiments."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tilik.core.audit import audit_export
from tilik.core.permissions import evaluator_required
from tilik.programs import exports, selectors_strategies
from tilik.programs import selectors_participation as sp
from tilik.programs.charts import participation_trend_chart
from tilik.programs.forms import ExperimentForm, InterventionForm
from tilik.programs.models import ReminderExperiment
from tilik.programs.selectors import program_years
from tilik.programs.services_participation import intervention_create, reminder_experiment_create
from tilik.programs.views_common import add_errors, pick_year, scope, scoped_readers_required

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


ALL_YEARS = "semua"


@scoped_readers_required
def participation(request: HttpRequest) -> HttpResponse:
    years = program_years()
    all_years = request.GET.get("tahun") == ALL_YEARS and bool(years)
    year = None if all_years else pick_year(request, years)
    dimension = request.GET.get("dimensi", "opd")
    dimension = dimension if dimension in sp.DIMENSIONS else "opd"
    units, min_cell = scope(request)
    context: dict[str, Any] = {
        "years": years,
        "year": year,
        "all_years": all_years,
        "all_years_value": ALL_YEARS,
        "dimension": dimension,
        "dimensions": sp.DIMENSIONS,
        "dimension_label": sp.DIMENSIONS[dimension],
        "scoped": units is not None,
        "min_cell": min_cell,
    }
    if year or all_years:
        pooled = sp.participation_frame(None, units=units)
        frame = sp.of_year(pooled, year)
        yearly = sp.yearly_rates(pooled, min_cell=min_cell)
        context.update(
            {
                "funnel": sp.funnel(year, units=units),
                "n_decided": len(frame),
                "rates": sp.group_rates(frame, dimension, min_cell=min_cell),
                "reasons": sp.reasons(year, units=units, min_cell=min_cell),
                "yearly": yearly,
                "trend": sp.yearly_group_rates(pooled, dimension, min_cell=min_cell),
                "trend_chart": participation_trend_chart(yearly),
            }
        )
        if units is None:
            try:
                context["logit"] = sp.participation_logit(frame) if len(frame) else None
            except ValueError as exc:
                context["logit_error"] = str(exc)
            context["texts"] = sp.reason_texts(year)
            # Survey answers: published batches with counts below k suppressed, for every role (docs/keamanan.md).
            context["survey"] = _survey_reasons(year)
    return render(request, "programs/participation.html", context)


@evaluator_required
@require_http_methods(["GET", "POST"])
def strategies(request: HttpRequest) -> HttpResponse:
    which = request.POST.get("form") if request.method == "POST" else None
    iform = InterventionForm(request.POST if which == "intervention" else None, prefix="i")
    eform = ExperimentForm(request.POST if which == "experiment" else None, prefix="e")
    if which == "intervention" and iform.is_valid():
        try:
            intervention_create(by=request.user, **iform.cleaned_data)
        except ValidationError as exc:
            add_errors(iform, exc)
        else:
            messages.success(request, _("Strategi partisipasi tercatat."))
            return redirect("programs:strategies")
    if which == "experiment" and eform.is_valid():
        data = eform.cleaned_data
        try:
            experiment = reminder_experiment_create(
                offering=data["offering"],
                arms=data["arms"],
                seed=data["seed"],
                name=data["name"],
                by=request.user,
            )
        except ValidationError as exc:
            add_errors(eform, exc)
        else:
            messages.success(
                request, _("Undangan diacak ke kelompok pengingat (seed %(s)s).") % {"s": experiment.seed}
            )
            return redirect("programs:experiment", pk=experiment.pk)
    return render(
        request,
        "programs/strategies.html",
        {
            "iform": iform,
            "eform": eform,
            "interventions": selectors_strategies.interventions()[:100],
            "experiments": selectors_strategies.experiments(),
        },
    )


@evaluator_required
def experiment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    experiment = get_object_or_404(ReminderExperiment.objects.select_related("offering__program"), pk=pk)
    return render(
        request,
        "programs/experiment_detail.html",
        {
            "experiment": experiment,
            "arms": selectors_strategies.experiment_results(experiment),
        },
    )


@evaluator_required
def experiment_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """Invitee x assigned reminder strategy as CSV or XLSX (personal data: the export is audited)."""
    if fmt not in exports.FORMATS:
        raise Http404
    experiment = get_object_or_404(ReminderExperiment, pk=pk)
    content, rows = exports.assignments_file(experiment, fmt)
    audit_export(actor=request.user, what=f"programs.experiment_assignments:{experiment.pk}", rows=rows, fmt=fmt)
    types = {"csv": "text/csv; charset=utf-8", "xlsx": XLSX}
    response = HttpResponse(content, content_type=types[fmt])
    response["Content-Disposition"] = f'attachment; filename="kelompok-pengingat-{experiment.pk}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response


def _survey_reasons(year: int | None) -> list[tuple[str, int | None]]:
    from django.apps import apps

    if not apps.is_installed("tilik.surveys"):
        return []
    from tilik.surveys.models import Wave
    from tilik.surveys.published import choice_counts

    waves = Wave.objects.filter(version__questions__code="ALASAN_UTAMA").distinct()
    if year is not None:
        waves = waves.filter(program__fiscal_year=year)
    counts = choice_counts(waves, question_code="ALASAN_UTAMA")
    return sorted(counts.items(), key=lambda kv: (kv[1] is None, -(kv[1] or 0), kv[0]))
