from typing import Any

from django import forms
from django.contrib import admin

from tilik.reports.docx_policy import check_template
from tilik.reports.models import ReportEdit, ReportTemplate
from tilik.reports.services import report_template_upload


class ReportTemplateForm(forms.ModelForm):
    class Meta:
        model = ReportTemplate
        fields = ["name", "file", "active"]

    def clean_file(self) -> Any:
        # The template policy answers as a form error, on upload and on replacing the file of a stored one.
        file = self.cleaned_data["file"]
        if file and "file" in self.changed_data:
            check_template(file)
        return file


@admin.register(ReportTemplate)
class ReportTemplateAdmin(admin.ModelAdmin):
    form = ReportTemplateForm
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
