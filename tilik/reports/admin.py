from typing import Any

from django import forms
from django.contrib import admin

from tilik.reports.models import ReportEdit, ReportTemplate
from tilik.reports.services import report_template_check, report_template_upload


class ReportTemplateForm(forms.ModelForm):
    class Meta:
        model = ReportTemplate
        fields = ["name", "file", "active"]

    def clean_file(self) -> Any:
        # The template policy answers as a form error, on upload and on replacing the file of a stored one.
        file = self.cleaned_data["file"]
        if file and "file" in self.changed_data:
            report_template_check(name=self.data.get("name", ""), file=file, by=getattr(self, "uploader", None))
        return file


@admin.register(ReportTemplate)
class ReportTemplateAdmin(admin.ModelAdmin):
    form = ReportTemplateForm
    list_display = ["name", "active", "uploaded_at", "uploaded_by"]
    readonly_fields = ["uploaded_at", "uploaded_by"]

    def get_form(self, request: Any, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        form.uploader = request.user  # type: ignore[attr-defined]  # a class per request: who a refusal is audited to
        return form

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
