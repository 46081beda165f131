"""Admin for programmes, offerings, enrolments, the JP ledger and budget lines."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from tilik.programs import services
from tilik.programs.models import (
    BenefitAssumption,
    BudgetLine,
    Certificate,
    Enrollment,
    Intervention,
    JPEntry,
    Offering,
    Program,
    ReminderExperiment,
)


@admin.display(description=_("tahun"), ordering="fiscal_year")
def fiscal_year_plain(obj: Any) -> str:
    """Years without a thousands separator (2026, not 2.026)."""
    return str(obj.fiscal_year)


@admin.display(description=_("tahun"), ordering="year")
def year_plain(obj: Any) -> str:
    return str(obj.year)


class OfferingInline(admin.TabularInline):
    model = Offering
    extra = 0
    fields = ["batch", "start_date", "end_date", "place", "capacity"]
    show_change_link = True


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name", fiscal_year_plain, "competency_type", "method", "jp", "provider"]
    list_filter = ["fiscal_year", "competency_type", "method", "provider"]
    search_fields = ["name", "slug", "objective", "provider"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OfferingInline]


@admin.register(Offering)
class OfferingAdmin(admin.ModelAdmin):
    list_display = ["program", "batch", "start_date", "end_date", "place", "capacity"]
    list_filter = ["program__fiscal_year", "program"]
    search_fields = ["program__name", "place", "facilitators"]
    date_hierarchy = "start_date"
    autocomplete_fields = ["program"]


@admin.register(Enrollment)
class EnrollmentAdmin(admin.ModelAdmin):
    """Enrolments change status only through the lifecycle service (see the action)."""

    list_display = ["employee", "offering", "status", "reason_code", "attendance_pct"]
    list_filter = ["status", "reason_code", "offering__program__fiscal_year", "offering__program"]
    search_fields = ["employee__name", "employee__nip", "offering__program__name"]
    autocomplete_fields = ["employee", "offering"]
    readonly_fields = ["status", "status_changed_on"]
    actions = ["mark_registered", "mark_attended", "mark_completed"]

    def _move(self, request: HttpRequest, queryset: Any, status: str) -> None:
        from django.core.exceptions import ValidationError

        done, refused = 0, []
        for enrollment in queryset:
            try:
                services.enrollment_set_status(enrollment=enrollment, status=status, by=request.user)
                done += 1
            except ValidationError as exc:
                refused.append(f"{enrollment.employee.name}: {' '.join(exc.messages)}")
        if done:
            messages.success(request, _("%(n)s peserta diperbarui.") % {"n": done})
        for line in refused[:20]:
            messages.error(request, line)

    @admin.action(description=_("Tandai terdaftar"))
    def mark_registered(self, request: HttpRequest, queryset: Any) -> None:
        self._move(request, queryset, "registered")

    @admin.action(description=_("Tandai hadir"))
    def mark_attended(self, request: HttpRequest, queryset: Any) -> None:
        self._move(request, queryset, "attended")

    @admin.action(description=_("Tandai lulus/selesai (JP dikreditkan)"))
    def mark_completed(self, request: HttpRequest, queryset: Any) -> None:
        self._move(request, queryset, "completed")

    def save_model(self, request: HttpRequest, obj: Enrollment, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)  # notes and attendance only; status is read-only
            return
        created = services.enrollment_create(offering=obj.offering, employee=obj.employee, by=request.user)
        obj.pk = created.pk


@admin.register(JPEntry)
class JPEntryAdmin(admin.ModelAdmin):
    list_display = ["employee", year_plain, "jp", "source", "description", "completed_on"]
    list_filter = ["year", "source"]
    search_fields = ["employee__name", "employee__nip", "description"]
    autocomplete_fields = ["employee"]
    readonly_fields = ["enrollment"]


@admin.register(BudgetLine)
class BudgetLineAdmin(admin.ModelAdmin):
    list_display = ["program", fiscal_year_plain, "category", "pagu", "realisasi", "absorption", "over_pagu_flag"]
    list_filter = ["fiscal_year", "category", "source_of_funds"]
    search_fields = ["program__name", "note"]
    autocomplete_fields = ["program"]

    @admin.display(description=_("serapan (%)"))
    def absorption(self, obj: BudgetLine) -> str:
        pct = obj.absorption_pct
        return "–" if pct is None else f"{pct:.1f}".replace(".", ",")

    @admin.display(description=_("melebihi pagu"), boolean=True)
    def over_pagu_flag(self, obj: BudgetLine) -> bool:
        return obj.over_pagu

    def save_model(self, request: HttpRequest, obj: BudgetLine, form: Any, change: bool) -> None:
        line, warnings = services.budget_line_save(
            program=obj.program, fiscal_year=obj.fiscal_year, category=obj.category, pagu=obj.pagu,
            realisasi=obj.realisasi, source_of_funds=obj.source_of_funds, note=obj.note, by=request.user,
        )
        obj.pk = line.pk
        for warning in warnings:
            messages.warning(request, warning)


# --- issue 7: read-only views of certificates, strategies, experiments and ROI assumptions. Changes go
# through the pages under /program/ (services with audit), not the admin. ---


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ["employee", "title", "provider", "jp", "completed_on", "status", "uploaded_at"]
    list_filter = ["status", "completed_on"]
    search_fields = ["employee__name", "employee__nip", "title", "provider"]


@admin.register(Intervention)
class InterventionAdmin(ReadOnlyAdmin):
    list_display = ["kind", "offering", "unit", "started_on"]
    list_filter = ["kind"]
    search_fields = ["description", "offering__program__name", "unit__name"]


@admin.register(ReminderExperiment)
class ReminderExperimentAdmin(ReadOnlyAdmin):
    list_display = ["name", "offering", "seed", "created_at"]
    search_fields = ["name", "offering__program__name"]


@admin.register(BenefitAssumption)
class BenefitAssumptionAdmin(ReadOnlyAdmin):
    list_display = ["program", "hours_saved_per_participant", "hourly_cost", "isolation", "confidence"]
    search_fields = ["program__name", "description"]
