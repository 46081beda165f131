"""Budget pages: absorption per programme-year and the realisation import. A programme's costs and ROI page
reads evaluation results: tilik/evaluations/views_budget.py."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tilik.core.permissions import evaluator_required
from tilik.core.roles import is_evaluator
from tilik.programs import selectors_budget
from tilik.programs.forms import BudgetImportForm
from tilik.programs.services_budget import (
    budget_realisation_import,
)
from tilik.programs.views_common import pick_year, readers_required


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
