"""The form for importing a REFI-QDA project (.qdpx)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tilik.org.models import Unit
from tilik.programs.models import Program


class ProjectImportForm(forms.Form):
    name = forms.CharField(label=_("Nama buku kode baru"), max_length=200)
    program = forms.ModelChoiceField(label=_("Program"), queryset=Program.objects.all(), required=False)
    unit = forms.ModelChoiceField(
        label=_("Unit narasumber"),
        queryset=Unit.objects.all(),
        help_text=_("Wawancara baru dibuat untuk setiap sumber teks; ubah unit dan perannya sesudah impor."),
    )
    upload = forms.FileField(label=_("Proyek REFI-QDA (.qdpx)"))
    consent = forms.BooleanField(
        label=_("Persetujuan narasumber untuk semua transkrip di berkas ini sudah tercatat."),
        required=False,
    )
    accept_losses = forms.BooleanField(
        label=_("Impor sisanya: saya sudah membaca daftar yang tidak dapat diimpor."),
        required=False,
    )
