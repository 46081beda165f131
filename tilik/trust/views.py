"""Public image and trust pages: indices per service unit, and the evaluator's context entry (SPI, ZI)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tilik.core.models import Role
from tilik.core.permissions import READERS, evaluator_required, role_required
from tilik.core.roles import role_of
from tilik.org.models import Unit
from tilik.org.scope import visible_units
from tilik.performance.importing.reader import FileRefused, read_table
from tilik.trust import selectors
from tilik.trust.catalogue import LABELS, SCORING_NOTE, SHORT, TRUST_INDICES, ZI_INDICES
from tilik.trust.charts import trend_charts
from tilik.trust.forms import ContextFileForm, SPIForm, ZIForm
from tilik.trust.services import IMPORT_COLUMNS, context_import, spi_score_set, zi_status_set

MAX_UPLOAD = 2 * 1024 * 1024


def _scope(request: HttpRequest) -> object | None:
    return None if role_of(request.user) in READERS else visible_units(request.user)


@role_required(*READERS, Role.UNIT_HEAD)
def overview(request: HttpRequest) -> HttpResponse:
    units = selectors.units_with_public_surveys(_scope(request))
    rows = selectors.latest_overview(units)
    return render(
        request,
        "trust/overview.html",
        {
            "rows": rows,
            "columns": ("ipkp", "ipak", "kepercayaan"),
            "labels": SHORT,
            "note": SCORING_NOTE,
            "k": _k(),
            "reader": role_of(request.user) in READERS,
            "evaluator": role_of(request.user) in (Role.ADMIN, Role.EVALUATOR),
        },
    )


def _k() -> int:
    from tilik.surveys import published

    return published.k()


@role_required(*READERS, Role.UNIT_HEAD)
def unit_page(request: HttpRequest, pk: int) -> HttpResponse:
    scope = _scope(request)
    units = Unit.objects.all() if scope is None else scope
    unit = units.filter(pk=pk).first()  # type: ignore[attr-defined]
    if unit is None:
        raise Http404
    data = selectors.unit_trust(unit)
    groups = [
        (_("Zona Integritas (SPKP, SPAK)"), [(code, LABELS[code]) for code in ZI_INDICES]),
        (_("Kepercayaan publik (OECD)"), [(code, LABELS[code]) for code in TRUST_INDICES]),
    ]
    table = [
        (title, [(label, [data.estimates.get(code, {}).get(p) for p in data.periods]) for code, label in rows])
        for title, rows in groups
    ]
    return render(
        request,
        "trust/unit.html",
        {
            "data": data,
            "table": table,
            "ikm": [data.ikm.get(p) for p in data.periods],
            "charts": trend_charts(data),
            "note": SCORING_NOTE,
        },
    )


@evaluator_required
def context(request: HttpRequest) -> HttpResponse:
    spi_form, zi_form, file_form = SPIForm(prefix="spi"), ZIForm(prefix="zi"), ContextFileForm(prefix="berkas")
    errors: list[str] = []
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "spi":
                spi_form = SPIForm(request.POST, prefix="spi")
                if spi_form.is_valid():
                    d = spi_form.cleaned_data
                    spi_score_set(year=d["year"], score=d["score"], source=d["source"], by=request.user)
                    messages.success(request, _("Nilai SPI tersimpan."))
                    return redirect("trust:context")
            elif action == "zi":
                zi_form = ZIForm(request.POST, prefix="zi")
                if zi_form.is_valid():
                    d = zi_form.cleaned_data
                    zi_status_set(
                        unit=d["unit"], year=d["year"], status=d["status"], source=d["source"], by=request.user
                    )
                    messages.success(request, _("Status Zona Integritas tersimpan."))
                    return redirect("trust:context")
            elif action == "berkas":
                file_form = ContextFileForm(request.POST, request.FILES, prefix="berkas")
                if file_form.is_valid():
                    upload = file_form.cleaned_data["file"]
                    if upload.size > MAX_UPLOAD:
                        raise ValidationError(_("Berkas terlalu besar (maksimum 2 MB)."))
                    table = read_table(upload.read(), upload.name)
                    count = context_import(
                        headers=table.headers, rows=list(table.rows), by=request.user, filename=upload.name
                    )
                    messages.success(request, _("%(n)s baris konteks diimpor.") % {"n": count})
                    return redirect("trust:context")
        except FileRefused as exc:
            errors = [str(exc)]
        except ValidationError as exc:
            errors = list(exc.messages)
    return render(
        request,
        "trust/context.html",
        {
            "spi_form": spi_form,
            "zi_form": zi_form,
            "file_form": file_form,
            "errors": errors,
            "columns": IMPORT_COLUMNS,
            **selectors.context_lines(),
        },
    )


@role_required(*READERS)
def coverage_analysis(request: HttpRequest) -> HttpResponse:
    """Indices against the share of the units' staff trained in one programme (staggered DiD, event study)."""
    from tilik.trust.coverage import coverage_rows, coverage_table, limitations
    from tilik.trust.selectors_panel import DEFAULT_THRESHOLD, programme_names, relevant_programmes

    names = programme_names()
    relevant = relevant_programmes()
    chosen = request.GET.get("program", "") or (relevant[0] if relevant else "")
    try:
        threshold = float(request.GET.get("ambang", "").replace(",", ".") or DEFAULT_THRESHOLD * 100) / 100
    except ValueError:
        threshold = DEFAULT_THRESHOLD
    threshold = min(max(threshold, 0.01), 1.0)
    context: dict[str, object] = {"names": names, "chosen": chosen, "threshold_pct": round(threshold * 100)}
    if chosen in names:
        units = selectors.units_with_public_surveys()
        panel, rows = coverage_rows(chosen, units, threshold=threshold)
        labels, coverage = coverage_table(panel)
        context.update(
            {
                "computed": True,
                "rows": rows,
                "labels": labels,
                "coverage": coverage,
                "limitations": limitations(panel, threshold),
            }
        )
    return render(request, "trust/analysis.html", context)
