from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tilik.org.models import Unit
from tilik.trust.models import ZIStatus


class SPIForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun"), min_value=2016, max_value=2100)
    score = forms.DecimalField(
        label=_("Nilai SPI (0–100)"), min_value=0, max_value=100, decimal_places=2, localize=True
    )
    source = forms.CharField(label=_("Sumber"), max_length=200, required=False)


class ZIForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit pelayanan"), queryset=Unit.objects.filter(serves_public=True))
    year = forms.IntegerField(label=_("Tahun"), min_value=2010, max_value=2100)
    status = forms.ChoiceField(label=_("Status"), choices=ZIStatus.choices)
    source = forms.CharField(label=_("Sumber"), max_length=200, required=False)


class ContextFileForm(forms.Form):
    file = forms.FileField(label=_("Berkas CSV atau XLSX"))
