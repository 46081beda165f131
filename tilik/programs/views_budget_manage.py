"""Budget lines for evaluators: the list of every line (filters, sort, paging, XLSX with the months) and
the form that records pagu and realisasi month by month (services_budget_lines writes, audited).
A pimpinan unit reads the list of the programmes their unit (or a sub-unit) organises, without edit links."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from tilik.core import listing
from tilik.core.form_errors import add_errors
from tilik.core.listing import Column
from tilik.core.models import Role
from tilik.core.permissions import EVALUATORS, evaluator_required, role_required
from tilik.programs.filters_budget import BudgetLineFilter
from tilik.programs.forms_budget_lines import MONTHS, BudgetLineForm
from tilik.programs.models import BudgetLine, Program
from tilik.programs.models_budget import BudgetMonth
from tilik.programs.services_budget_lines import budget_line_write
from tilik.programs.views_common import scope


def _pct(line: BudgetLine) -> float | None:
    return round(float(line.realisasi / line.pagu * 100), 1) if line.pagu else None


def _month(number: int):  # noqa: ANN202 - an export accessor
    return lambda line: next((float(m.realisasi) for m in line.months.all() if m.month == number), None)


LINE_COLUMNS = (
    Column(gettext_lazy("Program"), "program", lambda b: b.program.name),
    Column(gettext_lazy("Tahun"), "tahun", lambda b: b.fiscal_year, css="n"),
    Column(gettext_lazy("Kategori"), None, lambda b: b.get_category_display()),
    Column(gettext_lazy("Sumber dana"), None, lambda b: b.get_source_of_funds_display(), css="hide-sm"),
    Column(gettext_lazy("Pagu (Rp)"), "pagu", lambda b: float(b.pagu), css="n"),
    Column(gettext_lazy("Realisasi (Rp)"), "realisasi", lambda b: float(b.realisasi), css="n"),
    Column(gettext_lazy("Serapan (%)"), None, _pct, css="n"),
)
LINE_EXTRA_EXPORT = (
    Column(gettext_lazy("Melebihi pagu"), None, lambda b: _("ya") if b.over_pagu else _("tidak")),
    Column(gettext_lazy("OPD penyelenggara"), None, lambda b: b.program.organiser.name if b.program.organiser else ""),
    Column(gettext_lazy("Catatan"), None, lambda b: b.note),
    *(Column(name, None, _month(n)) for n, name in enumerate(MONTHS, start=1)),
)


def lines_listed():  # noqa: ANN201 - a queryset of BudgetLine
    return BudgetLine.objects.select_related("program", "program__organiser").prefetch_related(
        Prefetch("months", queryset=BudgetMonth.objects.order_by("month"))).order_by(
        "-fiscal_year", "program__name", "category")


@role_required(*EVALUATORS, Role.UNIT_HEAD)
def budget_lines(request: HttpRequest) -> HttpResponse:
    units, _min_cell = scope(request)  # a pimpinan unit: the lines of programmes organised in their subtree
    lines = lines_listed() if units is None else lines_listed().filter(program__organiser__in=units)
    filterset = BudgetLineFilter(request.GET or None, queryset=lines, units=units)
    rows = filterset.qs
    if listing.wants_export(request):
        return listing.xlsx_response(request, filename="baris-anggaran", sheet="Anggaran", rows=rows,
                                     columns=LINE_COLUMNS + LINE_EXTRA_EXPORT, what="programs.budget_lines")
    context = listing.page_context(request, rows, LINE_COLUMNS)
    for line in context["page"]:
        setattr(line, "absorption", _pct(line))  # noqa: B010 - annotated row
    return render(request, "programs/manage/budget_lines.html",
                  {"filter": filterset, **context, "can_edit": units is None, "units_scoped": units is not None})


@evaluator_required
@require_http_methods(["GET", "POST"])
def budget_line_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    line = get_object_or_404(BudgetLine.objects.select_related("program"), pk=pk) if pk is not None else None
    months: dict[int, Decimal] = {}
    initial = None
    if line is not None:
        months = {m.month: m.realisasi for m in line.months.all()}
    elif (program_pk := request.GET.get("program", "")).isdigit():
        program = Program.objects.filter(pk=int(program_pk)).first()
        if program is not None:
            initial = {"program": program, "fiscal_year": program.fiscal_year}
    # The form validates a copy: the service re-reads and changes the stored row.
    form = BudgetLineForm(request.POST or None, instance=BudgetLine.objects.get(pk=line.pk) if line else None,
                          initial=initial, months=months)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("fiscal_year", "category", "source_of_funds", "pagu", "note")}
        try:
            saved, warnings = budget_line_write(program=form.cleaned_data["program"], line=line, by=request.user,
                                                months=form.months(), **data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Baris anggaran %(line)s tersimpan.") % {"line": saved})
            for warning in warnings:
                messages.warning(request, warning)
            return redirect("programs:budget_lines")
    yearly_only = line is not None and not months and line.realisasi > 0
    return render(request, "programs/manage/budget_line_form.html",
                  {"form": form, "line": line, "yearly_only": yearly_only})
