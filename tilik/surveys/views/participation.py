"""The participation page (/program/partisipasi/, name programs:participation): funnel, rates with CIs by
group, reasons, the logit model, and the answers to the reasons survey.

It lives in the surveys app because it reads survey answers (through the disclosure rule of
tilik.surveys.published); the programme figures come from tilik.programs.selectors_participation. Wired into
the programs namespace in tilik/urls.py.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tilik.programs import selectors_participation as sp
from tilik.programs.charts import participation_trend_chart
from tilik.programs.selectors import program_years
from tilik.programs.views_common import pick_year, scope, scoped_readers_required
from tilik.surveys import published

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
            context["survey"] = published.reason_counts(year)
    return render(request, "programs/participation.html", context)
