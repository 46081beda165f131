"""Admin for units and employees; saves go through the services so rules and audit apply."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from tilik.org import services
from tilik.org.models import Employee, Unit, UnitMembership
from tilik.org.nip import parse_nip


class UnitAdminForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["name", "short_name", "code", "parent", "unit_type", "kecamatan", "serves_public", "active"]

    def clean_parent(self) -> Unit | None:
        parent: Unit | None = self.cleaned_data.get("parent")
        unit = self.instance
        if parent is not None and unit.pk and (parent.pk == unit.pk or parent.path.startswith(unit.path)):
            raise ValidationError(_("Unit tidak boleh menjadi induk dari dirinya sendiri atau dari leluhurnya."))
        return parent


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    form = UnitAdminForm
    list_display = ["indented_name", "unit_type", "kecamatan", "serves_public", "active"]
    list_filter = ["unit_type", "kecamatan", "serves_public", "active"]
    search_fields = ["name", "short_name", "code"]
    autocomplete_fields = ["parent"]

    @admin.display(description=_("nama"), ordering="path")
    def indented_name(self, obj: Unit) -> str:
        return "— " * obj.depth + obj.name

    def save_model(self, request: HttpRequest, obj: Unit, form: Any, change: bool) -> None:
        data = {k: form.cleaned_data[k] for k in services.UNIT_FIELDS if k in form.cleaned_data}
        if change:
            fresh = Unit.objects.get(pk=obj.pk)
            services.unit_update(unit=fresh, by=request.user, parent=form.cleaned_data.get("parent"), **data)
        else:
            created = services.unit_create(by=request.user, parent=form.cleaned_data.get("parent"), **data)
            obj.pk, obj.path, obj.depth = created.pk, created.path, created.depth


class EmployeeAdminForm(forms.ModelForm):
    class Meta:
        model = Employee
        fields = ["nip", "name", "employment_type", "golongan", "jabatan_category", "jenjang", "position_title",
                  "education", "sex", "email", "phone", "active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sex"].required = False
        self.fields["sex"].help_text = _("Untuk PNS diisi otomatis dari digit ke-15 NIP.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        nip, kind = data.get("nip"), data.get("employment_type")
        if nip and kind:
            try:
                info = parse_nip(nip, employment_type=kind)
            except ValidationError as exc:
                self.add_error("nip", exc)
                return data
            data["nip"] = info.nip
            if info.sex:
                data["sex"] = info.sex
            elif not data.get("sex"):
                self.add_error("sex", _("Jenis kelamin wajib diisi untuk PPPK."))
        return data


class MembershipInline(admin.TabularInline):
    model = UnitMembership
    extra = 0
    autocomplete_fields = ["unit"]
    can_delete = False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # history is written by employee_transfer, not edited by hand

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Employee)
class EmployeeAdmin(admin.ModelAdmin):
    form = EmployeeAdminForm
    list_display = ["name", "nip", "employment_type", "golongan", "jabatan_category", "sex", "active"]
    list_filter = ["employment_type", "golongan", "jabatan_category", "education", "sex", "active"]
    search_fields = ["name", "nip", "position_title"]
    readonly_fields = ["birth_date", "tmt_cpns"]
    inlines = [MembershipInline]

    def save_model(self, request: HttpRequest, obj: Employee, form: Any, change: bool) -> None:
        data = dict(form.cleaned_data)
        if change:
            fresh = Employee.objects.get(pk=obj.pk)
            services.employee_update(employee=fresh, by=request.user, **data)
        else:
            created = services.employee_create(by=request.user, **data)
            obj.pk = created.pk


@admin.register(UnitMembership)
class UnitMembershipAdmin(admin.ModelAdmin):
    list_display = ["employee", "unit", "start_date", "end_date"]
    list_filter = ["unit__unit_type", "unit"]
    search_fields = ["employee__name", "employee__nip", "unit__name"]
    date_hierarchy = "start_date"

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
