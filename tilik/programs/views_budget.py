"""Budget pages: absorption per programme-year, a programme's costs and ROI, the realisation import."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tilik.core.permissions import evaluator_required
from tilik.core.roles import is_evaluator
from tilik.programs import selectors_budget
from tilik.programs.forms import BenefitAssumptionForm, BudgetImportForm
from tilik.programs.models import Program
from tilik.programs.roi_text import roi_lines
from tilik.programs.services_budget import (
    ASSUMPTION_FIELDS,
    benefit_assumption_save,
    budget_realisation_import,
)
from tilik.programs.views_common import add_errors, pick_year, readers_required


@readers_required
def budget_overview(request: HttpRequest) -> HttpResponse:
    years = selectors_budget.budget_years()
    year = pick_year(request, years)
    low = settings.TILIK_LOW_ABSORPTION_PCT
    rows = selectors_budget.budget_overview(year, low_pct=low) if year else []
    return render(
        request,
        "programs/budget_overview.html",
        {
            "years": years,
            "year": year,
            "rows": rows,
            "low_pct": low,
            "can_import": is_evaluator(request.user),
        },
    )


@readers_required
@require_http_methods(["GET", "POST"])
def budget_detail(request: HttpRequest, pk: int) -> HttpResponse:
    program = get_object_or_404(Program, pk=pk)
    data = selectors_budget.program_budget(program)
    initial = None
    if data.assumption:
        initial = {f: getattr(data.assumption, f) for f in ASSUMPTION_FIELDS}
        basis = data.assumption.hourly_cost_basis or {}
        if basis:  # derived from the pay table: leave the cost empty so a new golongan re-derives it
            initial["hourly_cost"] = None
        if basis.get("tunjangan_diisi"):
            initial["monthly_allowance"] = basis.get("tunjangan")
    form = BenefitAssumptionForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not is_evaluator(request.user):
            raise PermissionDenied
        if form.is_valid():
            try:
                benefit_assumption_save(program=program, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Asumsi manfaat tersimpan; ROI dihitung ulang."))
                return redirect("programs:budget_detail", pk=program.pk)
    return render(
        request,
        "programs/budget_detail.html",
        {
            "program": program,
            "b": data,
            "roi_lines": roi_lines(data),
            "form": form,
            "can_edit": is_evaluator(request.user),
        },
    )


@evaluator_required
@require_http_methods(["GET", "POST"])
def budget_import(request: HttpRequest) -> HttpResponse:
    form = BudgetImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = budget_realisation_import(content=upload.read(), filename=upload.name, by=request.user)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(
                request,
                _("%(n)s baris anggaran diimpor (%(c)s baru, %(u)s diperbarui).")
                % {"n": report.rows, "c": report.created, "u": report.updated},
            )
            for warning in report.warnings:
                messages.warning(request, warning)
            return redirect("programs:budget")
    return render(request, "programs/budget_import.html", {"form": form, "errors": errors})
