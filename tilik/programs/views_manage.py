"""The evaluator's programme, angkatan and enrolment pages: lists with filters, paging, sorting and XLSX;
forms that write through services. Evaluators only: BKPSDM runs the programmes; pimpinan read the
results of their own staff in the reports.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from tilik.core import listing
from tilik.core.audit import audit_view
from tilik.core.form_errors import add_errors
from tilik.core.listing import Column
from tilik.core.permissions import evaluator_required
from tilik.org.filters import EmployeeFilter
from tilik.org.models import Employee
from tilik.org.scope import visible_units
from tilik.org.selectors_manage import employees_in_scope
from tilik.programs import selectors_manage as sel
from tilik.programs.filters import OfferingFilter, ProgramFilter
from tilik.programs.forms_manage import CancelForm, EnrollForm, MoveForm, OfferingForm, ProgramForm, StatusGridForm
from tilik.programs.models import Enrollment, Offering, Program
from tilik.programs.selectors_attendance import absence_summary, day_absences
from tilik.programs.services import enrollment_create, enrollment_set_status, offering_create, program_create
from tilik.programs.services_manage import (
    CANCEL_TO,
    MOVABLE,
    enrollment_cancel,
    enrollment_move,
    offering_update,
    program_update,
)

STATUS_LABEL = dict(sel.STATUS_CHOICES)


def _status(start: Any, end: Any) -> str:
    return str(STATUS_LABEL[sel.status_of(start, end, timezone.localdate())])


def _d(value: Any) -> str:
    return value.isoformat() if value else ""


PROGRAM_COLUMNS = (
    Column(gettext_lazy("Program"), "name", lambda p: p.name),
    Column(gettext_lazy("Tahun"), "tahun", lambda p: p.fiscal_year, css="n"),
    Column(gettext_lazy("OPD penyelenggara"), None, lambda p: p.organiser.name if p.organiser else "", css="hide-sm"),
    Column(gettext_lazy("Kompetensi"), None, lambda p: p.get_competency_type_display(), css="hide-sm"),
    Column("JP", "jp", lambda p: p.jp, css="n"),
    Column(gettext_lazy("Angkatan"), "angkatan", lambda p: p.n_offerings, css="n"),
    Column(gettext_lazy("Peserta"), "peserta", lambda p: p.n_enrolled, css="n"),
    Column(gettext_lazy("Status"), None, lambda p: _status(p.first_start, p.last_end)),
)
PROGRAM_EXTRA_EXPORT = (
    Column(gettext_lazy("Kode"), None, lambda p: p.slug),
    Column(gettext_lazy("Metode"), None, lambda p: p.get_method_display()),
    Column(gettext_lazy("Penyelenggara"), None, lambda p: p.provider),
    Column(gettext_lazy("Sasaran peserta"), None, lambda p: p.target_group),
    Column(gettext_lazy("Tujuan"), None, lambda p: p.objective),
)


@evaluator_required
def program_list(request: HttpRequest) -> HttpResponse:
    filterset = ProgramFilter(request.GET or None, queryset=sel.programs_listed())
    rows = filterset.qs
    if listing.wants_export(request):
        return listing.xlsx_response(request, filename="program", sheet="Program", rows=rows,
                                     columns=PROGRAM_COLUMNS + PROGRAM_EXTRA_EXPORT, what="programs.programs")
    context = listing.page_context(request, rows, PROGRAM_COLUMNS)
    for p in context["page"]:
        setattr(p, "status_label", _status(p.first_start, p.last_end))  # noqa: B010 - annotated row
    return render(request, "programs/manage/program_list.html", {"filter": filterset, **context})


@evaluator_required
def program_detail(request: HttpRequest, pk: int) -> HttpResponse:
    program = get_object_or_404(Program.objects.select_related("organiser"), pk=pk)
    offerings = list(sel.offerings_listed().filter(program=program).order_by("batch"))
    for o in offerings:
        setattr(o, "status_label", _status(o.start_date, o.end_date))  # noqa: B010 - annotated row
    return render(request, "programs/manage/program_detail.html", {
        "program": program, "offerings": offerings, "plans": sel.plans_of(program),
        "budget": sel.budget_totals(program),
    })


@evaluator_required
@require_http_methods(["GET", "POST"])
def program_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    program = get_object_or_404(Program, pk=pk) if pk is not None else None
    # The form validates a copy: the service re-reads and changes the stored row.
    form = ProgramForm(request.POST or None, instance=Program.objects.get(pk=program.pk) if program else None,
                       initial=None if program else {"fiscal_year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ProgramForm.Meta.fields}
        try:
            if program is None:
                program = program_create(by=request.user, **data)
            else:
                program = program_update(program=program, by=request.user, **data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Program %(name)s tersimpan.") % {"name": program.name})
            return redirect("programs:program", pk=program.pk)
    return render(request, "programs/manage/program_form.html", {"form": form, "program": program})


OFFERING_COLUMNS = (
    Column(gettext_lazy("Program"), "program", lambda o: o.program.name),
    Column(gettext_lazy("Angkatan"), "angkatan", lambda o: o.batch, css="n"),
    Column(gettext_lazy("Mulai"), "mulai", lambda o: _d(o.start_date)),
    Column(gettext_lazy("Selesai"), None, lambda o: _d(o.end_date), css="hide-sm"),
    Column(gettext_lazy("Tempat"), None, lambda o: o.place, css="hide-sm"),
    Column(gettext_lazy("Moda"), None, lambda o: o.get_mode_display(), css="hide-sm"),
    Column(gettext_lazy("Terisi"), "terisi", lambda o: o.n_seats, css="n"),
    Column(gettext_lazy("Kapasitas"), "kapasitas", lambda o: o.capacity, css="n"),
    Column(gettext_lazy("Status"), None, lambda o: _status(o.start_date, o.end_date)),
)
OFFERING_EXTRA_EXPORT = (
    Column(gettext_lazy("Tahun anggaran"), None, lambda o: o.program.fiscal_year),
    Column(gettext_lazy("Diundang"), None, lambda o: o.n_invited),
    Column(gettext_lazy("Semua peserta"), None, lambda o: o.n_total),
    Column(gettext_lazy("Fasilitator"), None, lambda o: o.facilitators),
)


@evaluator_required
def offering_list(request: HttpRequest) -> HttpResponse:
    filterset = OfferingFilter(request.GET or None, queryset=sel.offerings_listed())
    rows = filterset.qs
    if listing.wants_export(request):
        return listing.xlsx_response(request, filename="angkatan", sheet="Angkatan", rows=rows,
                                     columns=OFFERING_COLUMNS + OFFERING_EXTRA_EXPORT, what="programs.offerings")
    context = listing.page_context(request, rows, OFFERING_COLUMNS)
    for o in context["page"]:
        setattr(o, "status_label", _status(o.start_date, o.end_date))  # noqa: B010 - annotated row
    return render(request, "programs/manage/offering_list.html", {"filter": filterset, **context})


@evaluator_required
@require_http_methods(["GET", "POST"])
def offering_edit(request: HttpRequest, pk: int | None = None, program_pk: int | None = None) -> HttpResponse:
    offering = get_object_or_404(Offering.objects.select_related("program"), pk=pk) if pk is not None else None
    program = offering.program if offering else get_object_or_404(Program, pk=program_pk)
    instance = Offering.objects.get(pk=offering.pk) if offering else Offering(program=program)
    initial = None if offering else {"batch": sel.next_batch(program)}
    form = OfferingForm(request.POST or None, instance=instance, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in OfferingForm.Meta.fields}
        try:
            if offering is None:
                offering = offering_create(program=program, by=request.user, **data)
            else:
                offering = offering_update(offering=offering, by=request.user, **data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Angkatan %(batch)s tersimpan.") % {"batch": offering.batch})
            return redirect("programs:offering", pk=offering.pk)
    return render(request, "programs/manage/offering_form.html",
                  {"form": form, "offering": offering, "program": program})


@evaluator_required
def offering_detail(request: HttpRequest, pk: int) -> HttpResponse:
    offering = get_object_or_404(sel.offerings_listed(), pk=pk)
    enrollments = sel.enrollments_of(offering)
    absences = day_absences(offering)
    if listing.wants_export(request):
        summary = absence_summary(absences)
        columns = (*ENROLLMENT_COLUMNS, Column(gettext_lazy("Tidak hadir per sesi (alasan)"), None,
                                               lambda e: summary.get(e.pk, "")))
        return listing.xlsx_response(request, filename=f"peserta-{offering.program.slug}-{offering.batch}",
                                     sheet="Peserta", rows=enrollments, columns=columns,
                                     what=f"programs.enrollments:offering={offering.pk}")
    audit_view(request, what="programs.offering", target=offering)  # participants' names and NIPs
    return render(request, "programs/manage/offering_detail.html", {
        "offering": offering, "enrollments": enrollments, "day_absences": absences,
        "status_label": _status(offering.start_date, offering.end_date),
        "movable": MOVABLE, "cancellable": set(CANCEL_TO),
    })


ENROLLMENT_COLUMNS = (
    Column(gettext_lazy("Nama"), None, lambda e: e.employee.name),
    Column("NIP", None, lambda e: e.employee.nip),
    Column(gettext_lazy("Status"), None, lambda e: e.get_status_display()),
    Column(gettext_lazy("Alasan"), None, lambda e: e.get_reason_code_display() if e.reason_code else ""),
    Column(gettext_lazy("Keterangan"), None, lambda e: e.reason_text),
    Column(gettext_lazy("Kehadiran (%)"), None, lambda e: float(e.attendance_pct) if e.attendance_pct is not None
           else None),
    Column(gettext_lazy("Tanggal perubahan status"), None, lambda e: _d(e.status_changed_on)),
)
CANDIDATE_COLUMNS = (
    Column(gettext_lazy("Nama"), "name"),
    Column("NIP", "nip"),
    Column(gettext_lazy("Golongan"), "golongan"),
    Column(gettext_lazy("Unit"), "unit"),
)


@evaluator_required
@require_http_methods(["GET", "POST"])
def enroll(request: HttpRequest, pk: int) -> HttpResponse:
    """Add ASN from a filtered list: tick the people on this page, choose invited or registered, save."""
    offering = get_object_or_404(sel.offerings_listed(), pk=pk)
    if request.method == "POST":
        posted = [int(v) for v in request.POST.getlist("employees") if v.isdigit()]
        form = EnrollForm(request.POST, candidates=posted)
        if form.is_valid():
            people = Employee.objects.filter(pk__in=form.cleaned_data["employees"]).order_by("name")
            added, problems = 0, []
            for person in people:
                try:
                    enrollment_create(offering=offering, employee=person, by=request.user,
                                      status=form.cleaned_data["status"])
                except ValidationError as exc:
                    problems.append(f"{person.name}: {' '.join(exc.messages)}")
                else:
                    added += 1
            if added:
                messages.success(request, _("%(n)s ASN ditambahkan ke angkatan ini.") % {"n": added})
            for problem in problems:
                messages.error(request, problem)
            return redirect(request.get_full_path())
        for error in form.errors.get("employees", []):
            messages.error(request, str(error))
    employees = employees_in_scope(None).filter(active=True)
    filterset = EmployeeFilter(request.GET or None, queryset=employees, units=visible_units(request.user))
    del filterset.filters["status"]  # only active ASN can be enrolled: the status filter would offer nothing
    page = listing.paginate(request, filterset.qs)
    audit_view(request, what="programs.enroll", target=offering, rows=len(page))
    enrolled = set(offering.enrollments.filter(employee_id__in=[e.pk for e in page])
                   .values_list("employee_id", flat=True))
    return render(request, "programs/manage/enroll.html", {
        "offering": offering, "filter": filterset, "page": page, "enrolled": enrolled,
        "headers": listing.headers(request, CANDIDATE_COLUMNS), "query": listing.page_query(request),
        "form": EnrollForm(candidates=[], auto_id="daftar_%s"),  # the filter form has its own id_status
    })


def _enrollment(pk: int) -> Enrollment:
    return get_object_or_404(Enrollment.objects.select_related("employee", "offering__program"), pk=pk)


@evaluator_required
@require_http_methods(["GET", "POST"])
def enrollment_move_view(request: HttpRequest, pk: int) -> HttpResponse:
    enrollment = _enrollment(pk)
    others = Offering.objects.filter(program=enrollment.offering.program).exclude(pk=enrollment.offering_id)
    form = MoveForm(request.POST or None, offerings=others.order_by("batch"))
    if request.method == "POST" and form.is_valid():
        try:
            enrollment_move(enrollment=enrollment, to=form.cleaned_data["to"], by=request.user)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("%(name)s dipindah ke angkatan %(batch)s.")
                             % {"name": enrollment.employee.name, "batch": form.cleaned_data["to"].batch})
            return redirect("programs:offering", pk=enrollment.offering_id)
    return render(request, "programs/manage/enrollment_action.html", {
        "form": form, "enrollment": enrollment, "title": _("Pindah angkatan"), "button": _("Pindahkan"),
    })


@evaluator_required
@require_http_methods(["GET", "POST"])
def enrollment_cancel_view(request: HttpRequest, pk: int) -> HttpResponse:
    enrollment = _enrollment(pk)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            enrollment_cancel(enrollment=enrollment, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Keikutsertaan %(name)s dibatalkan.") % {"name": enrollment.employee.name})
            return redirect("programs:offering", pk=enrollment.offering_id)
    return render(request, "programs/manage/enrollment_action.html", {
        "form": form, "enrollment": enrollment, "title": _("Batalkan keikutsertaan"), "button": _("Batalkan"),
        "note": _("Undangan menjadi “menolak”, pendaftaran menjadi “mengundurkan diri”; catatannya tetap ada."),
    })


@evaluator_required
@require_http_methods(["GET", "POST"])
def offering_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Record who registered, attended, completed or did not come (with the reason), all rows at once.

    All or nothing: if any row is refused (a move the lifecycle does not allow, an absence without
    a reason, a full class), nothing is saved and each refusal is shown on its row.
    """
    offering = get_object_or_404(sel.offerings_listed(), pk=pk)
    enrollments = list(sel.enrollments_of(offering))
    form = StatusGridForm(request.POST if request.method == "POST" else None, enrollments=enrollments)
    row_errors: dict[int, list[str]] = {}
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        with transaction.atomic():
            for enrollment, status, reason, pct in changes:
                try:
                    enrollment_set_status(enrollment=enrollment, status=status, by=request.user,
                                          reason_code=reason, attendance_pct=pct)
                except ValidationError as exc:
                    row_errors[enrollment.pk] = exc.messages
            if row_errors:
                transaction.set_rollback(True)
        if not changes:
            form.add_error(None, _("Belum ada perubahan: pilih status baru pada baris yang ingin diubah."))
        elif not row_errors:
            messages.success(request, _("Status %(n)s peserta tersimpan.") % {"n": len(changes)})
            return redirect("programs:offering", pk=offering.pk)
        else:
            form.add_error(None, _("Belum ada yang disimpan: perbaiki baris yang ditandai."))
    audit_view(request, what="programs.offering_status", target=offering)
    return render(request, "programs/manage/offering_status.html", {
        "offering": offering, "form": form,
        "rows": [(*row, row_errors.get(row[0].pk, [])) for row in form.rows],
        "settled": [e for e in enrollments if e.pk not in {row[0].pk for row in form.rows}],
    })
