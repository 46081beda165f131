"""One programme's budget page (/program/anggaran/<pk>/, programs:budget_detail): costs by category, unit
costs, participants' time, the Phillips ROI from its primary estimate, and the benefit assumptions form.

Here, above tilik.programs, because the ROI reads evaluation results; wired in tilik/urls.py.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tilik.core.form_errors import add_errors
from tilik.core.roles import is_evaluator
from tilik.evaluations import selectors_budget
from tilik.programs.forms import BenefitAssumptionForm
from tilik.programs.models import Program
from tilik.programs.roi_text import roi_lines
from tilik.programs.services_budget import ASSUMPTION_FIELDS, benefit_assumption_save
from tilik.programs.views_common import readers_required


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
