"""The evaluator's unit and ASN pages: lists with filters, sorting, paging and XLSX; edits through services.

Evaluators see every unit and ASN; a pimpinan unit sees and edits only the ASN whose current unit is in
their subtree (anything else is 404) and reads, but does not change, the unit tree.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms.models import model_to_dict
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from tilik.core import listing
from tilik.core.audit import audit_view
from tilik.core.form_errors import add_errors
from tilik.core.listing import Column
from tilik.core.models import Role
from tilik.core.permissions import EVALUATORS, evaluator_required, role_required
from tilik.core.roles import is_evaluator
from tilik.org.filters import EmployeeFilter, UnitFilter
from tilik.org.forms import DeactivateForm, EmployeeForm, TransferForm, UnitForm
from tilik.org.models import Employee, Unit
from tilik.org.scope import visible_units
from tilik.org.selectors_manage import employee_history, employees_in_scope, units_listed
from tilik.org.services import employee_create, employee_transfer, employee_update, unit_create, unit_update
from tilik.org.services_status import employee_deactivate, employee_reactivate

managers_required = role_required(*EVALUATORS, Role.UNIT_HEAD)



def _employees(request: HttpRequest) -> QuerySet[Employee]:
    return employees_in_scope(None if is_evaluator(request.user) else visible_units(request.user))


def _employee_or_404(request: HttpRequest, pk: int) -> Employee:
    """The ASN if their current unit is in the user's scope (evaluators: any ASN); otherwise 404."""
    return get_object_or_404(_employees(request), pk=pk)


def _date(value: Any) -> str:
    return value.isoformat() if value else ""


EMPLOYEE_COLUMNS = (
    Column(gettext_lazy("Nama"), "name", lambda e: e.name),
    Column("NIP", "nip", lambda e: e.nip),
    Column(gettext_lazy("Jenis ASN"), None, lambda e: e.employment_type, css="hide-sm"),
    Column(gettext_lazy("Golongan"), "golongan", lambda e: e.golongan, css="hide-sm"),
    Column(gettext_lazy("Jabatan"), None, lambda e: e.position_title or e.get_jabatan_category_display(),
           css="hide-sm"),
    Column(gettext_lazy("Unit"), "unit", lambda e: e.unit_name or ""),
    Column(gettext_lazy("Status"), None, lambda e: str(_("Aktif") if e.active else _("Tidak aktif"))),
)
EMPLOYEE_EXTRA_EXPORT = (
    Column(gettext_lazy("Kategori jabatan"), None, lambda e: e.get_jabatan_category_display()),
    Column(gettext_lazy("Pendidikan"), None, lambda e: e.get_education_display()),
    Column(gettext_lazy("Tanggal lahir"), None, lambda e: _date(e.birth_date)),
    Column(gettext_lazy("Jenis kelamin"), None, lambda e: e.sex),
    Column(gettext_lazy("Surel"), None, lambda e: e.email),
)


@managers_required
def employee_list(request: HttpRequest) -> HttpResponse:
    units = visible_units(request.user)
    filterset = EmployeeFilter(request.GET or None, queryset=_employees(request), units=units)
    rows = filterset.qs
    if listing.wants_export(request):
        return listing.xlsx_response(request, filename="asn", sheet="ASN", rows=rows,
                                     columns=EMPLOYEE_COLUMNS + EMPLOYEE_EXTRA_EXPORT, what="org.employees")
    context = listing.page_context(request, rows, EMPLOYEE_COLUMNS)
    audit_view(request, what="org.employees", rows=len(context["page"]))  # names and NIPs
    return render(request, "org/employee_list.html", {"filter": filterset, **context, "may_create": True})


@managers_required
def employee_detail(request: HttpRequest, pk: int) -> HttpResponse:
    employee = _employee_or_404(request, pk)
    audit_view(request, what="org.employee", target=employee)
    return render(request, "org/employee_detail.html", {
        "employee": employee, "history": employee_history(employee),
    })


