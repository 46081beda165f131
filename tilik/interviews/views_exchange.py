"""REFI-QDA project import: check the whole file, show what cannot come and why, then write all or nothing."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tilik.core.form_errors import add_errors
from tilik.core.permissions import evaluator_required
from tilik.interviews import exchange
from tilik.interviews.exchange import services as exchange_services
from tilik.interviews.forms_exchange import ProjectImportForm


@evaluator_required
@require_http_methods(["GET", "POST"])
def project_import(request: HttpRequest) -> HttpResponse:
    form = ProjectImportForm(request.POST or None, request.FILES or None)
    plan = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = exchange.read_qdpx(data["upload"])
            if plan.not_kept and not data["accept_losses"]:
                pass  # nothing written: the page lists what cannot come; the same file sent again goes on
            else:
                codebook = exchange_services.project_import(
                    by=request.user,
                    plan=plan,
                    name=data["name"],
                    unit=data["unit"],
                    program=data["program"],
                    consent_recorded=data["consent"],
                )
                messages.success(
                    request,
                    _("Proyek diimpor: %(codes)d kode, %(sources)d sumber, %(segments)d segmen berkode.")
                    % {
                        "codes": codebook.codes.count(),
                        "sources": len(plan.sources),
                        "segments": codebook.segments.count(),
                    },
                )
                for reason in plan.not_kept:
                    messages.warning(request, reason)
                for notice in plan.notices:
                    messages.info(request, notice)
                return redirect("interviews:codebook", pk=codebook.pk)
        except ValidationError as exc:
            add_errors(form, exc)
    return render(request, "interviews/project_import.html", {"form": form, "plan": plan})
