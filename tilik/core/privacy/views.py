"""“Data saya” (an ASN's own data, its download and processing log; correction and restriction requests)
and the evaluators' queue of correction requests and processing restrictions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from tilik.core.audit import audit_export
from tilik.core.models import CorrectionRequest
from tilik.core.models_privacy import ProcessingRestriction
from tilik.core.permissions import evaluator_required, own_employee
from tilik.core.privacy import subject_data
from tilik.core.privacy.corrections import (
    correction_request_create,
    correction_request_resolve,
    open_correction_requests,
)
from tilik.core.privacy.restriction import active_restrictions, restriction_lift, restriction_request


class CorrectionForm(forms.Form):
    field = forms.CharField(label=gettext_lazy("Data yang salah (mis. nama, jabatan, golongan)"), max_length=120)
    current_value = forms.CharField(label=gettext_lazy("Tertulis sekarang"), max_length=500, required=False)
    requested_value = forms.CharField(label=gettext_lazy("Seharusnya"), max_length=500)
    reason = forms.CharField(label=gettext_lazy("Keterangan"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class RestrictionForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Alasan pembatasan (mis. data sedang dikoreksi, saya keberatan)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class ResolveForm(forms.Form):
    decision = forms.ChoiceField(choices=[("terima", "terima"), ("tolak", "tolak")])
    note = forms.CharField(max_length=2000, required=False)


def _employee_or_404(request: HttpRequest) -> Any:
    employee = own_employee(request.user)
    if employee is None:
        raise Http404(_("Akun ini tidak terhubung ke data pegawai."))
    return employee


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def my_data(request: HttpRequest) -> HttpResponse:
    employee = _employee_or_404(request)
    restricting = request.POST.get("action") == "restrict"
    form = CorrectionForm(request.POST if request.method == "POST" and not restricting else None)
    restrict_form = RestrictionForm(request.POST if restricting else None)
    if restricting and restrict_form.is_valid():
        try:
            restriction_request(employee=employee, by=request.user, reason=restrict_form.cleaned_data["reason"])
        except ValidationError as exc:
            restrict_form.add_error(None, exc.messages)
        else:
            messages.success(
                request,
                _("Pemrosesan data Anda dibatasi mulai sekarang. BKPSDM meninjaunya dalam 3 × 24 jam."),
            )
            return redirect("my_data")
    if request.method == "POST" and not restricting and form.is_valid():
        try:
            correction_request_create(employee=employee, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Permohonan koreksi terkirim. BKPSDM menjawab dalam 3 × 24 jam."))
            return redirect("my_data")
    data = subject_data.collect_subject_data(employee=employee, user=request.user)
    context = {
        "employee": employee,
        "sections": [(label, len(rows)) for label, rows in data.sections.items()],
        "log": data.log[-50:][::-1],
        "n_log": len(data.log),
        "form": form,
        "requests": employee.correction_requests.all()[:20],
        "restrict_form": restrict_form,
        "restrictions": employee.processing_restrictions.all()[:20],
    }
    return render(request, "core/privacy/my_data.html", context)


@never_cache
@login_required
def my_data_download(request: HttpRequest, fmt: str) -> HttpResponse:
    employee = _employee_or_404(request)
    if fmt not in ("json", "xlsx"):
        raise Http404
    data = subject_data.collect_subject_data(employee=employee, user=request.user)
    if fmt == "json":
        body, content_type = subject_data.to_json(data), "application/json; charset=utf-8"
    else:
        body = subject_data.to_xlsx(data)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    audit_export(actor=request.user, what="core.subject_data:self", rows=data.rows, fmt=fmt)
    response = HttpResponse(body, content_type=content_type)
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="data-saya-{stamp}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response


@evaluator_required
def correction_queue(request: HttpRequest) -> HttpResponse:
    recent = CorrectionRequest.objects.exclude(status=CorrectionRequest.Status.OPEN).select_related("employee")
    return render(
        request,
        "core/privacy/correction_queue.html",
        {
            "open": open_correction_requests()[:200],
            "recent": recent[:50],
            "restrictions": active_restrictions()[:200],
        },
    )


@evaluator_required
@require_POST
def correction_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    correction = get_object_or_404(CorrectionRequest, pk=pk)
    form = ResolveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Keputusan tidak sah."))
        return redirect("correction_queue")
    try:
        correction_request_resolve(
            request=correction,
            by=request.user,
            accepted=form.cleaned_data["decision"] == "terima",
            note=form.cleaned_data["note"],
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Permohonan koreksi diselesaikan."))
    return redirect("correction_queue")


@evaluator_required
@require_POST
def restriction_lift_view(request: HttpRequest, pk: int) -> HttpResponse:
    restriction = get_object_or_404(ProcessingRestriction, pk=pk)
    try:
        restriction_lift(restriction=restriction, by=request.user, note=request.POST.get("note", "")[:2000])
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Pembatasan pemrosesan dicabut."))
    return redirect("correction_queue")
