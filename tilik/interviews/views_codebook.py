"""Codebooks: list, create (optionally from the starter themes), codes, import and export (.qdc, CSV)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tilik.core.audit import audit_export
from tilik.core.form_errors import add_errors
from tilik.core.permissions import evaluator_required
from tilik.interviews import exchange, selectors, services_codes
from tilik.interviews.exchange import services as exchange_services
from tilik.interviews.forms import CodebookForm, CodebookImportForm, CodeForm
from tilik.interviews.models import Code, Codebook


@evaluator_required
def codebook_list(request: HttpRequest) -> HttpResponse:
    return render(request, "interviews/codebook_list.html", {"codebooks": selectors.codebooks()})


@evaluator_required
@require_http_methods(["GET", "POST"])
def codebook_create(request: HttpRequest) -> HttpResponse:
    form = CodebookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codebook = services_codes.codebook_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Buku kode dibuat."))
            return redirect("interviews:codebook", pk=codebook.pk)
    return render(request, "interviews/codebook_form.html", {"form": form})


@evaluator_required
@require_http_methods(["GET", "POST"])
def codebook_import(request: HttpRequest) -> HttpResponse:
    form = CodebookImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            parsed = exchange.parse_codebook_upload(form.cleaned_data["upload"])
            codebook = exchange_services.codebook_import(
                by=request.user,
                name=form.cleaned_data["name"],
                program=form.cleaned_data["program"],
                parsed=parsed,
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request,
                _("Buku kode diimpor: %(n)d kode, %(s)d himpunan kode.")
                % {"n": codebook.codes.count(), "s": codebook.code_sets.count()},
            )
            for warning in parsed.warnings:  # what the file had that Tilik did not keep, and why
                messages.warning(request, warning)
            return redirect("interviews:codebook", pk=codebook.pk)
    return render(request, "interviews/codebook_import.html", {"form": form})


@evaluator_required
def codebook_detail(request: HttpRequest, pk: int) -> HttpResponse:
    codebook = get_object_or_404(Codebook.objects.select_related("program"), pk=pk)
    return render(
        request,
        "interviews/codebook_detail.html",
        {
            "codebook": codebook,
            "tree": selectors.code_tree(codebook),
            "form": CodeForm(codebook=codebook),
            "coders": selectors.coders(codebook),
        },
    )


@evaluator_required
@require_http_methods(["GET", "POST"])
def codebook_delete(request: HttpRequest, pk: int) -> HttpResponse:
    codebook = get_object_or_404(Codebook, pk=pk)
    if request.method == "POST":
        services_codes.codebook_delete(codebook=codebook, by=request.user)
        messages.success(request, _("Buku kode dihapus."))
        return redirect("interviews:codebooks")
    return render(
        request,
        "interviews/codebook_delete.html",
        {"codebook": codebook, "n_segments": codebook.segments.count()},
    )


@evaluator_required
def codebook_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    codebook = get_object_or_404(Codebook, pk=pk)
    name = slugify(codebook.name) or "buku-kode"
    if fmt == "qdc":
        body, content_type = exchange.export_qdc(codebook), "application/xml; charset=utf-8"
    elif fmt == "csv":
        body, content_type = exchange.export_csv(codebook), "text/csv; charset=utf-8"
    elif fmt == "qdpx":  # the whole project: transcripts (personal data) and coded segments
        body, n_segments = exchange.export_qdpx(codebook)
        content_type = "application/zip"
    else:
        raise Http404
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    if fmt == "qdpx":
        audit_export(actor=request.user, what=f"interviews.project:{codebook.pk}", rows=n_segments, fmt=fmt)
    else:
        audit_export(
            actor=request.user, what=f"interviews.codebook:{codebook.pk}", rows=codebook.codes.count(), fmt=fmt
        )
    return response


@evaluator_required
@require_http_methods(["POST"])
def code_create(request: HttpRequest, pk: int) -> HttpResponse:
    codebook = get_object_or_404(Codebook, pk=pk)
    form = CodeForm(request.POST, codebook=codebook)
    if form.is_valid():
        try:
            services_codes.code_create(by=request.user, codebook=codebook, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Kode ditambahkan."))
            return redirect("interviews:codebook", pk=codebook.pk)
    return render(
        request,
        "interviews/codebook_detail.html",
        {
            "codebook": codebook,
            "tree": selectors.code_tree(codebook),
            "form": form,
            "coders": selectors.coders(codebook),
        },
    )


@evaluator_required
@require_http_methods(["GET", "POST"])
def code_edit(request: HttpRequest, pk: int) -> HttpResponse:
    code = get_object_or_404(Code.objects.select_related("codebook"), pk=pk)
    initial = {
        "name": code.name,
        "parent": code.parent,
        "description": code.description,
        "color": code.color,
        "keywords": code.keywords,
    }
    form = CodeForm(request.POST or None, codebook=code.codebook, exclude=code, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        parent = data.pop("parent")
        try:
            services_codes.code_update(code=code, by=request.user, parent=parent, **data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Kode diperbarui."))
            return redirect("interviews:codebook", pk=code.codebook_id)
    return render(request, "interviews/code_form.html", {"form": form, "code": code})


@evaluator_required
@require_http_methods(["GET", "POST"])
def code_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Deleting a code that segments use needs an explicit confirmation (and is audited)."""
    code = get_object_or_404(Code.objects.select_related("codebook"), pk=pk)
    usage = selectors.code_usage(code)
    if request.method == "POST":
        try:
            result = services_codes.code_delete(
                code=code, by=request.user, confirmed=request.POST.get("konfirmasi") == "ya"
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("Kode dihapus; %(n)d segmen ikut terhapus karena tidak punya kode lain.")
                % {"n": result["segments_deleted"]},
            )
            return redirect("interviews:codebook", pk=code.codebook_id)
    return render(request, "interviews/code_delete.html", {"code": code, "usage": usage})
