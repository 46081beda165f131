from typing import Any

from django.contrib import admin

from tilik.reports.models import ReportEdit, ReportTemplate
from tilik.reports.services import report_template_upload


@admin.register(ReportTemplate)
class ReportTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "active", "uploaded_at", "uploaded_by"]
    readonly_fields = ["uploaded_at", "uploaded_by"]

    def save_model(self, request: Any, obj: ReportTemplate, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        saved = report_template_upload(name=obj.name, file=form.cleaned_data["file"], by=request.user)
        obj.pk = saved.pk


@admin.register(ReportEdit)
class ReportEditAdmin(admin.ModelAdmin):
    list_display = ["key", "updated_at", "updated_by"]
    readonly_fields = ["updated_at", "updated_by"]
