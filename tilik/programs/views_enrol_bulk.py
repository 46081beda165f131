"""Add many ASN to an angkatan at once: an XLSX of NIPs, or a quota per unit (services_enrol_bulk)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tilik.core.permissions import evaluator_required
from tilik.org.models import Unit
from tilik.programs import selectors_manage as sel
from tilik.programs.choices import EnrollmentStatus
from tilik.programs.services_enrol_bulk import enrol_by_quota, enrol_from_nips

STATUSES = [(EnrollmentStatus.INVITED, EnrollmentStatus.INVITED.label),
            (EnrollmentStatus.REGISTERED, EnrollmentStatus.REGISTERED.label)]


@evaluator_required
@require_http_methods(["GET", "POST"])
def enroll_bulk(request: HttpRequest, pk: int) -> HttpResponse:
    offering = get_object_or_404(sel.offerings_listed(), pk=pk)
    units = list(Unit.objects.filter(active=True, depth__lte=1).order_by("path"))
    errors: list[str] = []
    action = request.POST.get("action", "")
    quotas_posted = {u.pk: request.POST.get(f"q_{u.pk}", "") for u in units}
    if request.method == "POST":
        status = request.POST.get("status", "")
        try:
            if status not in dict(STATUSES):
                raise ValidationError(_("Pilih status awal: diundang atau terdaftar."))
            if action == "nip":
                upload = request.FILES.get("file")
                if upload is None:
                    raise ValidationError(_("Pilih berkas XLSX berisi kolom NIP."))
                created = enrol_from_nips(offering=offering, content=upload.read(), status=status, by=request.user)
            else:
                quotas = {}
                for unit in units:
                    raw = quotas_posted[unit.pk].strip()
                    if raw and not raw.isdigit():
                        raise ValidationError(_("%(unit)s: kuota harus bilangan bulat 0 atau lebih.")
                                              % {"unit": unit.name})
                    if raw:
                        quotas[unit] = int(raw)
                created = enrol_by_quota(offering=offering, quotas=quotas, status=status, by=request.user)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, _("%(n)s ASN ditambahkan ke angkatan ini.") % {"n": len(created)})
            return redirect("programs:offering", pk=offering.pk)
    return render(request, "programs/manage/enroll_bulk.html", {
        "offering": offering, "units": [(u, quotas_posted[u.pk]) for u in units], "statuses": STATUSES,
        "errors": errors, "action": action, "status": request.POST.get("status", EnrollmentStatus.INVITED),
    }, status=400 if errors else 200)
