"""The attendance grid of an angkatan: tick who was present at each session, or upload the same grid as XLSX.

Evaluators only, like the other angkatan pages. Both ways write through services_attendance
(all or nothing); the grid downloads with listing.xlsx_response (audited export).
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from tilik.core import listing
from tilik.core.audit import audit_view
from tilik.core.permissions import evaluator_required
from tilik.programs import selectors_manage as sel
from tilik.programs.attendance_fill import fill_present
from tilik.programs.attendance_xlsx import attendance_import, grid_columns
from tilik.programs.choices import AbsenceReason, DayAbsenceReason, EnrollmentStatus
from tilik.programs.selectors_attendance import attendance_grid
from tilik.programs.services_attendance import AttendanceRefused, AttendanceRow, attendance_record


class AttendanceUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Berkas kehadiran (.xlsx)"),
                           help_text=gettext_lazy("Unduh daftar hadir di halaman ini, isi, lalu unggah kembali."))


def _posted_rows(request: HttpRequest, grid_days: list[dt.date], ids: list[int]) -> list[AttendanceRow]:
    """The grid as posted: per participant h_<pk> (days present), r_/t_<pk> (whole no-show reason, note),
    and per day a_<pk>_<date> / n_<pk>_<date> (that day's absence reason and note; blank reason = none)."""
    days = {d.isoformat(): d for d in grid_days}
    rows = []
    for pk in ids:
        present = frozenset(days[v] for v in request.POST.getlist(f"h_{pk}") if v in days)
        absences = {}
        for iso, day in days.items():
            reason = request.POST.get(f"a_{pk}_{iso}", "").strip()
            note = request.POST.get(f"n_{pk}_{iso}", "").strip()
            if reason or note:
                absences[day] = (reason, note)
        rows.append(AttendanceRow(pk, present, request.POST.get(f"r_{pk}", "").strip(),
                                  request.POST.get(f"t_{pk}", "").strip(), absences))
    return rows


def _fill(request: HttpRequest, rows: list[AttendanceRow], grid_days: list[dt.date], absent_ids: set[int]) -> \
        list[AttendanceRow] | None:
    """The grid after a "Semua hadir" button (a day's or a participant's), with a message; None if none was pressed."""
    days = {d.isoformat(): d for d in grid_days}
    day_value, who_value = request.POST.get("semua_hadir_hari"), request.POST.get("semua_hadir_peserta")
    if day_value is None and who_value is None:
        return None
    if day_value is not None:
        if day_value not in days:
            messages.error(request, _("Tanggal %(d)s bukan tanggal sesi angkatan ini.") % {"d": day_value})
            return rows
        filled = fill_present(rows, days=grid_days, absent_ids=absent_ids, day=days[day_value])
        what = date_format(days[day_value], "j F Y")
    else:
        by_pk = {str(r.enrollment_id): r for r in rows}
        if who_value not in by_pk:
            messages.error(request, _("Peserta itu tidak ada di daftar hadir ini."))
            return rows
        filled = fill_present(rows, days=grid_days, absent_ids=absent_ids, enrollment_id=by_pk[who_value].enrollment_id)
        what = ""
    text = (_("%(n)s sel ditandai hadir pada %(d)s.") % {"n": filled.marked, "d": what} if what
            else _("%(n)s sel peserta ini ditandai hadir.") % {"n": filled.marked})
    if filled.kept:
        text += " " + _("%(k)s sel dengan ketidakhadiran tercatat tidak diubah.") % {"k": filled.kept}
    messages.info(request, text + " " + _("Belum disimpan: periksa, lalu klik “Simpan kehadiran”."))
    return filled.rows


@evaluator_required
@require_http_methods(["GET", "POST"])
def offering_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    offering = get_object_or_404(sel.offerings_listed(), pk=pk)
    grid = attendance_grid(offering)
    if listing.wants_export(request):
        return listing.xlsx_response(request, filename=f"kehadiran-{offering.program.slug}-{offering.batch}",
                                     sheet="Kehadiran", rows=grid.rows, columns=grid_columns(grid),
                                     what=f"programs.attendance:offering={offering.pk}")
    row_errors: dict[int, list[str]] = {}
    posted: dict[int, AttendanceRow] = {}
    if request.method == "POST":
        rows = _posted_rows(request, grid.days, [r.enrollment.pk for r in grid.rows])
        absent_ids = {r.enrollment.pk for r in grid.rows if r.enrollment.status == EnrollmentStatus.NO_SHOW}
        filled = _fill(request, rows, grid.days, absent_ids)
        posted = {r.enrollment_id: r for r in (filled if filled is not None else rows)}
        if filled is None:  # "Simpan kehadiran"; a "Semua hadir" button only shows the grid filled, unsaved
            try:
                result = attendance_record(offering=offering, rows=rows, by=request.user)
            except AttendanceRefused as exc:
                row_errors = exc.by_row
                messages.error(request, _("Belum ada yang disimpan: perbaiki baris yang ditandai."))
            else:
                messages.success(request, _("Kehadiran %(n)s peserta pada %(s)s sesi tersimpan.")
                                 % {"n": result.rows, "s": result.sessions})
                return redirect("programs:offering_attendance", pk=offering.pk)
    audit_view(request, what="programs.attendance", target=offering)
    n_days = len(grid.days) or 1
    lines = []
    for row in grid.rows:
        mine = posted.get(row.enrollment.pk)
        present = mine.present if mine else row.present
        absences = mine.absences if mine else row.absences
        reason = mine.reason_code if mine else (row.enrollment.reason_code if not row.present else "")
        note = mine.reason_text if mine else (row.enrollment.reason_text if not row.present else "")
        lines.append({"e": row.enrollment, "cells": [(d, d in present, *absences.get(d, ("", ""))) for d in grid.days],
                       "reason": reason,
                      "note": note, "pct": round(len(row.present) * 100 / n_days, 1) if grid.stored else None,
                      "errors": row_errors.get(row.enrollment.pk, [])})
    return render(request, "programs/manage/attendance.html", {
        "offering": offering, "grid": grid, "lines": lines, "reasons": AbsenceReason.choices,
        "day_reasons": DayAbsenceReason.choices,
        "upload": AttendanceUploadForm(), "no_show": EnrollmentStatus.NO_SHOW,
        "fill_day_msg": _("%(n)s sel ditandai hadir pada %(d)s."),
        "fill_row_msg": _("%(n)s sel peserta ini ditandai hadir."),
        "fill_kept_msg": _("%(k)s sel dengan ketidakhadiran tercatat tidak diubah."),
        "fill_unsaved_msg": _("Belum disimpan: periksa, lalu klik “Simpan kehadiran”."),
    })


@evaluator_required
@require_POST
def offering_attendance_import(request: HttpRequest, pk: int) -> HttpResponse:
    offering = get_object_or_404(sel.offerings_listed(), pk=pk)
    form = AttendanceUploadForm(request.POST, request.FILES)
    errors: list[str] = []
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = attendance_import(offering=offering, grid=attendance_grid(offering), content=upload.read(),
                                       by=request.user)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, _("Kehadiran %(n)s peserta pada %(s)s sesi diimpor.")
                             % {"n": result.rows, "s": result.sessions})
            return redirect("programs:offering_attendance", pk=offering.pk)
    return render(request, "programs/manage/attendance_import.html",
                  {"offering": offering, "form": form, "errors": errors}, status=400)
