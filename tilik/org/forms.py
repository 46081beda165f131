"""Forms of the unit and ASN pages (parse only: the services validate NIP, golongan and dates)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _

from tilik.org.models import Employee, Unit

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
EMPLOYEE_FIELDS = ["nip", "name", "employment_type", "sex", "golongan", "jabatan_category", "jenjang",
                   "position_title", "education", "email", "phone"]
UNIT_FIELDS = ["name", "short_name", "code", "parent", "unit_type", "kecamatan", "serves_public", "active"]


class EmployeeForm(forms.Form):
    """An ASN record. Birth date, TMT and (for PNS) sex come from the NIP, so they are not asked."""

    def __init__(self, *args: Any, units: QuerySet[Unit] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(fields_for_model(Employee, fields=EMPLOYEE_FIELDS))
        # Longer than 18: a NIP pasted with spaces is accepted and cleaned, then checked by parse_nip.
        self.fields["nip"] = forms.CharField(
            label=_("NIP"), max_length=30,
            help_text=_("18 digit (spasi boleh). Tanggal lahir, TMT CPNS dan jenis kelamin PNS dibaca dari NIP."),
        )
        self.fields["sex"].required = False
        self.fields["sex"].help_text = _("Wajib untuk PPPK; untuk PNS boleh kosong (dibaca dari NIP).")
        if units is not None:  # a new record also gets its first unit
            self.fields["unit"] = forms.ModelChoiceField(label=_("Unit kerja"), queryset=units)
            self.fields["start_date"] = forms.DateField(label=_("Mulai di unit ini"), widget=DATE)

    def clean_nip(self) -> str:
        return "".join(str(self.cleaned_data["nip"]).split())


class TransferForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit baru"), queryset=Unit.objects.none())
    on = forms.DateField(label=_("Mulai di unit baru"), widget=DATE)

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class DeactivateForm(forms.Form):
    on = forms.DateField(label=_("Tanggal terakhir bertugas"), widget=DATE)
    reason = forms.CharField(label=_("Alasan"), max_length=200,
                             help_text=_("Mis. pensiun, pindah ke luar Pemda, diberhentikan."))


class UnitForm(forms.Form):
    def __init__(self, *args: Any, parents: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(fields_for_model(Unit, fields=UNIT_FIELDS))
        self.fields["parent"].queryset = parents  # type: ignore[attr-defined]
        self.fields["code"].help_text = _("Huruf kecil, angka dan tanda hubung, mis. dinkes atau pkm-denbar-1.")
