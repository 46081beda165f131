from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from tilik.core.models import AuditEvent, Profile

admin.site.site_header = "Tilik — Administrasi"
admin.site.site_title = "Tilik"
admin.site.index_title = "Administrasi Tilik"


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "unit", "employee"]
    list_filter = ["role"]
    search_fields = ["user__username", "employee__name", "employee__nip", "unit__name"]
    autocomplete_fields = ["unit", "employee"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit log can be viewed and filtered, never edited or deleted."""

    list_display = ["at", "actor_label", "action", "target_type", "target_repr"]
    list_filter = ["action", "target_type"]
    search_fields = ["actor_label", "action", "target_repr", "target_id"]
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
