"""Forms of the import wizard."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from tilik.core.security.uploads import validate_upload
from tilik.performance.choices import ImportKind


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis data"), choices=ImportKind.choices)
    layout = forms.CharField(
        label=_("Tata letak sumber"),
        required=False,
        help_text=_("Kunci tata letak bawaan atau nama tata letak tersimpan."),
    )
    file = forms.FileField(label=_("Berkas (.csv atau .xlsx)"))
    mapping = forms.CharField(
        label=_("Pemetaan kolom (JSON, opsional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Kosongkan untuk memakai pemetaan tata letak yang dipilih."),
    )
    save_as = forms.CharField(label=_("Simpan pemetaan sebagai"), required=False, max_length=100)

    def clean_file(self) -> Any:
        # Type by content at upload, before the file is kept for the preview (issue 19).
        upload = self.cleaned_data["file"]
        validate_upload(upload, kinds=("csv", "txt", "xlsx"), max_bytes=settings.TILIK_IMPORT_MAX_BYTES)
        return upload

    def clean_mapping(self) -> dict[str, Any] | None:
        raw = self.cleaned_data.get("mapping", "").strip()
        if not raw:
            return None
        try:
            value = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(_("Pemetaan bukan JSON yang sah: %(e)s") % {"e": exc}) from exc
        if not isinstance(value, dict):
            raise forms.ValidationError(_('Pemetaan harus berupa objek JSON {"kolom": "judul"}.'))
        return value
