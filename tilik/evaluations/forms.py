"""Evaluation plan form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tilik.evaluations.models import MATCH_CHOICES, EvaluationPlan
from tilik.performance.models import Indicator
from tilik.programs.models import Program

PRIMARY_HELP = _("Satu-satunya indikator yang menentukan keputusan program; indikator lain hanya dilaporkan.")


class PlanForm(forms.ModelForm):
    programs = forms.ModelMultipleChoiceField(label=_("Program"), queryset=Program.objects.all())
    indicators = forms.ModelMultipleChoiceField(label=_("Indikator hasil"), queryset=Indicator.objects.all())
    primary_indicator = forms.ModelChoiceField(
        label=_("Indikator utama"),
        queryset=Indicator.objects.all(),
        required=False,
        help_text=PRIMARY_HELP,
    )
    match_on = forms.MultipleChoiceField(
        label=_("Cocokkan pada"), choices=MATCH_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = EvaluationPlan
        fields = [
            "name",
            "programs",
            "indicators",
            "primary_indicator",
            "min_meaningful_effect",
            "design",
            "frequency",
            "pre_start",
            "pre_end",
            "post_start",
            "post_end",
            "unit_treated_from",
            "match_on",
            "leads",
            "lags",
            "notes",
        ]
        widgets = {
            f: forms.DateInput(attrs={"type": "date"}) for f in ("pre_start", "pre_end", "post_start", "post_end")
        }

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        primary, chosen = data.get("primary_indicator"), data.get("indicators")
        if primary is not None and chosen is not None and primary not in chosen:
            self.add_error("primary_indicator", _("Indikator utama harus salah satu indikator hasil rencana ini."))
        return data


class DecisionForm(forms.ModelForm):
    """The plan's decision settings (docs/panduan-laporan.md): its primary indicator and minimum meaningful effect."""

    class Meta:
        model = EvaluationPlan
        fields = ["primary_indicator", "min_meaningful_effect"]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["primary_indicator"]
        field.queryset = self.instance.indicators.all()  # type: ignore[attr-defined]
        field.help_text = PRIMARY_HELP
