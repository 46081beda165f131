"""Evaluation plan form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tilik.evaluations.models import MATCH_CHOICES, EvaluationPlan
from tilik.performance.models import Indicator
from tilik.programs.models import Program


class PlanForm(forms.ModelForm):
    programs = forms.ModelMultipleChoiceField(label=_("Program"), queryset=Program.objects.all())
    indicators = forms.ModelMultipleChoiceField(label=_("Indikator hasil"), queryset=Indicator.objects.all())
    match_on = forms.MultipleChoiceField(
        label=_("Cocokkan pada"), choices=MATCH_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = EvaluationPlan
        fields = [
            "name",
            "programs",
            "indicators",
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
