"""Laporan → Templat Word: the evaluator uploads the agency's restyled report template (checked by
docx_policy through services.report_template_upload) and chooses whether it is used — no Django admin."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from tilik.core.permissions import evaluator_required
from tilik.reports.models import ReportTemplate
from tilik.reports.services import report_template_set_active, report_template_upload


class TemplateUploadForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Nama templat"), max_length=200)
    file = forms.FileField(label=gettext_lazy("Berkas Word (.docx)"), validators=[FileExtensionValidator(["docx"])],
                           help_text=gettext_lazy("Ubah templat bawaan di Word (gaya, logo, kop, kaki halaman); "
                                                  "pertahankan penanda {{ … }} dan {{p … }}."))


@evaluator_required
@require_http_methods(["GET", "POST"])
def template_list(request: HttpRequest) -> HttpResponse:
    form = TemplateUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            report_template_upload(name=form.cleaned_data["name"], file=form.cleaned_data["file"], by=request.user)
        except ValidationError as exc:
            form.add_error("file", exc.messages)
        else:
            messages.success(request, _("Templat tersimpan dan dipakai untuk laporan berikutnya."))
            return redirect("reports:templates")
    templates = ReportTemplate.objects.select_related("uploaded_by").order_by("-uploaded_at", "-pk")
    in_use = next((t for t in templates if t.active), None)
    return render(request, "reports/templates.html", {"form": form, "templates": templates, "in_use": in_use})


@evaluator_required
@require_POST
def template_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    template = get_object_or_404(ReportTemplate, pk=pk)
    report_template_set_active(template=template, active=not template.active, by=request.user)
    messages.success(request, _("Templat “%(name)s” %(state)s.") % {
        "name": template.name, "state": _("dipakai lagi") if template.active else _("tidak dipakai lagi")})
    return redirect("reports:templates")
