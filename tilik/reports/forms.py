"""Forms of the reports area: the kop surat and lembar pengesahan settings."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tilik.reports.models import Letterhead
from tilik.reports.services_letterhead import LETTERHEAD_FIELDS, logo_validate


class LetterheadForm(forms.ModelForm):
    logo_upload = forms.FileField(
        label=_("Logo (PNG atau JPEG, paling besar 1 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
    remove_logo = forms.BooleanField(label=_("Hapus logo yang tersimpan"), required=False)

    class Meta:
        model = Letterhead
        fields = list(LETTERHEAD_FIELDS)  # one list: the service writes exactly what the form edits
        widgets = {"signed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {
            "number": _("Nomor surat pengesahan, mis. 000.9/123/BKPSDM"),
            "place": _("Tempat pada baris tanggal, mis. Denpasar"),
            "signed_on": _("Kosongkan untuk memakai tanggal pembuatan laporan"),
            "signer_nip": _("18 digit; spasi boleh (19700101 199503 1 001)"),
            "signer_rank": _("mis. Pembina Utama Muda (IV/c)"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("pemda", "instansi", "address", "website", "signer_name", "signer_position", "signer_rank"):
            self.fields[name].widget.attrs.setdefault("size", "70")

    def clean_logo_upload(self) -> Any:
        upload = self.cleaned_data.get("logo_upload")
        if upload:
            logo_validate(upload)
        return upload
