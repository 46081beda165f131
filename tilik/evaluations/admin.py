"""Read-only admin: plans are made in the evaluation pages, runs by running them."""

from django.contrib import admin

from tilik.evaluations.models import EvaluationPlan, EvaluationRun
from tilik.performance.admin import ReadOnly


@admin.register(EvaluationPlan)
class EvaluationPlanAdmin(ReadOnly):
    list_display = ["name", "design", "frequency", "pre_start", "post_start"]


@admin.register(EvaluationRun)
class EvaluationRunAdmin(ReadOnly):
    list_display = ["plan", "indicator", "at", "estimate", "ci_low", "ci_high", "n", "analysis_version"]
