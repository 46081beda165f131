"""Participation strategies and reminder experiments. The participation page itself (funnel, rates, reasons,
the logit model and the reasons survey) is tilik/surveys/views/participation.py: it reads survey answers."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tilik.core.audit import audit_export
from tilik.core.form_errors import add_errors
from tilik.core.permissions import evaluator_required
from tilik.programs import exports, selectors_strategies
from tilik.programs.forms import ExperimentForm, InterventionForm
from tilik.programs.models import ReminderExperiment
from tilik.programs.services_participation import intervention_create, reminder_experiment_create

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
