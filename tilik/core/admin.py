from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from tilik.core.models import AuditEvent, ConsentRecord, CorrectionRequest, Profile
from tilik.core.models_privacy import ProcessingRestriction

admin.site.site_header = "Tilik — Administrasi"
admin.site.site_title = "Tilik"
admin.site.index_title = "Administrasi Tilik"


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "unit", "employee", "language"]
    list_filter = ["role", "language"]
    search_fields = ["user__username", "employee__name", "employee__nip", "unit__name"]
    autocomplete_fields = ["unit", "employee"]
    actions = ["issue_2fa_enrolment_code"]

    @admin.action(description=_("Terbitkan kode pendaftaran verifikasi dua langkah"))
    def issue_2fa_enrolment_code(self, request: HttpRequest, queryset: Any) -> TemplateResponse:
        # Shown once on this page, for the admin to hand over in person or by phone (issue 19).
        from tilik.core.security.enrolment import CODE_VALID_HOURS, enrolment_code_issue

        codes = [(p.user, enrolment_code_issue(user=p.user, by=request.user)) for p in queryset.select_related("user")]
        context = {**self.admin_site.each_context(request), "codes": codes, "hours": CODE_VALID_HOURS}
        return TemplateResponse(request, "core/security/enrol_codes_issued.html", context)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit log can be viewed and filtered, never edited or deleted."""

    list_display = ["at", "actor_label", "action", "target_type", "target_repr"]
    list_filter = ["action", "target_type", "at"]
    search_fields = ["actor_label", "action", "target_repr", "target_id"]
    readonly_fields = [
        "at",
        "actor",
        "actor_label",
        "action",
        "target_type",
        "target_id",
        "target_repr",
        "detail",
    ]
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class _ReadOnlyAdmin(admin.ModelAdmin):
    """Written only through tilik.core.privacy services (audited); the admin shows them."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ConsentRecord)
class ConsentRecordAdmin(_ReadOnlyAdmin):
    list_display = ["at", "purpose", "given", "employee", "withdrawn_at"]
    list_filter = ["given", "purpose"]
    search_fields = ["purpose", "employee__nip", "employee__name"]


@admin.register(CorrectionRequest)
class CorrectionRequestAdmin(_ReadOnlyAdmin):
    list_display = ["created_at", "employee", "field", "status", "resolved_by", "resolved_at"]
    list_filter = ["status"]
    search_fields = ["employee__nip", "employee__name", "field"]


@admin.register(ProcessingRestriction)
class ProcessingRestrictionAdmin(_ReadOnlyAdmin):
    list_display = ["created_at", "employee", "status", "resolved_by", "resolved_at"]
    list_filter = ["status"]
    search_fields = ["employee__nip", "employee__name"]
