"""The JP ledger for evaluators: every credited activity (filters, sort, paging, XLSX), and the form that
records an ASN's external training or certificate (services_jp_ledger). Certificates uploaded by ASN are
verified on the existing queue (programs:certificates), linked from here. A pimpinan unit reads the entries
of the ASN currently in their unit or its sub-units, without the recording and correction links."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
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
from tilik.org.models import Employee
from tilik.programs.choices_participation import CertificateStatus
from tilik.programs.filters_jp_ledger import JPLedgerFilter
from tilik.programs.forms import DATE, CertificateEditForm
from tilik.programs.models import Certificate, JPEntry
from tilik.programs.selectors_jp_list import ledger_entries
from tilik.programs.services_jp_ledger import jp_entry_correct, jp_external_record
from tilik.programs.views_common import scope

COLUMNS = (
    Column(gettext_lazy("Nama"), "nama", lambda j: j.employee.name),
    Column("NIP", None, lambda j: j.employee.nip),
    Column(gettext_lazy("Tahun"), "tahun", lambda j: j.year, css="n"),
    Column("JP", "jp", lambda j: float(j.jp), css="n"),
    Column(gettext_lazy("Sumber"), None, lambda j: j.get_source_display()),
    Column(gettext_lazy("Uraian"), None, lambda j: j.description, css="hide-sm"),
    Column(gettext_lazy("Tanggal selesai"), "tanggal", lambda j: j.completed_on.isoformat()),
)


class ExternalTrainingForm(CertificateEditForm):
    """An ASN's external training: the certificate file is optional (a provider's list may be all there is)."""

    nip = forms.CharField(label="NIP", max_length=18, min_length=18,
                          help_text=gettext_lazy("18 digit, tanpa spasi."))
    file = forms.FileField(label=gettext_lazy("Berkas sertifikat (PDF, JPG atau PNG), opsional"), required=False)
    field_order = ["nip", "title", "provider", "competency_type", "jp", "completed_on", "file"]

    def clean_nip(self) -> Employee:
        nip = self.cleaned_data["nip"].strip()
        employee = Employee.objects.filter(nip=nip).first()
        if employee is None:
            raise forms.ValidationError(_("Tidak ada ASN dengan NIP %(nip)s.") % {"nip": nip})
        return employee


@role_required(*EVALUATORS, Role.UNIT_HEAD)
def jp_ledger(request: HttpRequest) -> HttpResponse:
    units, _min_cell = scope(request)  # a pimpinan unit: the entries of the ASN now in their subtree
    filterset = JPLedgerFilter(request.GET or None, queryset=ledger_entries(units), units=units)
    rows = filterset.qs
    if listing.wants_export(request):
        return listing.xlsx_response(request, filename="buku-jp", sheet="Buku JP", rows=rows,
                                     columns=COLUMNS, what="programs.jp_ledger")
    context = listing.page_context(request, rows, COLUMNS)
    audit_view(request, what="programs.jp_ledger", rows=len(context["page"]))  # names and NIPs
    return render(request, "programs/manage/jp_ledger.html", {
        "filter": filterset, **context, "can_edit": units is None,
        "pending": Certificate.objects.filter(status=CertificateStatus.PENDING).count() if units is None else 0,
    })


@evaluator_required
@require_http_methods(["GET", "POST"])
def jp_external_create(request: HttpRequest) -> HttpResponse:
    form = ExternalTrainingForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data: dict[str, Any] = dict(form.cleaned_data)
        employee = data.pop("nip")
        try:
            entry = jp_external_record(employee=employee, by=request.user, **data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("%(jp)s JP dicatat di buku JP %(name)s (tahun %(year)s).")
                             % {"jp": entry.jp, "name": employee.name, "year": entry.year})
            return redirect("programs:jp_ledger")
    return render(request, "programs/manage/jp_external_form.html", {"form": form})


class JPCorrectForm(forms.Form):
    jp = forms.DecimalField(label="JP", max_digits=6, decimal_places=2)
    completed_on = forms.DateField(label=gettext_lazy("Tanggal selesai"), widget=DATE,
                                   help_text=gettext_lazy("Tahun buku JP mengikuti tanggal ini."))
    description = forms.CharField(label=gettext_lazy("Uraian"), max_length=255)
    reason = forms.CharField(label=gettext_lazy("Alasan koreksi"), max_length=300,
                             help_text=gettext_lazy("Wajib; tersimpan di riwayat koreksi dan log audit."))


@evaluator_required
@require_http_methods(["GET", "POST"])
def jp_entry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct one ledger entry with a reason; the page lists the entry's earlier corrections."""
    entry = get_object_or_404(JPEntry.objects.select_related("employee"), pk=pk)
    initial = {"jp": entry.jp, "completed_on": entry.completed_on, "description": entry.description}
    form = JPCorrectForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            jp_entry_correct(entry=entry, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Catatan JP %(name)s dikoreksi; nilai lama tersimpan di riwayat.")
                             % {"name": entry.employee.name})
            return redirect("programs:jp_entry_edit", pk=entry.pk)
    audit_view(request, what="programs.jp_entry", target=entry)
    return render(request, "programs/manage/jp_entry_form.html", {
        "form": form, "entry": entry, "corrections": entry.corrections.select_related("by").order_by("-at", "-pk"),
    })
