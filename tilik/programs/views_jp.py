"""The 20 JP right: compliance by unit, ASN under target, certificate verification and the ASN's own page."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tilik.core.audit import audit_view
from tilik.core.form_errors import add_errors
from tilik.core.permissions import evaluator_required, own_employee
from tilik.core.roles import is_evaluator
from tilik.core.security.files import serve_private_file
from tilik.programs import selectors_jp
from tilik.programs.forms import CertificateEditForm, CertificateReviewForm, CertificateUploadForm
from tilik.programs.models import Certificate
from tilik.programs.services_certificates import (
    certificate_delete,
    certificate_reject,
    certificate_update,
    certificate_upload,
    certificate_verify,
    may_change_certificate,
)
from tilik.programs.views_common import pick_year, scope, scoped_readers_required


@scoped_readers_required
def jp_overview(request: HttpRequest) -> HttpResponse:
    years = selectors_jp.jp_years() or [timezone.localdate().year]
    year = pick_year(request, years) or years[0]
    units, min_cell = scope(request)
    data = selectors_jp.jp_overview(year, target=settings.TILIK_JP_TARGET, units=units, min_cell=min_cell)
    audit_view(request, what=f"programs.jp:year={year}", rows=len(data.under))  # names and NIPs
    return render(
        request,
        "programs/jp_overview.html",
        {
            "years": years,
            "year": year,
            "d": data,
            "under": data.under[:200],
            "n_under": len(data.under),
            "pending": selectors_jp.pending_certificates().count() if is_evaluator(request.user) else None,
        },
    )


@evaluator_required
def certificate_queue(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "programs/certificate_queue.html",
        {
            "certificates": selectors_jp.pending_certificates()[:200],
            "form": CertificateReviewForm(),
        },
    )


@evaluator_required
@require_POST
def certificate_review(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = get_object_or_404(Certificate, pk=pk)
    form = CertificateReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Keputusan tidak sah."))
        return redirect("programs:certificates")
    try:
        if form.cleaned_data["decision"] == "verify":
            certificate_verify(certificate=certificate, by=request.user, note=form.cleaned_data["note"])
            messages.success(request, _("Sertifikat diverifikasi; JP masuk buku JP."))
        else:
            certificate_reject(certificate=certificate, by=request.user, note=form.cleaned_data["note"])
            messages.success(request, _("Sertifikat ditolak."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("programs:certificates")


@login_required
def certificate_file(request: HttpRequest, pk: int) -> FileResponse:
    """The stored file, only for its owner and evaluators; anyone else gets 404."""
    certificate = get_object_or_404(Certificate, pk=pk)
    mine = own_employee(request.user)
    allowed = is_evaluator(request.user) or (mine is not None and mine.pk == certificate.employee_id)
    return serve_private_file(
        certificate.file, allowed=allowed, filename=f"sertifikat-{certificate.pk}{_suffix(certificate)}",
        actor=request.user, what=f"programs.certificate:{certificate.pk}",
        content_type=certificate.content_type or None,
    )


def _suffix(certificate: Certificate) -> str:
    name = certificate.file.name
    return name[name.rfind(".") :] if "." in name else ""


@login_required
@require_http_methods(["GET", "POST"])
def my_jp(request: HttpRequest) -> HttpResponse:
    employee = own_employee(request.user)
    if employee is None:
        return render(request, "programs/my_jp.html", {"no_employee": True}, status=404)
    form = CertificateUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            certificate_upload(employee=employee, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Sertifikat terunggah dan menunggu verifikasi BKPSDM."))
            return redirect("programs:my_jp")
    years = selectors_jp.jp_years()
    today_year = timezone.localdate().year
    years = sorted(set(years) | {today_year}, reverse=True)
    year = pick_year(request, years) or today_year
    data = selectors_jp.own_jp(employee, year=year, target=settings.TILIK_JP_TARGET)
    return render(request, "programs/my_jp.html", {"d": data, "form": form, "years": years, "year": year})


def _changeable(request: HttpRequest, pk: int) -> tuple[Certificate, bool]:
    """(certificate, may change now): any certificate for an evaluator, otherwise only one's own (404)."""
    if is_evaluator(request.user):
        certificate = get_object_or_404(Certificate.objects.select_related("employee"), pk=pk)
    else:
        mine = own_employee(request.user)
        if mine is None:
            raise Http404
        certificate = get_object_or_404(Certificate.objects.select_related("employee"), pk=pk, employee=mine)
    return certificate, may_change_certificate(certificate, request.user)


def _after_change(request: HttpRequest) -> HttpResponse:
    return redirect("programs:certificates" if is_evaluator(request.user) else "programs:my_jp")


@login_required
@require_http_methods(["GET", "POST"])
def certificate_edit(request: HttpRequest, pk: int) -> HttpResponse:
    certificate, allowed = _changeable(request, pk)
    context = {"certificate": certificate, "allowed": allowed}
    if not allowed:
        return render(request, "programs/certificate_edit.html", context, status=403)
    initial = {
        f: getattr(certificate, f) for f in ("title", "provider", "competency_type", "jp", "completed_on")
    }
    form = CertificateEditForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            certificate_update(certificate=certificate, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Sertifikat diperbarui."))
            return _after_change(request)
    return render(request, "programs/certificate_edit.html", {**context, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def certificate_remove(request: HttpRequest, pk: int) -> HttpResponse:
    certificate, allowed = _changeable(request, pk)
    context = {"certificate": certificate, "allowed": allowed, "delete": True}
    if not allowed:
        return render(request, "programs/certificate_edit.html", context, status=403)
    if request.method == "POST":
        certificate_delete(certificate=certificate, by=request.user)
        messages.success(request, _("Sertifikat dihapus."))
        return _after_change(request)
    return render(request, "programs/certificate_edit.html", context)
