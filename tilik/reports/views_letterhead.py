"""Laporan → Kop dan pengesahan: the evaluator sets the letterhead and the signing official of every report."""

from __future__ import annotations

import base64

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tilik.core.permissions import evaluator_required
from tilik.reports.forms import LetterheadForm
from tilik.reports.models import Letterhead
from tilik.reports.services_letterhead import LETTERHEAD_FIELDS, letterhead_save

KOP_FIELDS = ("pemda", "instansi", "address", "phone", "email", "website", "logo_upload", "remove_logo")
SIGN_FIELDS = ("number", "place", "signed_on", "signer_name", "signer_nip", "signer_position", "signer_rank")


def _logo_uri(row: Letterhead | None) -> str:
    """The stored logo inline (media files are never served directly)."""
    if row is None or not row.logo:
        return ""
    try:
        with row.logo.open("rb") as fh:
            data = fh.read()
    except OSError:
        return ""
    mime = "image/png" if data.startswith(b"\x89PNG") else "image/jpeg"
    return f"data:{mime};base64," + base64.b64encode(data).decode("ascii")


@evaluator_required
@require_http_methods(["GET", "POST"])
def letterhead_edit(request: HttpRequest) -> HttpResponse:
    row = Letterhead.objects.first()
    form = LetterheadForm(request.POST or None, request.FILES or None, instance=row)
    if request.method == "POST" and form.is_valid():
        letterhead_save(
            by=request.user,
            values={name: form.cleaned_data[name] for name in LETTERHEAD_FIELDS},
            logo=form.cleaned_data.get("logo_upload") or None,
            remove_logo=form.cleaned_data.get("remove_logo", False),
        )
        messages.success(request, _("Kop surat dan pengesahan tersimpan; laporan berikutnya memakainya."))
        return redirect("reports:letterhead")
    return render(
        request,
        "reports/letterhead_edit.html",
        {
            "form": form,
            "row": row,
            "logo": _logo_uri(row),
            "kop_fields": [form[n] for n in KOP_FIELDS],
            "sign_fields": [form[n] for n in SIGN_FIELDS],
        },
    )
