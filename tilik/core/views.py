"""Home page (Beranda): the year's programmes, enrolments and headline counts."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tilik.programs import selectors as program_selectors


def _year_from(request: HttpRequest, years: list[int]) -> int | None:
    raw = request.GET.get("tahun", "")
    if raw.isdigit() and int(raw) in years:
        return int(raw)
    return years[0] if years else None


@login_required
def home(request: HttpRequest) -> HttpResponse:
    years = program_selectors.program_years()
    year = _year_from(request, years)
    context = {
        "years": years,
        "year": year,
        "headline": program_selectors.year_headline(year, jp_target=settings.TILIK_JP_TARGET)
        if year
        else None,
        "programs": program_selectors.programs_for_year(year) if year else [],
        "jp_target": settings.TILIK_JP_TARGET,
    }
    return render(request, "core/home.html", context)
