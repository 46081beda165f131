from typing import Any

from django.contrib import admin

from tilik.jobs.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    """Read-only: who asked for what and how it went. The result file is not linked here (its download,
    audited, is on the job page, which admins may open)."""

    list_display = ["pk", "title", "owner", "status", "percent", "attempts", "created_at", "finished_at"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "owner__username"]
    exclude = ["result"]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