@managers_required
@require_http_methods(["GET", "POST"])
def employee_create_view(request: HttpRequest) -> HttpResponse:
    form = EmployeeForm(request.POST or None, units=visible_units(request.user).filter(active=True))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        unit, start = data.pop("unit"), data.pop("start_date")
        try:
            employee = employee_create(by=request.user, unit=unit, start_date=start, **data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Data ASN %(name)s tersimpan.") % {"name": employee.name})
            return redirect("org:employee", pk=employee.pk)
    return render(request, "org/employee_form.html", {"form": form, "employee": None})


@managers_required
@require_http_methods(["GET", "POST"])
def employee_edit(request: HttpRequest, pk: int) -> HttpResponse:
    employee = _employee_or_404(request, pk)
    initial = model_to_dict(employee, fields=EmployeeForm().fields.keys())
    form = EmployeeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changed = {k: form.cleaned_data[k] for k in form.changed_data}
        if not changed.get("sex"):
            changed.pop("sex", None)
        try:
            employee_update(employee=employee, by=request.user, **changed)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Perubahan data ASN tersimpan."))
            return redirect("org:employee", pk=employee.pk)
    return render(request, "org/employee_form.html", {"form": form, "employee": employee})


@managers_required
@require_http_methods(["GET", "POST"])
def employee_transfer_view(request: HttpRequest, pk: int) -> HttpResponse:
    employee = _employee_or_404(request, pk)
    if not employee.active:
        raise Http404
    form = TransferForm(request.POST or None, units=visible_units(request.user).filter(active=True))
    if request.method == "POST" and form.is_valid():
        try:
            employee_transfer(employee=employee, unit=form.cleaned_data["unit"], on=form.cleaned_data["on"],
                              by=request.user)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Mutasi tercatat; riwayat unit lama tetap tersimpan."))
            return redirect("org:employee", pk=employee.pk)
    return render(request, "org/employee_action.html", {
        "form": form, "employee": employee, "title": _("Mutasi ke unit lain"), "button": _("Simpan mutasi"),
    })


@managers_required
@require_http_methods(["GET", "POST"])
def employee_deactivate_view(request: HttpRequest, pk: int) -> HttpResponse:
    employee = _employee_or_404(request, pk)
    form = DeactivateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            employee_deactivate(employee=employee, on=form.cleaned_data["on"], reason=form.cleaned_data["reason"],
                                by=request.user)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("%(name)s ditandai tidak aktif; riwayatnya tetap tersimpan.")
                             % {"name": employee.name})
            return redirect("org:employee", pk=employee.pk)
    return render(request, "org/employee_action.html", {
        "form": form, "employee": employee, "title": _("Tandai tidak aktif"), "button": _("Tandai tidak aktif"),
        "note": _("Data tidak dihapus: keikutsertaan, JP dan riwayat unit tetap ada untuk evaluasi."),
    })


@evaluator_required
@require_http_methods(["GET", "POST"])
def employee_reactivate_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Only evaluators: an inactive ASN has no current unit, so no pimpinan unit holds them in scope."""
    employee = get_object_or_404(Employee, pk=pk)
    form = TransferForm(request.POST or None, units=Unit.objects.filter(active=True))
    if request.method == "POST" and form.is_valid():
        try:
            employee_reactivate(employee=employee, unit=form.cleaned_data["unit"], on=form.cleaned_data["on"],
                                by=request.user)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("%(name)s aktif kembali.") % {"name": employee.name})
            return redirect("org:employee", pk=employee.pk)
    return render(request, "org/employee_action.html", {
        "form": form, "employee": employee, "title": _("Aktifkan kembali"), "button": _("Aktifkan kembali"),
    })


UNIT_COLUMNS = (
    Column(gettext_lazy("Nama"), "name", lambda u: u.name),
    Column(gettext_lazy("Kode"), None, lambda u: u.code, css="hide-sm"),
    Column(gettext_lazy("Jenis"), "unit_type", lambda u: u.get_unit_type_display()),
    Column(gettext_lazy("Unit induk"), None, lambda u: u.parent.name if u.parent else "", css="hide-sm"),
    Column(gettext_lazy("ASN"), "n_staff", lambda u: u.n_staff, css="n"),
    Column(gettext_lazy("Status"), None, lambda u: str(_("Aktif") if u.active else _("Tidak aktif"))),
)


@managers_required
def unit_list(request: HttpRequest) -> HttpResponse:
    filterset = UnitFilter(request.GET or None, queryset=units_listed(visible_units(request.user)))
    rows = filterset.qs
    if listing.wants_export(request):
        return listing.xlsx_response(request, filename="unit-kerja", sheet="Unit", rows=rows,
                                     columns=UNIT_COLUMNS, what="org.units")
    return render(request, "org/unit_list.html", {
        "filter": filterset,
        "page": listing.paginate(request, rows, per_page=100),
        "headers": listing.headers(request, UNIT_COLUMNS),
        "query": listing.page_query(request),
        "may_edit": is_evaluator(request.user),
        "extra_th": _("Aksi") if is_evaluator(request.user) else "",
    })


@evaluator_required
@require_http_methods(["GET", "POST"])
def unit_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    unit = get_object_or_404(Unit, pk=pk) if pk is not None else None
    parents = Unit.objects.all() if unit is None else Unit.objects.exclude(path__startswith=unit.path)
    initial = model_to_dict(unit) if unit is not None else {"parent": request.GET.get("induk")}
    form = UnitForm(request.POST or None, initial=initial, parents=parents)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        parent = data.pop("parent")
        try:
            if unit is None:
                unit = unit_create(by=request.user, parent=parent, **data)
            else:
                unit = unit_update(unit=unit, by=request.user, parent=parent, **data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Unit %(name)s tersimpan.") % {"name": unit.name})
            return redirect("org:units")
    return render(request, "org/unit_form.html", {"form": form, "unit": unit})
