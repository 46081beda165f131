"""Home page (Beranda): the year's dashboard for evaluators, pimpinan daerah and unit heads (issue 8).

Participants and accounts without a role see the year's programme list only. The dashboard itself is
gathered by tilik.reports.dashboard (the report's own sections); this view parses, authorises, renders.
Wired at "/" (name "home") in tilik/urls.py; its template is still core/home.html.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from tilik.core.models import Role
from tilik.core.roles import role_of
from tilik.programs import selectors as program_selectors
from tilik.reports.dashboard import dashboard, opd_choices
from tilik.reports.scope import openable_program_ids, scope_for

DASHBOARD_ROLES = (Role.ADMIN, Role.EVALUATOR, Role.REGIONAL_HEAD, Role.UNIT_HEAD)


def _year_from(request: HttpRequest, years: list[int]) -> int | None:
    raw = request.GET.get("tahun", "")
    if raw.isdigit() and int(raw) in years:
        return int(raw)
    return years[0] if years else None


def _pick(request: HttpRequest, name: str, options: list[Any]) -> Any:
    raw = request.GET.get(name, "")
    return next((o for o in options if str(o.pk) == raw), None)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    if role_of(request.user) == Role.CODER:  # a pengode's whole Tilik is their assigned interviews
        return redirect("interviews:list")
    years = sorted(set(program_selectors.program_years()), reverse=True)
    year = _year_from(request, years)
    programs = list(program_selectors.programs_for_year(year)) if year else []
    context: dict[str, Any] = {"years": years, "year": year, "programs": programs}
    if year and role_of(request.user) in DASHBOARD_ROLES:
        base = scope_for(request.user, year=year)
        opds = opd_choices(base.units)
        opd, program = _pick(request, "opd", opds), _pick(request, "program", programs)
        scope = scope_for(request.user, year=year, program=program, opd=opd)
        data = dashboard(scope)
        context.update(
            {
                "dash": data,
                "opds": opds,
                "opd": opd,
                "program": program,
                "scope": scope,
                "chart_svgs": data.charts,
                "openable": openable_program_ids(request.user, programs),  # rows that link to their page
            }
        )
    return render(request, "core/home.html", context)
